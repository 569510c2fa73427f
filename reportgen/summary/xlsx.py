"""build/summary.xlsx: the summary's two sheets with openpyxl, saved reproducibly.

openpyxl stamps the workbook with the current time and its zip entries with the clock; the
properties get the build date and the package is zipped again with fixed entry dates, as the DOCX is.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from reportgen.summary.rows import COURT_HEADS, PROJECT_HEADS, CourtRow, Figures, ProjectRow
from reportgen.workbook import workbook_bytes

HEAD_FONT = Font(bold=True)
HEAD_FILL = PatternFill("solid", fgColor="F0F0F0")
FAILED_FILL = PatternFill("solid", fgColor="FDE8E8")
LINK_FONT = Font(color="0563C1", underline="single")


def _figures(f: Figures) -> list[Any]:
    return [f.total, f.grade, None if f.rate is None else f.rate / Decimal(100)]


def _sheet(ws: Worksheet, heads: tuple[str, ...], widths: tuple[int, ...]) -> None:
    ws.append(list(heads))
    for cell in ws[1]:
        cell.font, cell.fill = HEAD_FONT, HEAD_FILL
    ws.freeze_panes = "A2"
    ws.print_title_rows = "1:1"
    ws.page_setup.orientation = "landscape"  # printed one page wide, as many long as it takes
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    for i, width in enumerate(widths):
        ws.column_dimensions[chr(ord("A") + i)].width = width


def _formats(ws: Worksheet, total_col: int) -> None:
    """Scores with two decimals, rates as percentages with two (as the documents print them)."""
    for row in ws.iter_rows(min_row=2):
        row[total_col].number_format = "0.00"
        row[total_col + 2].number_format = "0.00%"


def render_xlsx(courts: list[CourtRow], projects: list[ProjectRow]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "法院"
    _sheet(ws, COURT_HEADS, (28, 18, 8, 14, 8, 12, 8, 8, 12, 16))
    for r, court in enumerate(courts, start=2):
        ws.append([court.name, court.slug, int(court.year) if court.year.isdigit() else court.year,
                   *_figures(court.figures), court.errors, court.warnings, court.note])
        for c, path in enumerate(court.documents, start=len(COURT_HEADS)):
            cell = ws.cell(r, c, path.rsplit("/", 1)[-1])
            cell.hyperlink, cell.font = path, LINK_FONT
        if court.errors is None:
            for cell in ws[r]:
                cell.fill = FAILED_FILL
    _formats(ws, 3)
    ws = wb.create_sheet("项目")
    _sheet(ws, PROJECT_HEADS, (28, 8, 40, 10, 8, 12))
    for project in projects:
        ws.append([project.court, int(project.year) if project.year.isdigit() else project.year, project.name,
                   *_figures(project.figures)])
    _formats(ws, 3)
    wb.properties.creator = "reportgen"
    wb.properties.title = "各法院预算绩效自评汇总"
    return workbook_bytes(wb)
