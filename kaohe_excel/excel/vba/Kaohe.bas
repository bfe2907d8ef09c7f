Attribute VB_Name = "Kaohe"
' The buttons of the control sheet. Each one runs a fixed Python entry point of the
' kaohe_excel package through xlwings' RunPython (the xlwings module of this project), never a
' module named after the workbook file, so a renamed workbook keeps working.
' Keep this file ASCII: the project's code page is 1252 and every message comes from Python.
Option Explicit

Public Const KAOHE_VBA_VERSION As String = "2"

Private Sub KaoheRun(action As String)
    RunPython "import kaohe_excel.excel as k; k." & action & "()"
End Sub

' The macro of every button: Python finds the action by the button's caption, so a later
' action needs a button with this macro, not new VBA. The caption goes over as \uXXXX escapes
' (the command line RunPython builds is not safe for non-ASCII text).
Public Sub KaoheButton()
    Dim label As String
    On Error Resume Next
    label = ActiveSheet.Buttons(Application.Caller).Caption
    On Error GoTo 0
    RunPython "import kaohe_excel.excel as k; k.click('" & PyEscaped(label) & "')"
End Sub

Private Function PyEscaped(text As String) As String
    Dim i As Long, out As String
    For i = 1 To Len(text)
        out = out & "\u" & Right$("000" & Hex$(AscW(Mid$(text, i, 1)) And &HFFFF&), 4)
    Next i
    PyEscaped = out
End Function

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

Public Sub KaoheNotices()
    KaoheRun "notices"
End Sub

Public Sub KaoheMail()
    KaoheRun "mail"
End Sub

Public Sub KaoheCheck()
    KaoheRun "check"
End Sub
