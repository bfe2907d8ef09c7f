"""The window heads' monthly self-check workbooks (月度考评自查表).

`make_templates` writes one workbook per window; `collect` reads the returned ones, merges
them into the office workbook's 台账 and writes the reconciliation workbook.
"""

from __future__ import annotations

from .collect import Collected, collect
from .make import Made, make_templates

__all__ = ["Collected", "Made", "collect", "make_templates"]
