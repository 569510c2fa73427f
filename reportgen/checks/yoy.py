"""Year over year: large changes from last year's figures that nothing explains."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from reportgen.checks import CheckContext, check
from reportgen.findings import Finding
from reportgen.models.project import same_project
from reportgen.scoring.engine import total_of

_FINANCE = {"budget": "全年预算数", "spent": "实际支出数"}


def _changed(now: Decimal | None, before: Decimal | None, ratio: Decimal) -> bool:
    return now is not None and before is not None and before > 0 and abs(now - before) / before > ratio


@check
def year_over_year(ctx: CheckContext) -> Iterator[Finding]:
    previous = ctx.cy.previous
    if previous is None:
        return
    ratio = ctx.cy.court.settings.change_warning_ratio
    year = ctx.cy.year
    dept, before = ctx.cy.data.department, previous.department
    if dept is not None and before is not None and not dept.change_reason:
        for name, label in _FINANCE.items():
            now, then = getattr(dept.finance, name), getattr(before.finance, name)
            if _changed(now, then, ratio):
                yield ctx.finding("W-YOY-CHANGE",
                                  f"部门{label}由{year - 1}年的 {then} 变为 {now}，变化超过 {ratio * 100:.0f}%，"
                                  "请在 change_reason 中说明原因", dept, "finance", name)
    for p in ctx.cy.data.projects:
        index = same_project(p, previous.projects)
        if index is None or p.change_reason:
            continue
        old = previous.projects[index]
        now, then = total_of([r.budget for r in p.funds]), total_of([r.budget for r in old.funds])
        if _changed(now, then, ratio):
            yield ctx.finding("W-YOY-CHANGE",
                              f"项目“{p.name}”全年预算数由{year - 1}年的 {then} 变为 {now}，变化超过 {ratio * 100:.0f}%，"
                              "请在 change_reason 中说明原因", p, "funds")
