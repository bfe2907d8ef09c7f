"""The shared file layer: atomic saving, Windows-safe file names, xlsxwriter styles, reading
sheets with python-calamine, and cell values as people type them."""
