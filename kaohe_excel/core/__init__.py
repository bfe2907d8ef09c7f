"""The pure model of the 办法: records in, results out. Nothing here reads or writes a file or
imports a workbook library; readers and writers live in officebook/, reports/ and files/.

Records compare by identity (`eq=False`) unless something compares their values (Month,
Event, Action): Python compiles every generated dataclass method at import, and a command's
start-up is part of every wait."""
