"""The calendar domain: moments, their date rules, packs, public holidays, the agenda, ICS.

Pure (no I/O): packs arrive here already read and decoded (see :mod:`rtc_tui.calendar_files`).
:mod:`.rules` says when a moment falls, :mod:`.moments` is the model, :mod:`.occurrences`
lists a window, :mod:`.packs` validates packs, :mod:`.public_holidays` merges holidays,
:mod:`.agenda` is the desk's entry point and :mod:`.ics` reads and writes calendar files.
"""
