"""The window heads' monthly self-check workbooks (月度考评自查表).

`make.make_templates` writes one workbook per window; `collect.collect` reads the returned
ones, merges them into the office workbook's 台账 and writes the reconciliation workbook.
"""
