"""The office workbook (考核工作簿): its sheet names and headers, reading it into records,
creating it (with the default rulebook and the demo center), and editing its 台账 in place."""
