"""Collect time for one form of 5k, 10k and 30k rows, and the time and memory of refusing a
bomb and a far cell (issue 13).

    .venv/bin/python benchmarks/collect_rows.py [--rows 5000 10000 30000]

Each measurement runs in a fresh process, so its peak memory (ru_maxrss) is its own.
The book is the small center of tests/selfcheck_helpers.py; W01's form gets N item rows.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests")]


def make_form(folder: Path, rows: int) -> tuple[Path, Path]:
    """The office book, its key and templates, and W01's form with `rows` item rows."""
    from selfcheck_helpers import NAMES, Form, make_book, template

    from kaohe_excel.core.periods import Month
    from kaohe_excel.selfcheck.make import make_templates

    book = make_book(folder)
    make_templates(book, Month(2026, 11))
    form = Form(template(book, "W01"))
    first = form.first_row("二、个人扣加分事项")
    window_title = form._title_row("三、窗口扣加分事项")
    have = window_title - 1 - first
    form.insert_rows(first + 1, rows - have + 1)
    cols = form.header("二、个人扣加分事项")
    ws = form.ws
    for i in range(rows):
        r = first + i
        ws.cell(r, cols["工号/姓名"]).value = ("1001", "1002", "1005")[i % 3]
        ws.cell(r, cols["日期"]).value = dt.date(2026, 11, 10 + i % 20)
        ws.cell(r, cols["规则编码"]).value = "B-07"
        ws.cell(r, cols["数量"]).value = 1
        ws.cell(r, cols["事项"]).value = f"简报第 {i} 期"
        ws.cell(r, cols["复核意见"]).value = "同意"
    form.sign("李四", "张三")
    back = folder / "回收"
    back.mkdir()
    form.save(back / NAMES["W01"])
    return book, back


def one_collect(rows: int) -> dict[str, float]:
    from kaohe_excel.core.periods import Month
    from kaohe_excel.files.preflight import preflight
    from kaohe_excel.selfcheck.collect import collect

    with tempfile.TemporaryDirectory() as tmp:
        book, back = make_form(Path(tmp), rows)
        form = next(back.iterdir())
        start = time.perf_counter()
        preflight(form)
        checked = time.perf_counter() - start
        start = time.perf_counter()
        c = collect(book, Month(2026, 11), back)
        took = time.perf_counter() - start
        merged = sum(len(w.ledger_rows) for w in c.windows)
        form_kb = form.stat().st_size // 1024
    return {"rows": rows, "merged": merged, "seconds": round(took, 2),
            "preflight_seconds": round(checked, 3), "form_kb": form_kb,
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024}


def one_refusal(kind: str) -> dict[str, object]:
    from hostile_helpers import bomb, part_of, put_far_cell
    from selfcheck_helpers import NAMES, make_book, template

    from kaohe_excel.core.periods import Month
    from kaohe_excel.errors import FileProblem
    from kaohe_excel.files.sheets import open_workbook
    from kaohe_excel.selfcheck.collect import collect
    from kaohe_excel.selfcheck.make import make_templates

    with tempfile.TemporaryDirectory() as tmp:
        book = make_book(Path(tmp))
        make_templates(book, Month(2026, 11))
        back = Path(tmp) / "回收"
        back.mkdir()
        form = back / NAMES["W02"]
        form.write_bytes(template(book, "W02").read_bytes())
        if kind == "far-cell-form":
            put_far_cell(form, "自查表")
        elif kind == "bomb-1GB-shared-strings":
            bomb(form, "xl/sharedStrings.xml", b"<sst><si><t>", b"A", 1 << 30, b"</t></si></sst>")
        elif kind == "far-cell-book":
            put_far_cell(book, "台账")
        elif kind == "bomb-blanks-sheet":
            bomb(form, part_of(form, "自查表"), b"<worksheet><sheetData><row r=\"1\">",
                 b'<c r="B2" s="1"/>', 1 << 30, b"</row></sheetData></worksheet>")
        size = (book if kind == "far-cell-book" else form).stat().st_size
        base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
        start = time.perf_counter()
        try:
            if kind == "far-cell-book":
                open_workbook(book)
                message = ""
            else:
                c = collect(book, Month(2026, 11), back)
                message = c.problem_lines[0] if c.problem_lines else ""
        except FileProblem as exc:
            message = str(exc)
        took = time.perf_counter() - start
    return {"kind": kind, "file_kb": size // 1024, "seconds": round(took, 3),
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
            "peak_before_mb": base, "message": message}


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--rows", type=int, nargs="*", default=[5000, 10000, 30000])
    p.add_argument("--one", help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.one:
        kind, _, value = args.one.partition("=")
        result = one_collect(int(value)) if kind == "rows" else one_refusal(value)
        print(json.dumps(result, ensure_ascii=False))
        return
    jobs = [f"rows={n}" for n in args.rows] + [
        f"refuse={k}" for k in ("far-cell-form", "far-cell-book", "bomb-1GB-shared-strings",
                                "bomb-blanks-sheet")]
    for job in jobs:
        out = subprocess.run([sys.executable, __file__, "--one", job], capture_output=True,
                             text=True, cwd=ROOT)
        print(out.stdout.strip() or out.stderr[-2000:], flush=True)


if __name__ == "__main__":
    main()
