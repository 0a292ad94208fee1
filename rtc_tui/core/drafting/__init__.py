"""Drafting: the draft workflow, platform length rules and counting, readability."""
