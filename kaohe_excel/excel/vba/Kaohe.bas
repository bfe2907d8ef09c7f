Attribute VB_Name = "Kaohe"
' The buttons of the control sheet. Each one runs a fixed Python entry point of the
' kaohe_excel package through xlwings' RunPython (the xlwings module of this project), never a
' module named after the workbook file, so a renamed workbook keeps working.
' Keep this file ASCII: the project's code page is 1252 and every message comes from Python.
Option Explicit

Public Const KAOHE_VBA_VERSION As String = "1"

Private Sub KaoheRun(action As String)
    RunPython "import kaohe_excel.excel as k; k." & action & "()"
End Sub

Public Sub KaoheMakeSelfcheck()
    KaoheRun "make_selfcheck"
End Sub

Public Sub KaoheCollectSelfcheck()
    KaoheRun "collect_selfcheck"
End Sub

Public Sub KaoheMonth()
    KaoheRun "month"
End Sub

Public Sub KaoheFinalize()
    KaoheRun "finalize"
End Sub

Public Sub KaoheQuarter()
    KaoheRun "quarter"
End Sub

Public Sub KaoheYear()
    KaoheRun "year"
End Sub

Public Sub KaoheCheck()
    KaoheRun "check"
End Sub
