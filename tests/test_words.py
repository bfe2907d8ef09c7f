"""Chinese text is printed with full-width ，；：（） (issue 9): every string literal of the
program (what it can write into a workbook, page, message or log) and every text of the demo
year's output files is scanned for a half-width , ; : ( ) next to a Chinese character.

Not scanned: docstrings (for maintainers) and the patterns handed to `re` (they parse input).
"sheet!cell: message" keeps its half-width colon and space (a location, as in the README)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import openpyxl
import pytest
from demo_results import make_demo_year

PACKAGE = Path(__file__).resolve().parent.parent / "kaohe_excel"
CJK = "\u3400-\u9fff\uf900-\ufaff\u3001-\u303f\uff01-\uff5e“”‘’"
# a mark touching a Chinese character; a colon followed by a space is a location's
HALF = re.compile(f"(?<=[{CJK}])(?:[,;()]|:(?! ))|[,;:()](?=[{CJK}])")


def half_width(text: str) -> list[str]:
    """Each offending mark with a little of its context."""
    return [text[max(0, m.start() - 8):m.end() + 8] for m in HALF.finditer(text)]


def test_the_scanner_finds_what_it_should():
    assert half_width("参评人员 3 人(共 4 人)")
    assert half_width("有问题,未生成结果")
    assert half_width("阶梯 4:取消资格")
    assert not half_width("参评人员 3 人（共 4 人）；人员!C7: 未知窗口编号 W99")
    assert not half_width("1:-2, 2:-5 (P3-03) 2026-11")


def _literals(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip: set[int] = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if (isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
                and body and isinstance(body[0], ast.Expr)):
            skip.update(id(n) for n in ast.walk(body[0]))
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name) and node.func.value.id == "re"
                and node.args):
            skip.update(id(n) for n in ast.walk(node.args[0]))
    return [(n.lineno, n.value) for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in skip]


def test_no_string_of_the_program_has_half_width_marks_in_chinese_text():
    found = [f"{path.relative_to(PACKAGE.parent)}:{line}: {bad!r}"
             for path in sorted(PACKAGE.rglob("*.py"))
             for line, text in _literals(path) for bad in half_width(text)]
    found += [f"{path.relative_to(PACKAGE.parent)}: {bad!r}"
              for path in sorted((PACKAGE / "templates").rglob("*"))
              if path.suffix in (".txt", ".html", ".j2")
              for bad in half_width(path.read_text(encoding="utf-8"))]
    assert not found, "\n".join(found)


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> tuple[Path, list[str]]:
    return make_demo_year(tmp_path_factory.mktemp("words"))


def test_no_output_of_the_demo_year_has_half_width_marks_in_chinese_text(demo):
    book, printed = demo
    found = [f"(printed) {bad!r}" for line in printed for bad in half_width(line)]
    scanned = 0
    for path in sorted(book.parent.rglob("*.xlsx")):
        if path == book or "备份" in str(path) or path.name.startswith("考核工作簿"):
            continue  # the office's own book holds what people typed
        scanned += 1
        wb = openpyxl.load_workbook(path, read_only=True)
        for ws in wb.worksheets:
            for row in ws.iter_rows(values_only=True):
                for cell in row:
                    if isinstance(cell, str) and not cell.startswith("="):
                        found += [f"{path.name}!{ws.title}: {bad!r}" for bad in half_width(cell)]
        wb.close()
    assert scanned >= 8  # every kind of result workbook was read, not an empty folder
    assert not found, "\n".join(dict.fromkeys(found))
