"""Final months (审定): the archive folder beside the office workbook and its record format."""
