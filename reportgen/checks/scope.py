"""The 自评对象和范围 against the projects actually evaluated."""

from __future__ import annotations

from collections.abc import Iterator

from reportgen.checks import CheckContext, check
from reportgen.findings import Finding


@check
def scope_projects(ctx: CheckContext) -> Iterator[Finding]:
    report = ctx.cy.data.info.report
    if report is None:
        return
    evaluated = {p.name for p in ctx.cy.data.projects}
    for i, name in enumerate(report.scope_projects):
        if name not in evaluated:
            yield ctx.finding("E-SCOPE-NOT-EVALUATED",
                              f"自评范围列有项目“{name}”，但 projects/ 中没有这个项目的自评数据；"
                              "请补上该项目的文件，或从 scope_projects 中删去", report, "scope_projects", i)
