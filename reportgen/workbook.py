"""An openpyxl workbook as reproducible bytes, for every workbook reportgen writes (the Excel
export and build/summary.xlsx): openpyxl's save stamps the present time and zips with the clock,
so the build time goes into the properties and the parts are zipped again by the DOCX's
reproducible zip writer."""

from __future__ import annotations

import io
import zipfile

from openpyxl import Workbook
from openpyxl.writer.excel import ExcelWriter

from reportgen.builders.docx.package import build_time, zip_entries


def workbook_bytes(wb: Workbook) -> bytes:
    wb.properties.created = wb.properties.modified = build_time().replace(tzinfo=None)
    raw = io.BytesIO()
    ExcelWriter(wb, zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED)).save()
    with zipfile.ZipFile(raw) as z:
        return zip_entries((info.filename, z.read(info)) for info in z.infolist())
