"""Excel's and Word's view of every file we write: each workbook, macro workbook and Word
document a demo year's commands write passes openxml-audit (the Open XML schemas and the
Office applications' own package rules) with no errors. LibreOffice opens files Excel refuses
or offers to "recover", so a LibreOffice round trip alone does not show this.

The outputs are built once per session (conftest.demo_year_outputs); a file written twice
with the same bytes (the 审定 copies of an unchanged office book) is checked once. A failure
names the file and its first finding.

Where openxml-audit and ISO/IEC 29500 disagree (found while writing this test):

- `<w:tblHeader w:val="true"/>` (repeat a table's header row on each page) is reported as
  "Value 'true' is not in allowed values: ['off', 'on']". ISO 29500-1 (transitional) types the
  attribute as ST_OnOff, the union of xsd:boolean and on/off, so "true" is valid there and
  LibreOffice honours it; openxml-audit follows Microsoft's Open XML SDK schema, which types
  tblHeader as CT_OnOffOnly (on/off only), i.e. Word's own reading. We write what Word writes,
  `<w:tblHeader/>` (no val means on), which both accept (notices/template_maker.py).
  test_tbl_header_true_is_refused pins the finding.
- `<font>` children in an order other than b, i, …, sz, color, name, family, charset, scheme
  are "Unexpected element": ISO 29500-1 §18.8.22 CT_Font is an xsd:choice (any order), the SDK
  schema a sequence. Only openpyxl writes fonts in another order; we never save with openpyxl,
  but the tests' returned self-check forms are (as a head's Excel would save them), which is
  why they are not in the check (they are not ours) — test_openpyxl_font_order_is_refused.
- The stock python-docx template carries a Word 2010 `stylesWithEffects` part; once styles are
  added to styles.xml the check reports "styles.xml contains N style(s) not in
  stylesWithEffects … Word may treat this as unreadable content" (an app-compat rule, not a
  schema one; no Word here to confirm it). Word 2013+ no longer writes that part, so the
  templates drop it rather than keep a stale copy; the check then agrees.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from demo_outputs import BUTTONS, COLLECTED, CRITICIZED, RETURNED, SNAPSHOTS, TEMPLATES, YEAR
from openxml_audit import OpenXmlValidator, ValidationSeverity

pytestmark = pytest.mark.slow  # the demo year and ~110 files: about a minute

# what the commands write, as globs under the demo folder: id -> (kind, globs, at least how many)
KINDS: dict[str, tuple[str, tuple[str, ...], int]] = {
    "book-init": ("考核工作簿(init 后)", (f"{SNAPSHOTS}/考核工作簿_init后.xlsx",), 1),
    "book-collected": ("考核工作簿(自查收集后)", (f"{SNAPSHOTS}/考核工作簿_自查收集后.xlsx", "考核工作簿.xlsx"), 2),
    "book-backup": ("考核工作簿备份", ("考核工作簿_备份/*.xlsx",), 1),
    "selfcheck-forms": ("自查表", (f"自查表/{COLLECTED}/*.xlsx",), 12),
    "selfcheck-reconcile": ("自查核对表", (f"自查核对_{COLLECTED}.xlsx",), 1),
    "month-drafts": ("月度结果(公示稿)", ("月度考评结果_*_公示稿.xlsx",), 3),
    "quarters": ("季度结果", (f"季度考评结果_{YEAR}Q?.xlsx",), 4),
    "quarter-windows": ("各窗口季度结果", (f"季度考评结果_{YEAR}Q?_各窗口/*.xlsx",), 48),
    "year": ("年度结果", (f"年度考评结果_{YEAR}.xlsx",), 1),
    "year-units": ("各派出单位年度结果", (f"年度考评结果_{YEAR}_各派出单位/*.xlsx",), 12),
    "archives": ("审定存档", ("考评结果/*/*.xlsx",), 24),
    "xlsm-book": ("带按钮的考核工作簿(.xlsm)", (f"{SNAPSHOTS}/*.xlsm",
                                               f"{BUTTONS}/考核工作簿.xlsm",
                                               f"{BUTTONS}/考核工作簿_备份/*.xlsm"), 5),
    "xlsm-upgraded": ("由 .xlsx 升级的 .xlsm(kaohe excel upgrade)", ("考核工作簿.xlsm",), 1),
    "xlsm-selfcheck": (".xlsm 的自查表和核对表", (f"{BUTTONS}/自查表/{COLLECTED}/*.xlsx",
                                                f"{BUTTONS}/自查核对_{COLLECTED}.xlsx"), 13),
    "notices-month-draft": ("月度通知(公示)", (f"通报/{COLLECTED}/*.docx",), 1),
    "notices-month-final": ("月度通知(公布、通报批评)", (f"通报/{CRITICIZED}/*.docx",), 2),
    "notices-quarter": ("季度通知(表彰通报、光荣榜、退回原单位函)", (f"通报/{RETURNED}/*.docx",), 3),
    "notices-year": ("年度通知(报告、反馈函)", (f"通报/{YEAR}/*.docx",), 13),
    "notice-templates": ("复制出的通知模板", (f"{TEMPLATES}/*.docx",), 8),
}

_validator: OpenXmlValidator | None = None
_checked: dict[tuple[str, str], list[str]] = {}  # (suffix, sha256) of a file -> its findings


def findings(path: Path) -> list[str]:
    """openxml-audit's errors for `path` (warnings are advice on what Excel rewrites on save,
    not faults), each as "part:xpath: description"."""
    global _validator
    # the suffix is part of the key: the same bytes are valid as .xlsx and not as .xlsm
    digest = (path.suffix.lower(), hashlib.sha256(path.read_bytes()).hexdigest())
    if digest not in _checked:
        _validator = _validator or OpenXmlValidator()
        result = _validator.validate(path)
        _checked[digest] = [str(e) for e in result.errors
                            if e.severity == ValidationSeverity.ERROR]
    return _checked[digest]


def first_finding(path: Path, root: Path) -> str | None:
    """None for a clean file, else the file (relative to `root`) and its first finding."""
    found = findings(path)
    if not found:
        return None
    more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
    return f"{path.relative_to(root).as_posix()}: {found[0]}{more}"


def _files(root: Path, globs: tuple[str, ...]) -> list[Path]:
    return sorted({p for g in globs for p in root.glob(g)})


@pytest.mark.parametrize("kind_id", list(KINDS))
def test_every_file_we_write_passes(demo_year_outputs: Path, kind_id: str) -> None:
    kind, globs, at_least = KINDS[kind_id]
    files = _files(demo_year_outputs, globs)
    assert len(files) >= at_least, f"{kind}: {len(files)} files for {globs}"
    faults = [f for f in (first_finding(p, demo_year_outputs) for p in files) if f]
    assert not faults, f"{kind}: {len(faults)} of {len(files)} files fail; {faults[0]}"


def test_every_open_xml_file_is_in_a_kind(demo_year_outputs: Path) -> None:
    """A new output the commands start writing is checked too, or this fails (only the forms
    returned by hand in 回收/ are not ours)."""
    covered = {p for _, globs, _ in KINDS.values() for p in _files(demo_year_outputs, globs)}
    written = {p for ext in ("xlsx", "xlsm", "docx") for p in demo_year_outputs.rglob(f"*.{ext}")
               if "回收" not in p.parts}
    assert sorted(p.relative_to(demo_year_outputs).as_posix() for p in written - covered) == []


# --- the check fails when it should ----------------------------------------------------------

def _rewrite(src: Path, dst: Path, member: str, change: Callable[[str], str]) -> Path:
    """A copy of the package `src` with one XML member changed."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == member:
                data = change(data.decode("utf-8")).encode("utf-8")
            zout.writestr(info, data)
    return dst


def test_an_xlsx_under_an_xlsm_name_is_named_with_its_finding(demo_year_outputs: Path,
                                                               tmp_path: Path) -> None:
    """The fault the check first found: an ordinary workbook saved as .xlsm, which Excel
    refuses ("the file format or file extension is not valid")."""
    fake = tmp_path / "考核工作簿.xlsm"
    shutil.copy(demo_year_outputs / f"{SNAPSHOTS}/考核工作簿_init后.xlsx", fake)
    message = first_finding(fake, tmp_path)
    assert message is not None
    assert message.startswith("考核工作簿.xlsm: ")
    assert "spreadsheetml.sheet.main+xml" in message and "'.xlsm'" in message


def test_elements_out_of_schema_order_are_found(demo_year_outputs: Path,
                                                tmp_path: Path) -> None:
    """sheetData moved before sheetViews: LibreOffice reads it, Excel offers to repair it."""
    def move(xml: str) -> str:
        data = re.search(r"<sheetData>.*</sheetData>|<sheetData/>", xml, re.S)
        assert data is not None
        xml = xml.replace(data[0], "")
        at = xml.index("<sheetViews")
        return xml[:at] + data[0] + xml[at:]

    src = demo_year_outputs / f"年度考评结果_{YEAR}.xlsx"
    planted = _rewrite(src, tmp_path / "年度考评结果.xlsx", "xl/worksheets/sheet1.xml", move)
    message = first_finding(planted, tmp_path)
    assert message is not None and message.startswith("年度考评结果.xlsx: ")
    assert "/xl/worksheets/sheet1.xml" in message and "Unexpected element" in message


def test_tbl_header_true_is_refused(demo_year_outputs: Path, tmp_path: Path) -> None:
    """The first disagreement in the module docstring: val="true" (valid ISO 29500) fails,
    the attribute-less form we write passes."""
    src = next((demo_year_outputs / "通报" / RETURNED).glob("光荣榜_*.docx"))
    with zipfile.ZipFile(src) as z:
        assert "<w:tblHeader/>" in z.read("word/document.xml").decode()
    planted = _rewrite(src, tmp_path / "光荣榜.docx", "word/document.xml",
                       lambda xml: xml.replace("<w:tblHeader/>", '<w:tblHeader w:val="true"/>'))
    message = first_finding(planted, tmp_path)
    assert message is not None
    assert "tblHeader" in message and "'true' is not in allowed values" in message


def test_openpyxl_font_order_is_refused(demo_year_outputs: Path) -> None:
    """The second disagreement: a form saved by openpyxl (as the tests return them) fails on
    its font element order only, which ISO 29500's CT_Font (xsd:choice) allows."""
    (returned,) = (demo_year_outputs / "回收").glob("*.xlsx")
    found = findings(returned)
    assert found and all(re.search(r"/xl/styles\.xml:/styleSheet\[1\]/fonts\[1\]/font\[\d+\]: "
                                   r"Unexpected element '\w+' found", f) for f in found), found
