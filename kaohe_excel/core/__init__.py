"""The pure model of the 办法: records in, results out. Nothing here reads or writes a file or
imports a workbook library; readers and writers live in officebook/, reports/ and files/."""
