"""Which documents a court's year produces, and the template each starts from."""

from __future__ import annotations

from dataclasses import dataclass

from reportgen.loader import CourtYear


@dataclass(frozen=True)
class DocumentSpec:
    kind: str  # report, forms, declaration
    template: str
    stem: str  # output file name without extension
    title: str


KINDS = {
    "report": ("report/report.md.j2", "{year}年度预算执行情况自评报告"),
    "forms": ("forms/forms.md.j2", "{year}年度项目支出绩效自评表"),
    "declaration": ("declaration/declaration.md.j2", "{year}年度绩效目标申报表"),
}


#: the report's template in each built-in style (settings.report_style)
REPORT_STYLES = {"table": "report/report.md.j2", "narrative": "report/narrative.md.j2"}


def documents_for(cy: CourtYear) -> list[DocumentSpec]:
    out = []
    for kind in cy.data.info.documents:
        template, title = KINDS[kind]
        if kind == "report":
            template = REPORT_STYLES[cy.court.settings.report_style]
            title = "{year}年度" + cy.court.settings.report_title
        out.append(DocumentSpec(kind, template, kind, f"{cy.court.name}{title.format(year=cy.year)}"))
    return out
