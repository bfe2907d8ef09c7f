"""The VBA project of the office workbook: our button module, xlwings' standalone module
(version pinned, see XLWINGS_VERSION) and the document modules Excel expects."""

from __future__ import annotations

import re
from importlib import resources

from .ovba import WORKBOOK_BASE, WORKSHEET_BASE, Module, vba_project

WORKBOOK_CODENAME = "ThisWorkbook"


def vba_source(name: str) -> str:
    return resources.files("kaohe_excel.excel").joinpath("vba").joinpath(f"{name}.bas").read_text("ascii")


def embedded_xlwings_version() -> str:
    """The xlwings version whose standalone VBA this package embeds."""
    found = re.search(r'XLWINGS_VERSION As String = "([^"]+)"', vba_source("xlwings"))
    assert found, "vba/xlwings.bas has no XLWINGS_VERSION"
    return found.group(1)


def embedded_kaohe_vba_version() -> str:
    found = re.search(r'KAOHE_VBA_VERSION As String = "([^"]+)"', vba_source("Kaohe"))
    assert found, "vba/Kaohe.bas has no KAOHE_VBA_VERSION"
    return found.group(1)


def sheet_codename(index: int) -> str:
    """What xlsxwriter's set_vba_name() gives the sheet at `index` (0-based)."""
    return f"Sheet{index + 1}"


def project_bin(sheet_count: int) -> bytes:
    """A vbaProject.bin for a workbook of `sheet_count` sheets."""
    modules = [Module(WORKBOOK_CODENAME, "", WORKBOOK_BASE)]
    modules += [Module(sheet_codename(i), "", WORKSHEET_BASE) for i in range(sheet_count)]
    modules += [Module("Kaohe", vba_source("Kaohe")), Module("xlwings", vba_source("xlwings"))]
    return vba_project(modules)
