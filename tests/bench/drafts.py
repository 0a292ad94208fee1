"""The benchmark's draft text: long, mixed Italian and English, with URLs, tags and emoji."""

from __future__ import annotations


def draft_text(length: int = 2000) -> str:
    """A realistic long draft (the same one in rtc's editor and in the bare TextArea)."""
    paragraph = (
        "Che finale ragazzi! L'Italia batte la Spagna 2-1 al 93' e vola in semifinale 🇮🇹⚽. "
        "Grazie a tutti per il tifo: https://www.figc.it/it/nazionali/ #ItaliaSpagna @figc. "
        "What a night in Berlin, the whole team deserves it, see example.com/report 👏🏽\n"
    )
    text = ""
    while len(text) < length:
        text += paragraph
    return text[:length].rstrip() + "\n"
