"""Excel workbooks in and out: export a court's year to a workbook, import the clerk's edits back."""
