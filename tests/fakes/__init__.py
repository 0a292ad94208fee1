"""Fake network servers on 127.0.0.1 implementing the documented shapes of Mastodon and Bluesky."""
