"""Shared xlsxwriter set-up for every workbook we create: formats, titled tables, print set-up.

Text cells are always written as shared strings (write_string, or TableSheet's own row
writer) and the workbook refuses to turn strings into formulas, URLs or numbers, so text a
user typed ("=HYPERLINK(…)") stays text.

Every table prints on A4 the way the office files it: the title rows and the header repeat on
each page, no print gridlines (borders only on the table), 共 N 人 and 第 X 页 in the footer.
Column widths follow the content (each distinct value measured once); long text columns wrap
and their rows grow to show all of it; charts go below the table at the table's width. The
sizing happens when the workbook closes (`Workbook.close`), so the sheet writers only write
rows; a table's rows are kept until then and written to the sheet's XML in one pass.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.worksheet import Worksheet

from ..core.words import Grade
from .cells import EXCEL_TEXT_LIMIT

FONT = "等线"
FONT_SIZE = 10.5
LONG = 30  # a column given at least this width holds running text: it wraps
NARROWEST_TEXT = 8  # text columns wrap down to four Chinese characters when the page is short
NARROWEST_LONG = 20  # and running text (说明) down to ten
# what fits across A4 at a print scale of 86 % (10.5 pt prints as 9 pt), in column-width units
# as LibreOffice measures them (about 7.2 pt each, wider than Excel's), with 0.5" side margins
PAGE_UNITS = {True: 115, False: 78}  # landscape, portrait
LINE_PT = 14.5  # the height of one wrapped line of 10.5 pt text


def new_workbook(path: Path, big: bool = False) -> xlsxwriter.Workbook:
    """A workbook that writes user text as text. `big` streams rows to disk (constant memory)."""
    return Workbook(
        str(path),
        {
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
            "constant_memory": big,
            "in_memory": not big,  # small books: no temporary files, much faster to write
        },
    )


def period_properties(title: str, last_day: dt.date, subject: str = "") -> dict[str, object]:
    """The document properties of a period's workbook. Created: the period's last day, not
    the time of the run, so a re-run on the same data writes the same bytes and `kaohe mail`
    does not send a window the same result twice (xlsxwriter stamps the zip members itself)."""
    return {"title": title, "subject": subject, "author": "kaohe_excel",
            "created": dt.datetime.combine(last_day, dt.time())}


class Workbook(xlsxwriter.Workbook):  # type: ignore[misc]
    """Sizes every table sheet (widths, wrapped rows, charts, footer) just before saving."""

    def close(self) -> None:
        for ws in self.worksheets():
            table = _table(ws)
            if table is not None:
                table.finish()
        super().close()


@lru_cache(maxsize=1 << 16)
def text_width(text: str) -> int:
    """Columns `text` takes in Excel's units: a Chinese character is two. Cached: a result
    repeats its names, codes and rule texts thousands of times."""
    if text.isascii():
        return len(text)
    return len(text) + len(_WIDE_CHARS.findall(text))


# Unicode's East Asian Wide and Fullwidth characters (W, F) that are assigned, as generated
# from unicodedata (tests/test_print_widths.py checks it against unicodedata)
_WIDE_RANGES = (
    "\u1100-\u115f\u231a-\u231b\u2329-\u232a\u23e9-\u23ec\u23f0\u23f3\u25fd-\u25fe"
    "\u2614-\u2615\u2648-\u2653\u267f\u2693\u26a1\u26aa-\u26ab\u26bd-\u26be\u26c4-\u26c5"
    "\u26ce\u26d4\u26ea\u26f2-\u26f3\u26f5\u26fa\u26fd\u2705\u270a-\u270b\u2728\u274c"
    "\u274e\u2753-\u2755\u2757\u2795-\u2797\u27b0\u27bf\u2b1b-\u2b1c\u2b50\u2b55"
    "\u2e80-\u2e99\u2e9b-\u2ef3\u2f00-\u2fd5\u2ff0-\u2ffb\u3000-\u303e\u3041-\u3096"
    "\u3099-\u30ff\u3105-\u312f\u3131-\u318e\u3190-\u31e3\u31f0-\u321e\u3220-\u3247"
    "\u3250-\u4dbf\u4e00-\ua48c\ua490-\ua4c6\ua960-\ua97c\uac00-\ud7a3\uf900-\ufa6d"
    "\ufa70-\ufad9\ufe10-\ufe19\ufe30-\ufe52\ufe54-\ufe66\ufe68-\ufe6b\uff01-\uff60"
    "\uffe0-\uffe6\U0001f004\U0001f0cf\U0001f18e\U0001f191-\U0001f19a"
    "\U0001f200-\U0001f202\U0001f210-\U0001f23b\U0001f240-\U0001f248\U0001f250-\U0001f251"
    "\U0001f260-\U0001f265\U0001f300-\U0001f320\U0001f32d-\U0001f335\U0001f337-\U0001f37c"
    "\U0001f37e-\U0001f393\U0001f3a0-\U0001f3ca\U0001f3cf-\U0001f3d3\U0001f3e0-\U0001f3f0"
    "\U0001f3f4\U0001f3f8-\U0001f43e\U0001f440\U0001f442-\U0001f4fc\U0001f4ff-\U0001f53d"
    "\U0001f54b-\U0001f54e\U0001f550-\U0001f567\U0001f57a\U0001f595-\U0001f596\U0001f5a4"
    "\U0001f5fb-\U0001f64f\U0001f680-\U0001f6c5\U0001f6cc\U0001f6d0-\U0001f6d2"
    "\U0001f6d5-\U0001f6d7\U0001f6dd-\U0001f6df\U0001f6eb-\U0001f6ec\U0001f6f4-\U0001f6fc"
    "\U0001f7e0-\U0001f7eb\U0001f7f0\U0001f90c-\U0001f93a\U0001f93c-\U0001f945"
    "\U0001f947-\U0001f9ff\U0001fa70-\U0001fa74\U0001fa78-\U0001fa7c\U0001fa80-\U0001fa86"
    "\U0001fa90-\U0001faac\U0001fab0-\U0001faba\U0001fac0-\U0001fac5\U0001fad0-\U0001fad9"
    "\U0001fae0-\U0001fae7\U0001faf0-\U0001faf6\U00020000-\U0003fffd"
)
_WIDE_CHARS = re.compile("[" + "".join(_WIDE_RANGES) + "]")


def _shown(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是"
    if isinstance(value, (dt.date, dt.datetime)):
        return "2026-11-30"
    if isinstance(value, (int, float, Decimal)):
        return f"{value:.2f}" if not float(value).is_integer() else str(int(value))
    return str(value)


def _widest(value: object) -> int:
    """Columns the widest line of `value` takes as shown."""
    if type(value) is str and "\n" not in value:  # most values: a name, a code, a 说明
        return text_width(value)
    return max(map(text_width, _shown(value).split("\n")))


Cells = Sequence[tuple[object, "Format | None"]]


@dataclass(eq=False)
class _Table:
    """What table_sheet set up and write_row wrote, for the sizing at close."""

    ws: Worksheet
    head: int
    headers: Sequence[str]
    widths: Sequence[float]  # the caller's: an upper bound for running text, a hint otherwise
    landscape: bool
    noun: str
    styles: Styles
    subtitle: str = ""  # in row 2, across the table: it wraps to the table's width
    last: int = -1
    rows: dict[int, Cells] = field(default_factory=dict)  # kept until close (in memory)
    widest: list[int] = field(default_factory=list)  # by column: the widest value written
    texty: set[int] = field(default_factory=set)  # columns holding text: they wrap
    text_widths: dict[int, dict[str, int]] = field(default_factory=dict)  # by column, measured
    charts: list[tuple[object, int]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.widest = [0] * len(self.headers)
        self.last = self.head

    def long(self, col: int) -> bool:
        return col < len(self.widths) and self.widths[col] >= LONG

    def format_in(self, col: int, fmt: Format | None) -> Format | None:
        """`fmt` as a cell of `col` takes it: a text column's wraps."""
        return self.styles.wrapped(fmt) if fmt is not None and col in self.texty else fmt

    def streamed(self, row: int, cells: Cells) -> None:
        """A row already on its way to disk (constant memory): measure it now."""
        self.last = max(self.last, row)
        for col, (value, _fmt) in enumerate(cells[:len(self.widest)]):
            self.widest[col] = max(self.widest[col], _widest(value))
            if isinstance(value, str) and value:
                self.texty.add(col)

    def measure(self) -> None:
        """Widths and text columns of the kept rows: each distinct value measured once (a
        result repeats its names, codes and rule texts thousands of times)."""
        if not self.rows:
            return
        self.last = max(self.last, max(self.rows))
        for col in range(len(self.widest)):
            seen = {cells[col][0] for cells in self.rows.values() if len(cells) > col}
            seen.discard(None)
            if not seen:
                continue
            width_of = {value: _widest(value) for value in seen}
            self.widest[col] = max(self.widest[col], max(width_of.values()))
            texts = [value for value in seen if isinstance(value, str) and value]
            self.text_widths[col] = {text: width_of[text] for text in texts}
            if texts:
                self.texty.add(col)

    def sized(self) -> list[float]:
        """Content widths; running text shares what is left of the page."""
        out: list[float] = []
        for col, header in enumerate(self.headers):
            head = text_width(header)
            head = head if head <= 4 else max(4, -(-head // 2))  # headers wrap to two lines
            if not self.widest[col] and self.last > self.head:  # rows written past write_row
                out.append(float(self.widths[col]))
                continue
            want = max(self.widest[col], head, 3) + 1
            out.append(float(min(want, self.widths[col]) if self.long(col) else min(want, 40)))
        budget = PAGE_UNITS[self.landscape] - 0.7 * len(out)  # each column's padding
        # too wide: text wraps, in turns that keep running text readable: 说明 down to 36,
        # names down to 12, 说明 down to 20, names down to 8 (the widest first in each turn)
        long = [c for c in range(len(out)) if self.long(c)]
        names = [c for c in range(len(out)) if c in self.texty and not self.long(c)]
        over = sum(out) - budget
        for cols, floor in ((long, 36.0), (names, 12.0), (long, float(NARROWEST_LONG)),
                            (names, float(NARROWEST_TEXT))):
            over = _level_down(out, cols, floor, over)
        return out

    def heights(self, widths: list[float], hidden: set[int]) -> dict[int, int]:
        """Rows whose text wraps, with their number of lines (more than one): each distinct
        text's lines worked out once from the width measured for it."""
        many: dict[int, dict[object, int]] = {}  # by column: the texts of several lines
        for col in self.texty - hidden:
            per_line = max(int(widths[col]) - 1, 2)
            found: dict[object, int] = {}
            for text, width in self.text_widths.get(col, {}).items():
                if "\n" in text:
                    found[text] = _lines(text, widths[col])
                elif width > per_line:
                    found[text] = -(-width // per_line)
            if found:
                many[col] = found
        out: dict[int, int] = {}
        if not many:
            return out
        for row, cells in self.rows.items():
            most = max((lines.get(cells[col][0], 1) if col < len(cells) else 1
                        for col, lines in many.items()), default=1)
            if most > 1:
                out[row] = most
        return out

    def finish(self) -> None:
        ws = self.ws
        self.measure()
        widths = self.sized()
        hidden = {c for c, info in ws.col_info.items() if info.hidden}  # 年度评语's 程序草稿
        for col, width in enumerate(widths):
            ws.set_column(col, col, width, None, {"hidden": col in hidden})
        if any(text_width(h) > w - 1 for h, w in zip(self.headers, widths, strict=True)):
            ws.set_row(self.head, 2 * LINE_PT + 2)
        for row, lines in self.heights(widths, hidden).items():
            ws.set_row(row, LINE_PT * lines + 2)
        if self.subtitle:
            ws.set_row(1, LINE_PT * _lines(self.subtitle, sum(widths)) + 2)
        count = self.last - self.head
        ws.set_footer(f"&L共 {count} {self.noun}&R第 &P 页，共 &N 页")
        pixels = int(sum(7 * w + 5 for w in widths))
        row = self.last + 2
        for chart, height in self.charts:
            chart.set_size({"width": pixels, "height": height})  # type: ignore[attr-defined]
            ws.insert_chart(row, 0, chart, {"object_position": 3})
            row += -(-height // 20) + 1
        if self.rows:
            ws.keep()


def _level_down(out: list[float], cols: list[int], floor: float, over: float) -> float:
    """Narrow the widest of `cols` in `out` step by step, none below `floor`, until `over`
    units are saved or all are at the floor; returns what is still over."""
    while over > 0.01:
        wide = [c for c in cols if out[c] > floor + 0.01]
        if not wide:
            break
        top = max(out[c] for c in wide)
        widest = [c for c in wide if out[c] >= top - 0.01]
        level = max([floor, *(out[c] for c in wide if out[c] < top - 0.01)])
        cut = min(top - level, over / len(widest))
        for c in widest:
            out[c] -= cut
        over -= cut * len(widest)
    return over


def _lines(text: str, width: float) -> int:
    """Lines `text` wraps to in a column `width` units wide (a little slack for the border)."""
    per_line = max(int(width) - 1, 2)
    return sum(max(1, -(-text_width(part) // per_line)) for part in text.split("\n"))


def _table(ws: Worksheet) -> _Table | None:
    """The sizing record table_sheet left on `ws` (None for a sheet it did not make)."""
    return ws.sizing if isinstance(ws, TableSheet) else None


class TableSheet(Worksheet):  # type: ignore[misc]
    """A worksheet whose table rows are kept as (value, format) lists and written to the
    sheet's XML in one pass when the workbook is saved.

    Why: a month's 明细 has 2,000 rows for a center and 100,000 for a province, and
    xlsxwriter's per-cell objects and XML writer cost more than reading and scoring the
    whole book (benchmarks/RESULTS.md). Cells written the usual way (titles, headers, a
    cell written with write_cell) still go through xlsxwriter and are merged in row order.
    A streamed sheet (constant memory) writes every row the usual way."""

    sizing: _Table  # set by table_sheet

    def __init__(self) -> None:
        super().__init__()
        self._kept: dict[int, str] = {}  # row -> its <c> elements, made at close

    def keep(self) -> None:
        """Turn the table's kept rows into their <c> elements: the shared strings and the
        style indexes must exist before the workbook is assembled."""
        table, rows = self.sizing, self.sizing.rows
        table.rows = {}
        for row in [row for row in rows if self.table.get(row)]:  # xlsxwriter's cells too:
            for col, (value, fmt) in enumerate(rows.pop(row)):  # all of it the usual way
                write_cell(self, row, col, value, table.format_in(col, fmt))
        if not rows:
            return
        sst = self.str_table._get_shared_string_index
        letters = [xl_col_to_name(c) for c in range(max(map(len, rows.values())))]
        attrs: list[dict[Format | None, str]] = [{} for _ in letters]  # s="…" by format

        def style(fmt: Format | None, col: int) -> str:
            shown = table.format_in(col, fmt)
            attr = attrs[col][fmt] = f' s="{shown._get_xf_index()}"' if shown else ""
            return attr

        kept: dict[int, str] = {}
        for row, cells in rows.items():
            parts = []
            for col, (value, fmt) in enumerate(cells):
                s = attrs[col].get(fmt)
                if s is None:
                    s = style(fmt, col)
                cell = f'<c r="{letters[col]}{row + 1}"{s}'
                if type(value) is str and value:  # most cells: a name, a code, a 说明
                    if len(value) > EXCEL_TEXT_LIMIT // 2:
                        value = _excel_text(value)
                    parts.append(f'{cell} t="s"><v>{sst(value)}</v></c>')
                elif value is None or value == "":
                    if s:  # a blank with a format (its border)
                        parts.append(f"{cell}/>")
                elif isinstance(value, bool):
                    parts.append(f'{cell} t="s"><v>{sst("是" if value else "否")}</v></c>')
                elif isinstance(value, (int, float, Decimal)):
                    parts.append(f"{cell}><v>{float(value):.16G}</v></c>")
                elif isinstance(value, (dt.date, dt.datetime)):
                    parts.append(f"{cell}><v>{self._convert_date_time(value):.16G}</v></c>")
                else:  # an enum's text (等级, 状态) or any other value as text
                    parts.append(f'{cell} t="s"><v>{sst(_excel_text(str(value)))}</v></c>')
            kept[row] = "".join(parts)
        self._check_dimensions(min(kept), 0)
        self._check_dimensions(max(kept), len(letters) - 1)
        self._kept = kept

    def _write_rows(self) -> None:
        """xlsxwriter's rows and the kept rows in row order (no spans: they are optional,
        as in xlsxwriter's own constant-memory sheets)."""
        kept = self._kept
        if not kept:
            super()._write_rows()
            return
        cells = self.table  # xlsxwriter's: row -> {col: cell}
        info = self.row_info
        for row in sorted({*(r for r, c in cells.items() if c), *info, *self.comments, *kept}):
            if row in kept:
                self._write_row(row, None, info.get(row))
                self.fh.write(kept[row])
                self._xml_end_tag("row")
            elif cells.get(row):
                self._write_row(row, None, info.get(row))
                for col in sorted(cells[row]):
                    self._write_cell(row, col, cells[row][col])
                self._xml_end_tag("row")
            else:
                self._write_empty_row(row, None, info.get(row))


def _excel_text(text: str) -> str:
    """`text` cut to what one cell holds (32,767 UTF-16 units), as xlsxwriter cuts it."""
    if len(text) <= EXCEL_TEXT_LIMIT // 2:
        return text
    units = text.encode("utf-16-le")
    if len(units) <= 2 * EXCEL_TEXT_LIMIT:
        return text
    return units[:2 * EXCEL_TEXT_LIMIT].decode("utf-16-le", "ignore")


def rows_written(ws: Worksheet, last: int) -> None:
    """For rows written past write_row (streamed): the footer still counts them."""
    table = _table(ws)
    if table is not None:
        table.last = max(table.last, last)


def place_chart(ws: Worksheet, chart: object, height: int) -> None:
    """Put `chart` below the table, as wide as the table: it never widens the print area."""
    table = _table(ws)
    assert table is not None, "place_chart needs a table_sheet"
    table.charts.append((chart, height))


def _places(decimals: int) -> str:
    """Excel's number format for a score rounded to `decimals`: 0, 0.0, 0.00 …"""
    return "0" + ("." + "0" * decimals if decimals else "")


class Styles:
    """The handful of formats our sheets use, created once per workbook."""

    def __init__(self, wb: xlsxwriter.Workbook, person_decimals: int = 1, window_decimals: int = 2):
        """Scores show the decimals the office publishes (设置: 个人/窗口得分小数位)."""
        self._wb = wb
        self._props: dict[int, dict[str, object]] = {}
        self._wrapped: dict[int, Format] = {}
        base = {"font_name": FONT, "font_size": FONT_SIZE, "valign": "vcenter"}
        self.title = self._add({**base, "bold": True, "font_size": 14, "align": "left"})
        self.subtitle = self._add({**base, "font_color": "#595959"})
        self.subtitle_wrap = self._add({**base, "font_color": "#595959", "text_wrap": True,
                                        "valign": "top"})
        self.header = self._add({**base, "bold": True, "bg_color": "#DDEBF7", "border": 1,
                                     "align": "center", "text_wrap": True})
        self.text = self._add({**base, "border": 1})
        self.wrap = self._add({**base, "border": 1, "text_wrap": True})
        self.int = self._add({**base, "border": 1, "num_format": "0"})
        # 扣分 / 加分: one fixed format, so 0.15 and 5 line up as 0.15 and 5.00
        self.num = self._add({**base, "border": 1, "num_format": "0.00"})
        self.general = self._add({**base, "border": 1, "num_format": "General"})
        self.person = self._add({**base, "border": 1, "num_format": _places(person_decimals)})
        self.window = self._add({**base, "border": 1, "num_format": _places(window_decimals)})
        self.date = self._add({**base, "border": 1, "num_format": "yyyy-mm-dd"})
        self.above = self._add({**base, "border": 1, "bg_color": "#C6EFCE",
                                    "font_color": "#006100"})
        # 未达标 and 取消资格 / 退回 are bold too: a light fill vanishes in black-and-white print
        self.below = self._add({**base, "border": 1, "bg_color": "#FFC7CE",
                                    "font_color": "#9C0006", "bold": True})
        self.flag = self._add({**base, "border": 1, "bold": True})
        self.muted = self._add({**base, "border": 1, "font_color": "#595959"})
        self.plain = self._add(base)
        self.plain_wrap = self._add({**base, "text_wrap": True, "valign": "top"})

    def _add(self, props: dict[str, object]) -> Format:
        fmt = self._wb.add_format(props)
        self._props[id(fmt)] = props
        return fmt

    def wrapped(self, fmt: Format) -> Format:
        """`fmt` with text wrap, for a running-text column."""
        if fmt.text_wrap or id(fmt) not in self._props:
            return fmt
        found = self._wrapped.get(id(fmt))
        if found is None:
            found = self._wb.add_format({**self._props[id(fmt)], "text_wrap": True})
            self._wrapped[id(fmt)] = found
        return found

    def grade(self, grade: Grade | None) -> Format:
        """超标 green, 未达标 red, anything else plain."""
        if grade is Grade.ABOVE:
            return self.above
        return self.below if grade is Grade.BELOW else self.text


def write_cell(ws: Worksheet, row: int, col: int, value: object, fmt: Format | None) -> None:
    """Write by type; text never becomes a formula."""
    if value is None or value == "":
        ws.write_blank(row, col, None, fmt)
    elif isinstance(value, bool):
        ws.write_string(row, col, "是" if value else "否", fmt)
    elif isinstance(value, (int, float, Decimal)):
        ws.write_number(row, col, float(value), fmt)
    elif isinstance(value, (dt.date, dt.datetime)):
        ws.write_datetime(row, col, value, fmt)
    else:
        ws.write_string(row, col, str(value), fmt)


def table_sheet(
    wb: xlsxwriter.Workbook,
    styles: Styles,
    name: str,
    headers: Sequence[str],
    widths: Sequence[float],
    title: str | None = None,
    subtitle: str | None = None,
    landscape: bool = True,
    noun: str = "",
) -> tuple[Worksheet, int]:
    """A sheet with an optional title block, a header row, frozen panes and print set-up.
    Returns the sheet and the 0-based row index of its header.

    `widths`: for running text (>= LONG) the most it may take, it wraps within; other columns
    are sized to their content. `noun` counts the rows in the footer (共 57 人); by default 人
    when the table lists 工号, 个窗口 when it lists windows, else 条."""
    ws = wb.add_worksheet(name, worksheet_class=TableSheet)
    row = 0
    if title:
        ws.write_string(0, 0, title, styles.title)
        ws.set_row(0, 24)
        row = 1
        if subtitle:  # across the table and wrapped: a long one must not widen the page
            if len(headers) > 1:
                ws.merge_range(1, 0, 1, len(headers) - 1, subtitle, styles.subtitle_wrap)
            else:
                ws.write_string(1, 0, subtitle, styles.subtitle_wrap)
            row = 2
    for col, (header, width) in enumerate(zip(headers, widths, strict=True)):
        ws.set_column(col, col, width)
        ws.write_string(row, col, header, styles.header)
    ws.freeze_panes(row + 1, 0)
    ws.set_paper(9)  # A4
    if landscape:
        ws.set_landscape()
    ws.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.7)
    ws.fit_to_pages(1, 0)  # fit to width, as many pages as it takes
    ws.repeat_rows(0, row)  # the title with the header on every page
    ws.hide_gridlines(2)  # borders only on the table, on screen and on paper
    ws.set_default_row(LINE_PT + 3)  # LibreOffice's default squeezes 10.5 pt text
    if not noun:
        listed = set(headers)
        noun = ("人" if "工号" in listed else
                "个窗口" if "窗口编号" in listed and not listed & {"编号", "姓名", "规则编码"} else
                "条")
    ws.sizing = _Table(
        ws, row, tuple(headers), tuple(widths), landscape, noun, styles,
        subtitle=subtitle if title and subtitle else "")
    return ws, row


def write_row(ws: Worksheet, row: int, cells: Cells) -> None:
    """Write (value, format) pairs from column A on; a table sheet keeps them for sizing
    and writes them when the workbook is saved, and its running-text columns wrap."""
    table = _table(ws)
    if table is None:
        for col, (value, fmt) in enumerate(cells):
            write_cell(ws, row, col, value, fmt)
    elif not ws.constant_memory:
        table.rows[row] = cells
    else:  # streamed: on disk now, measured as it goes
        table.streamed(row, cells)
        for col, (value, fmt) in enumerate(cells):
            write_cell(ws, row, col, value, table.format_in(col, fmt))
