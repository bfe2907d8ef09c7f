"""`python -m kaohe_excel.cli …`: the same as the `kaohe` command (for a PC whose Scripts folder
is not on PATH)."""

import sys

from .main import main

sys.exit(main())
