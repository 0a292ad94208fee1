"""Trending sources: fetch over HTTP and parse into core events."""
