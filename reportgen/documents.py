"""Which documents a court's year produces, and the template each starts from."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from reportgen.loader import CourtYear


@dataclass(frozen=True)
class DocumentSpec:
    kind: str  # report, forms, declaration
    template: str
    stem: str  # output file name without extension
    title: str
    date: dt.date | None = None  # the document's own date (filled in or written), for its properties


KINDS = {
    "report": ("report/report.md.j2", "{year}年度预算执行情况自评报告"),
    "forms": ("forms/forms.md.j2", "{year}年度{form_title}"),
    "declaration": ("declaration/declaration.md.j2", "{year}年度绩效目标申报表"),
}


#: the report's template in each built-in style (settings.report_style)
REPORT_STYLES = {"table": "report/report.md.j2", "narrative": "report/narrative.md.j2"}


def documents_for(cy: CourtYear) -> list[DocumentSpec]:
    out = []
    fills = [p.fill_date for p in cy.data.projects if p.fill_date is not None]
    written = _date(cy.data.info.report_date)
    for kind in cy.data.info.documents:
        template, title = KINDS[kind]
        if kind == "report":
            template = REPORT_STYLES[cy.court.settings.report_style]
            title = "{year}年度" + cy.court.settings.report_title
        name = title.format(year=cy.year, form_title=cy.court.settings.form_title)
        date = max(fills) if kind == "forms" and fills else written
        out.append(DocumentSpec(kind, template, kind, f"{cy.court.name}{name}", date))
    return out


def _date(text: str | None) -> dt.date | None:
    """“2025年3月20日” as a date; None when absent or not a whole date."""
    found = re.fullmatch(r"\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*", text or "")
    if not found:
        return None
    try:
        return dt.date(*(int(g) for g in found.groups()))
    except ValueError:
        return None
