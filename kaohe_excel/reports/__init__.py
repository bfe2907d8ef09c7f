"""The result workbooks: the month (公示稿 / 审定稿), the quarter (and one per window), the year."""
