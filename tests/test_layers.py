"""The package's layers, as the README's maintainer section draws them, enforced on the source.

A module may import only from the packages its layer allows; the pure core imports no
workbook library and nothing that reads or writes files. Read from the AST, so a lazy import
inside a function counts as much as one at the top.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "kaohe_excel"

# layer -> the layers of kaohe_excel it may import (besides itself); "" is a top-level module
ALLOWED: dict[str, set[str]] = {
    "core": {"errors"},
    "files": {"core", "errors"},
    "officebook": {"core", "files", "errors"},
    "reports": {"core", "files", "officebook", "errors"},
    "archive": {"core", "files", "errors"},
    "selfcheck": {"core", "files", "officebook", "errors"},
    "notices": {"core", "files", "officebook", "reports", "archive", "errors", "api"},
    "mail": {"core", "files", "officebook", "reports", "archive", "errors", "api", "notices"},
    "api": {"core", "files", "officebook", "reports", "archive", "selfcheck", "errors",
            "notices", "mail"},
    "excel": {"api", "core", "files", "officebook", "errors", "selfcheck", "mail", "notices"},
    "cli": {"api", "core", "files", "officebook", "errors", "selfcheck", "excel", "notices",
            "mail", "archive"},
    "errors": set(),
    "__init__": {"api", "core", "errors"},
}
# third-party libraries no module of the core may import: it touches no file format
CORE_FORBIDDEN = {"python_calamine", "xlsxwriter", "openpyxl", "defusedxml", "docxtpl", "docx",
                  "jinja2", "xlwings", "pandas", "zipfile", "tempfile", "shutil", "smtplib"}


def _layer(path: Path) -> str:
    rel = path.relative_to(PACKAGE)
    return rel.parts[0] if len(rel.parts) > 1 else rel.stem


def _imports(path: Path) -> list[tuple[int, str]]:
    """(line, absolute module) for every import in the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = ["kaohe_excel", *path.relative_to(PACKAGE).parent.parts]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
                if not node.module:  # from . import a, b: each name may be a module
                    found += [(node.lineno, f"{module}.{a.name}") for a in node.names]
                    continue
            else:
                module = node.module or ""
            found.append((node.lineno, module))
    return found


MODULES = sorted(p for p in PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_each_module_imports_only_what_its_layer_allows(path):
    layer = _layer(path)
    assert layer in ALLOWED, f"{path.relative_to(PACKAGE)}: a layer the README does not draw"
    wrong = []
    for line, module in _imports(path):
        parts = module.split(".")
        if parts[0] == "kaohe_excel" and len(parts) > 1:
            target = parts[1]
            if target != layer and target not in ALLOWED[layer]:
                wrong.append(f"line {line}: {module}")
        elif layer == "core" and parts[0] in CORE_FORBIDDEN:
            wrong.append(f"line {line}: {module} (the core touches no file format)")
    assert not wrong, f"{path.relative_to(PACKAGE)} ({layer}) imports " + "; ".join(wrong)


def _graph() -> dict[str, set[str]]:
    names = {".".join(("kaohe_excel", *p.relative_to(PACKAGE).with_suffix("").parts))
             .removesuffix(".__init__"): p for p in MODULES}
    graph: dict[str, set[str]] = {}
    for name, path in names.items():
        graph[name] = set()
        for _, module in _imports(path):
            while module and module not in names:
                module = module.rpartition(".")[0]
            if module and module != name and names[module].name != "__init__.py":
                graph[name].add(module)
    return graph


def test_no_import_cycles():
    graph = _graph()
    cycles = []

    def visit(node: str, stack: list[str], done: set[str]) -> None:
        for nxt in sorted(graph[node]):
            if nxt in stack:
                cycles.append(" -> ".join(stack[stack.index(nxt):] + [nxt]))
            elif nxt not in done:
                visit(nxt, [*stack, nxt], done)
        done.add(node)

    done: set[str] = set()
    for start in sorted(graph):
        if start not in done:
            visit(start, [start], done)
    assert not cycles, "import cycles: " + "; ".join(sorted(set(cycles)))


def test_the_core_is_strictly_typed():
    """mypy --strict on core/: the model every other layer builds on has no untyped corner."""
    import shutil
    import subprocess
    import sys

    if shutil.which("mypy") is None and not (Path(sys.executable).parent / "mypy").exists():
        pytest.skip("mypy is not installed (pip install -e '.[test]')")
    proc = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--follow-imports=silent",
         "--no-error-summary", str(PACKAGE / "core")],
        capture_output=True, text=True, cwd=PACKAGE.parent)
    assert proc.returncode == 0, proc.stdout + proc.stderr
