"""Trending: ingesting refreshes, clustering and ranking, mutes and filters, triage."""
