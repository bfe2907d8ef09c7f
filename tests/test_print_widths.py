"""The width the print layout gives a text is Unicode's: a Wide or Fullwidth character takes two
columns, any other one. files/xlsx.py keeps those characters as a generated character class
(one regular-expression search per text instead of a lookup per character); this checks the
class against unicodedata for every assigned character it covers."""

from __future__ import annotations

import unicodedata

import pytest

from kaohe_excel.files.xlsx import text_width

CODES = [c for c in (*range(0x10000), *range(0x1F000, 0x1FB00), 0x20000, 0x2A6DF, 0x30000)
         if unicodedata.category(chr(c)) not in ("Cn", "Cs")]


def test_every_assigned_character_has_unicodes_width():
    wrong = [hex(c) for c in CODES
             if text_width(chr(c)) != (2 if unicodedata.east_asian_width(chr(c)) in "WF" else 1)]
    assert wrong == []


@pytest.mark.parametrize(("text", "width"), [
    ("P1-03", 5), ("着装不规范", 10), ("（注）①号窗口", 13), ("２０２６年", 10), ("a\u00d7b", 3),
])
def test_widths_people_write(text, width):
    assert text_width(text) == width
