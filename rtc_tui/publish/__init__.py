"""Posting to Mastodon and Bluesky, deleting, and reading back counts and replies.

Like :mod:`rtc_tui.sources`, this layer speaks HTTP (httpx) and nothing else: no UI, no desk, no
store. The decisions (what is due, what a crisis holds, how long a post may be, where its
facets are) are pure functions in :mod:`rtc_tui.core.publish`.
"""
