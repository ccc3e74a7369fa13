Attribute VB_Name = "xxgk"
' xxgk: the buttons and the ribbon tab of the annual report workbook.
' Each macro hands over to Python (package xxgk, module addin.macros) through xlwings' RunPython.
' Keep this module ASCII-only: the project code page is 1252. Chinese captions live in
' customUI.xml (ribbon), on the buttons themselves and in the Python messages.
Option Explicit

Sub Validate()
    RunPython "import addin.macros as m; m.validate_classic()"
End Sub

Sub ImportReport()
    RunPython "import addin.macros as m; m.import_report_classic()"
End Sub

Sub GenerateReport()
    RunPython "import addin.macros as m; m.generate_report_classic()"
End Sub

Sub ImportReportFile()
    ' Desktop Excel only: choose a published report (.txt, .docx, .html) in a dialog.
    Dim chosen As Variant
    chosen = Application.GetOpenFilename("Report (*.txt;*.docx;*.html;*.htm),*.txt;*.docx;*.html;*.htm")
    If VarType(chosen) = vbBoolean Then Exit Sub
    RunPython "import addin.macros as m; m.import_file_classic('" & HexOf(CStr(chosen)) & "')"
End Sub

Sub FromPrevious()
    ' Desktop Excel only: choose last year's workbook (or published report) to pre-fill this one.
    Dim chosen As Variant
    chosen = Application.GetOpenFilename("Last year (*.xlsx;*.xlsm;*.json;*.docx;*.html;*.htm;*.txt;*.pdf),*.xlsx;*.xlsm;*.json;*.docx;*.html;*.htm;*.txt;*.pdf")
    If VarType(chosen) = vbBoolean Then Exit Sub
    RunPython "import addin.carry as c; c.from_previous_classic('" & HexOf(CStr(chosen)) & "')"
End Sub

Sub Aggregate()
    ' Desktop Excel only: choose the folder of the units' reports; the sums fill this workbook.
    Dim picker As Object
    Set picker = Application.FileDialog(4)  ' msoFileDialogFolderPicker
    If picker.Show <> -1 Then Exit Sub
    RunPython "import addin.aggregate as a; a.aggregate_classic('" & HexOf(CStr(picker.SelectedItems(1))) & "')"
End Sub

Function HexOf(text As String) As String
    ' UTF-16 code units as hex, so that any path reaches Python unchanged and unquoted.
    Dim i As Long, out As String
    For i = 1 To Len(text)
        out = out & Right$("000" & Hex$(AscW(Mid$(text, i, 1)) And &HFFFF&), 4)
    Next i
    HexOf = out
End Function

' Ribbon callbacks (customUI.xml, tab "nian bao")
Sub OnValidate(control As IRibbonControl)
    Validate
End Sub

Sub OnImportReport(control As IRibbonControl)
    ImportReport
End Sub

Sub OnImportReportFile(control As IRibbonControl)
    ImportReportFile
End Sub

Sub OnGenerateReport(control As IRibbonControl)
    GenerateReport
End Sub

Sub OnFromPrevious(control As IRibbonControl)
    FromPrevious
End Sub

Sub OnAggregate(control As IRibbonControl)
    Aggregate
End Sub
