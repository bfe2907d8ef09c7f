"""Which zip member holds which worksheet: read from workbook.xml and its relationships."""

from __future__ import annotations

import posixpath
import zipfile


def sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """{sheet name: zip member of its XML} ("" when the workbook's relationship is missing)."""
    from defusedxml import ElementTree

    ns_main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    ns_rel = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target", "") for r in rels}
    parts = {}
    for sheet in workbook.iter(f"{ns_main}sheet"):
        target = targets.get(sheet.get(f"{ns_rel}id"), "")
        if target:  # relative to xl/, or absolute within the package
            target = target.lstrip("/") if target.startswith("/") \
                else posixpath.normpath(posixpath.join("xl", target))
        parts[sheet.get("name", "")] = target
    return parts
