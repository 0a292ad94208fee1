"""The safety domain: findings, lexicon matching, context rules, the checklist and its gate.

Everything here is pure: lexicons and checklist templates are read from files by
:mod:`rtc_tui.safety_files` at the edge and handed in already decoded.
"""
