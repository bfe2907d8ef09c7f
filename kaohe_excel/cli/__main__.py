"""`python -m kaohe_excel.cli …`: the same as the `kaohe` command (for a PC whose Scripts folder
is not on PATH)."""

from .main import run

run()
