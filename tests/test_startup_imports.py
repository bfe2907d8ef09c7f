"""Each command imports only what it runs: a fresh process per command (as a user or a button
starts it), then its sys.modules against what that command may load. A heavy import that
creeps back into a path that does not need it fails here; the timings are in
benchmarks/startup.py and benchmarks/RESULTS.md."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

# libraries that only some commands need: each is allowed where it is listed
HEAVY = {"jinja2", "docxtpl", "docx", "xlwings", "openpyxl", "pandas", "lxml", "playwright",
         "keyring", "smtplib"}
ALLOWED_HEAVY = {
    "notices": {"jinja2", "docxtpl", "docx", "lxml"},
    "mail": {"jinja2", "smtplib", "keyring"},
}
# our own modules that belong to other commands; a month of a book without final months
# only asks archive.finals, and needs neither the quarter's awards nor the archive's store
NOT_FOR_MONTH = {"kaohe_excel.core.year", "kaohe_excel.reports.quarter",
                 "kaohe_excel.reports.year", "kaohe_excel.officebook.create",
                 "kaohe_excel.officebook.demo", "kaohe_excel.selfcheck.collect",
                 "kaohe_excel.selfcheck.template", "kaohe_excel.notices", "kaohe_excel.mail",
                 "kaohe_excel.excel.adapter", "kaohe_excel.core.quarter",
                 "kaohe_excel.core.awards", "kaohe_excel.archive.store",
                 "kaohe_excel.archive.record_json", "kaohe_excel.officebook.book_data"}

DRIVER = (
    "import json, sys\n"
    "from kaohe_excel.cli.main import main\n"
    "try:\n"
    "    code = main(sys.argv[1:])\n"
    "except SystemExit as exc:\n"
    "    code = exc.code\n"
    "print('@@' + json.dumps({'code': code, 'modules': sorted(sys.modules)}), file=sys.stderr)\n"
)


def _modules(*argv: object, cwd: Path, ok: tuple[int, ...] = (0,)) -> set[str]:
    proc = subprocess.run([sys.executable, "-c", DRIVER, *map(str, argv)], cwd=cwd,
                          capture_output=True, text=True, timeout=300)
    line = next(x for x in proc.stderr.splitlines() if x.startswith("@@"))
    found = json.loads(line[2:])
    # a command that failed early loads nothing: only a run that succeeded says anything
    assert found["code"] in (*ok, None), proc.stderr
    return set(found["modules"])


def _heavy(modules: set[str]) -> set[str]:
    return {m for m in modules if m.split(".")[0] in HEAVY}


@pytest.fixture(scope="module")
def book(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("startup")
    book = folder / "考核工作簿.xlsx"
    subprocess.run([sys.executable, "-m", "kaohe_excel.cli", "init", str(book), "--demo"],
                   check=True, capture_output=True)
    return book


def test_help_loads_no_scoring_and_no_writer(book):
    modules = _modules("--help", cwd=book.parent)
    assert not _heavy(modules)
    assert "xlsxwriter" not in modules and "python_calamine" not in modules
    assert "kaohe_excel.api" not in modules and "kaohe_excel.core.scoring" not in modules


def test_month_loads_the_month_and_nothing_else(book):
    modules = _modules("month", book, "--month", "2026-11", cwd=book.parent)
    assert "kaohe_excel.core.scoring" in modules  # it did run
    assert not _heavy(modules)
    assert not {m for m in modules if any(m == n or m.startswith(n + ".") for n in NOT_FOR_MONTH)}


@pytest.mark.parametrize("argv", [
    ("verify", "{book}"),
    ("quarter", "{book}", "--quarter", "2026Q4", "--allow-draft"),
    ("year", "{book}", "--year", "2026", "--allow-draft"),
    ("selfcheck", "make", "{book}", "--month", "2026-11", "--force"),
    ("excel", "check", "{book}"),
], ids=lambda a: " ".join(a[:2]))
def test_other_commands_load_no_heavy_library(book, argv):
    # excel check exits 1 when its report lists problems (an .xlsx book always has some)
    ok = (0, 1) if argv[0] == "excel" else (0,)
    modules = _modules(*(a.format(book=book) for a in argv), cwd=book.parent, ok=ok)
    assert not _heavy(modules), f"{argv[0]} loads {sorted(_heavy(modules))}"


def test_notices_load_the_template_libraries_only_for_notices(book):
    modules = _modules("notices", book, "--month", "2026-11", cwd=book.parent)
    assert "docxtpl" in modules  # it did render
    assert _heavy(modules) <= {m for m in modules if m.split(".")[0] in ALLOWED_HEAVY["notices"]}


def test_mail_loads_its_libraries_only_for_mail(book):
    from book_helpers import edit, row_of

    edit(book, "设置", f"B{row_of(book, '设置', '发件人邮箱')}", "dc@example.gov.cn")
    _modules("quarter", book, "--quarter", "2026Q4", "--allow-draft", cwd=book.parent)
    modules = _modules("mail", book, "--quarter", "2026Q4", "--dry-run", "--yes",
                       cwd=book.parent)
    assert "kaohe_excel.mail.run" in modules or "kaohe_excel.mail.plan" in modules  # it ran
    assert _heavy(modules) <= {m for m in modules if m.split(".")[0] in ALLOWED_HEAVY["mail"]}
    month = _modules("month", book, "--month", "2026-11", cwd=book.parent)
    assert not {m for m in month if m.startswith("kaohe_excel.mail")}
