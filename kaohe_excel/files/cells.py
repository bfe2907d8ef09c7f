"""Cell values as people really type them: "２", " 3 ", "3.0", "2026/11/5", "2026年11月".

Every parser returns a clean value or raises ValueError with a Chinese message that the
readers put behind `sheet!cell:`.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from functools import lru_cache

from ..core.periods import Month

EXCEL_EPOCH = dt.date(1899, 12, 30)  # day 0 of Excel's date numbers (1900 system)
_MAX_EXCEL_SERIAL = 2958465  # 9999-12-31


_HALF_PUNCT = re.compile("[,;:()]")
_FULL = {",": "，", ";": "；", ":": "：", "(": "（", ")": "）"}


def _is_cjk(char: str) -> bool:
    """A Chinese character or a full-width mark. A test in code, not a character class of a
    regex: a class with these ranges takes milliseconds to compile, on every start-up."""
    code = ord(char)
    return (0x3400 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF or 0x3001 <= code <= 0x303F
            or 0xFF01 <= code <= 0xFF5E or char in "“”‘’")


def _full_width(match: re.Match[str]) -> str:
    """A half-width mark next to a Chinese character, before or after it, as printed: （."""
    text, at = match.string, match.start()
    if (at > 0 and _is_cjk(text[at - 1])) or (at + 1 < len(text) and _is_cjk(text[at + 1])):
        return _FULL[match[0]]
    return match[0]


def normalize_text(value: object) -> str:
    """Text of a cell: full-width letters and digits folded (NFKC), outer blanks removed;
    punctuation between Chinese characters stays (or becomes) full-width, as it is printed.

    Integral numbers lose their ".0", so a 工号 typed as 1001 reads as "1001".
    """
    if type(value) is str:  # the common case first: ASCII text needs no NFKC
        if value.isascii():
            return value.strip()
        return _fold(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return repr(value)
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    return unicodedata.normalize("NFKC", str(value)).strip()


@lru_cache(maxsize=4096)
def _fold(text: str) -> str:
    """normalize_text of non-ASCII text. Cached: a sheet repeats its texts (个人, 巡查, a
    recorder's name) on thousands of rows; the bound keeps a province's 说明 from filling it."""
    folded = unicodedata.normalize("NFKC", text).strip()
    return _HALF_PUNCT.sub(_full_width, folded)


EXCEL_TEXT_LIMIT = 32767  # characters Excel keeps in one cell
_CONTROL = re.compile("[\x00-\x08\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def clean_text(value: object) -> str:
    """Free text (事项, 说明) as the person typed it: no NFKC, so （ and ① stay; Word's line
    break (vertical tab) and CR LF become a line feed; other control characters, which XML
    cannot hold, are dropped; outer blanks removed. Read and write-back use this same text."""
    if type(value) is not str:
        return normalize_text(value)
    text = value.replace("\r\n", "\n").replace("\r", "\n").replace("\x0b", "\n")
    return _CONTROL.sub("", text).strip()


def is_blank(value: object) -> bool:
    return value is None or value == "" or (isinstance(value, str) and not value.strip())


def parse_decimal(value: object) -> Decimal | None:
    """A number cell or number text; None when blank. ValueError when it is not a number."""
    if type(value) is float and value.is_integer() and -_FLOAT_LIMIT < value < _FLOAT_LIMIT:
        return Decimal(int(value))  # the common case: a whole number typed into a cell
    if value is None or value == "":
        return None  # the next most common: an empty cell
    if isinstance(value, (bool, dt.date, dt.datetime)):
        raise ValueError(f"不是数字：{normalize_text(value)}")
    if isinstance(value, int):
        return _bounded(Decimal(value), str(value))
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError("不是数字")
        # repr gives the shortest text that round-trips: 0.1 -> "0.1", never 0.1000000000000000055
        return _bounded(Decimal(repr(value)), repr(value))
    if isinstance(value, Decimal):
        return _bounded(value, str(value))
    text = normalize_text(value).replace(",", "")
    if not text:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"不是数字：{text}") from None
    if not number.is_finite():
        raise ValueError(f"不是数字：{text}")
    return _bounded(number, text)


LIMIT = Decimal(10) ** 9  # no count, day or point value comes near; beyond it is a typing slip
_FLOAT_LIMIT = 1e9  # the same bound, exact as a float: a float compared with a Decimal is slow


def _bounded(number: Decimal, text: str) -> Decimal:
    if abs(number) >= LIMIT:
        raise ValueError(f"数值过大：{text}")
    return number


_DATE_TEXT = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_DATE_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")


def parse_date(value: object) -> dt.date | None:
    """A date cell, date text (2026/11/5, 2026-11-05, 2026年11月5日, 20261105) or an
    Excel serial number left without a date format; None when blank."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 1 <= value <= _MAX_EXCEL_SERIAL and float(value).is_integer():
            return EXCEL_EPOCH + dt.timedelta(days=int(value))
        raise ValueError(f"不是日期：{normalize_text(value)}")
    text = normalize_text(value)
    if not text:
        return None
    text = text.split(" ")[0] if re.match(r"^\d{4}-\d{2}-\d{2}[ T]", text) else text
    text = text.split("T")[0]
    match = _DATE_TEXT.match(text) or _DATE_COMPACT.match(text)
    if not match:
        raise ValueError(f"不是日期：{text}")
    try:
        return dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        raise ValueError(f"不是日期：{text}") from None


_MONTH_TEXT = re.compile(r"^(\d{4})\s*(?:[-/.年]\s*(\d{1,2})\s*月?|(\d{2}))$")


def parse_month(value: object) -> Month | None:
    """2026-11, 2026年11月, 202611, 2026/11 or a date cell; None when blank."""
    if isinstance(value, (dt.date, dt.datetime)):
        return Month(value.year, value.month)
    text = normalize_text(value)
    if not text:
        return None
    match = _MONTH_TEXT.match(text)
    if match:
        month = int(match[2] or match[3])
        if 1 <= month <= 12:
            return Month(int(match[1]), month)
    else:
        try:
            day = parse_date(value)
        except ValueError:
            day = None
        if day is not None:
            return Month(day.year, day.month)
    raise ValueError(f"不是月份：{text} （可写作 2026-11、2026年11月 或 202611）")


def parse_fraction(value: object) -> Fraction:
    """A ratio setting: "1/2", "2/3", "18%", "0.15". Exact, so 2/3 is never 0.666…"""
    text = normalize_text(value).replace("％", "%")
    try:
        if text.endswith("%"):
            return Fraction(Decimal(text[:-1])) / 100
        return Fraction(text) if "/" in text else Fraction(Decimal(text))
    except (ValueError, ZeroDivisionError, InvalidOperation):
        raise ValueError(f"不是比例：{text} （可写作 1/2、2/3、18% 或 0.15）") from None
