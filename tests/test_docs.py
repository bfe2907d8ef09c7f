"""docs/rules.md and docs/workbooks.md are what docs/generate.py makes from the code: a
change to the rulebook, a setting or a sheet that is not regenerated (make docs) fails here."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[1] / "docs"


@pytest.fixture(scope="module")
def generate():
    spec = importlib.util.spec_from_file_location("generate", DOCS / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("name", ["rules", "workbooks"])
def test_committed_docs_are_generated_from_the_code(generate, name):
    made = getattr(generate, f"{name}_markdown")()
    committed = (DOCS / f"{name}.md").read_text(encoding="utf-8")
    assert committed == made, f"docs/{name}.md is out of date: run `make docs`"


def test_rules_doc_lists_every_code_and_every_reading(generate):
    from kaohe_excel.officebook.default_rules import default_rulebook
    from kaohe_excel.officebook.settings_sheet import SETTING_SPECS

    text = (DOCS / "rules.md").read_text(encoding="utf-8")
    assert all(f"| {code} |" in text for code in default_rulebook().rules)
    readings = [s.label for s in SETTING_SPECS if s.reading]
    assert readings and all(f"#### {label}\n" in text for label in readings)
