"""Reading the safety data files at the edge: lexicons, people lists, the checklist template.

The core never reads a file (:mod:`rtc_tui.core.safety` is pure); the desk calls these loaders
and hands the core decoded, compiled data. Every problem in a file is one line naming the file,
the line, the field and what is wrong.
"""

from rtc_tui.safety_files.checklist import load_template
from rtc_tui.safety_files.lexicon import LEXICON_DIR, PEOPLE_DIR, load_lexicon

__all__ = ["LEXICON_DIR", "PEOPLE_DIR", "load_lexicon", "load_template"]
