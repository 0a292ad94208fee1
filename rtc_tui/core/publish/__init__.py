"""Publishing, in pure domain terms: what a post looks like on each network, and when it goes.

Nothing here does I/O beyond reading the shipped sentiment lexicon: the network clients live in
:mod:`rtc_tui.publish`, persistence and the user actions in the store and the desk. Keeping the
decisions here (which posts are due, which are stale, which a crisis holds, how a reply feels)
means they are tested without a server and shared by the app and ``rtc publish --due``.
"""
