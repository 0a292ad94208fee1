"""``--json`` output: the text the standard library's indented JSON gives, written faster."""

from __future__ import annotations

import json

import pytest

from rtc_tui.cli.common import print_json


def test_rows_print_as_indented_utf8_json(capsys: pytest.CaptureFixture[str]) -> None:
    rows = [
        {
            "id": "a1",
            "title": 'Sanremo: "vince" l\'Italia 🇮🇹 — perché\tsì\n',
            "score": 0.123456789,
            "categories": [],
            "extra": {},
            "url": None,
            "pinned": True,
            "draft_ids": [1, 20],
        },
        {"id": "b2", "title": "\x01 controllo \u2028", "score": 2.5, "nested": [{"k": [{}]}]},
    ]
    print_json(rows)
    printed = capsys.readouterr().out
    assert printed == json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
    assert "🇮🇹" in printed  # not escaped
    print_json([])
    assert capsys.readouterr().out == "[]\n"
