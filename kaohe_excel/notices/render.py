"""Filling a template: one function per format, knowing nothing of what the document means
beyond the context it is given. Every value is escaped (docxtpl and Jinja autoescape), so
`&`, `<`, quotes and `{{` in a name or a note come out as text."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import jinja2
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.table import Table
from docxtpl import DocxTemplate

from ..errors import KaoheError
from ..files.saving import Saved, write_atomically


class TemplateProblem(KaoheError):
    """A template that cannot be filled: bad Jinja tags or a field the program does not give."""


def undeclared(template: DocxTemplate, context: Mapping[str, Any]) -> set[str]:
    """The template's variables that `context` does not provide."""
    return set(template.get_undeclared_template_variables(context=dict(context)))


def render_docx(template: Path, context: Mapping[str, Any], out: Path) -> Saved:
    try:
        doc = DocxTemplate(str(template))
        missing = undeclared(doc, context)
        if missing:
            raise TemplateProblem(f"模板 {template} 用到了程序不提供的字段："
                                  + "、".join(sorted(missing)))
        doc = DocxTemplate(str(template))  # a fresh copy: the check above parsed this one
        doc.render(dict(context), autoescape=True)
        for table in doc.docx.tables:
            fit_columns(table)
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateProblem(f"模板 {template} 的标记有误（第 {exc.lineno} 处：{exc.message}），"
                              "请检查 {{ }} 和 {% %} 是否成对") from None
    except jinja2.UndefinedError as exc:
        raise TemplateProblem(f"模板 {template} 用到了程序不提供的字段（{exc.message}）") from None
    return write_atomically(out, lambda tmp: _save_steady(doc, tmp))


ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)  # what xlsxwriter stamps on its members too


def _save_steady(doc: DocxTemplate, path: Path) -> None:
    """Save with every zip member dated 1980-01-01 (python-docx stamps the time of the run),
    so the same data and 成文日期 make the same bytes and `kaohe mail` does not take a
    re-made letter for a new one."""
    buffer = io.BytesIO()
    doc.save(buffer)
    with zipfile.ZipFile(buffer) as made, zipfile.ZipFile(path, "w") as steady:
        for member in made.infolist():
            info = zipfile.ZipInfo(member.filename, ZIP_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = member.external_attr
            steady.writestr(info, made.read(member))


FIT_COLUMNS = "kaohe:fit-columns"  # template_maker's mark on tables whose columns loop


def _text_width(text: str) -> float:
    """In half-em units, plus the cell's padding."""
    return sum(2 if ord(ch) > 0x2E7F else 1.2 for ch in text) + 2


def fit_columns(table: Table) -> None:
    """Share a marked table's width among its columns by their longest text, as Word's
    autofit would (LibreOffice keeps the equal columns a column loop leaves)."""
    description = table._tbl.tblPr.find(qn("w:tblDescription"))
    if description is None or description.get(qn("w:val")) != FIT_COLUMNS:
        return
    grid = table._tbl.tblGrid.findall(qn("w:gridCol"))
    rows = [row.findall(qn("w:tc")) for row in table._tbl.findall(qn("w:tr"))]
    if not grid or any(len(cells) != len(grid) for cells in rows):
        return  # merged cells: leave the table as it is
    total = sum(int(c.get(qn("w:w")) or 0) for c in grid)
    if not total:
        return
    need = [max(4, *(_text_width("".join(t.text or "" for t in cells[i].iter(qn("w:t"))))
                     for cells in rows)) for i in range(len(grid))]
    widths = [int(total * n / sum(need)) for n in need]
    for col, width in zip(grid, widths, strict=True):
        col.set(qn("w:w"), str(width))
    for cells in rows:
        for cell, width in zip(cells, widths, strict=True):
            tc_pr = cell.get_or_add_tcPr()
            tc_w = tc_pr.find(qn("w:tcW"))
            if tc_w is None:
                tc_w = OxmlElement("w:tcW")
                tc_pr.insert(0, tc_w)
            tc_w.set(qn("w:w"), str(width))
            tc_w.set(qn("w:type"), "dxa")


def html_environment(folder: Path) -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(folder)),
        autoescape=jinja2.select_autoescape(("html", "htm", "j2"), default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True, lstrip_blocks=True,
    )


def render_html(template: Path, context: Mapping[str, Any], out: Path) -> Saved:
    try:
        text = html_environment(template.parent).get_template(template.name).render(context)
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateProblem(f"模板 {template} 第 {exc.lineno} 行标记有误：{exc.message}") from None
    except jinja2.UndefinedError as exc:
        raise TemplateProblem(f"模板 {template} 用到了程序不提供的字段（{exc.message}）") from None
    def write(tmp: Path) -> None:
        tmp.write_text(text, encoding="utf-8")

    return write_atomically(out, write)
