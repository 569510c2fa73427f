"""Staff by kind against the totals of [finance]."""

from __future__ import annotations

from collections.abc import Iterator

from reportgen.checks import CheckContext, check
from reportgen.findings import Finding
from reportgen.scoring.metrics import parts_totals

_TOTALS = {"staff_quota": "编制数", "staff_actual": "实有人数"}


@check
def staff_totals(ctx: CheckContext) -> Iterator[Finding]:
    dept = ctx.cy.data.department
    if dept is None or dept.staff is None:
        return
    parts = parts_totals(dept)
    for name, label in _TOTALS.items():
        typed, summed = getattr(dept.finance, name), parts.get(name)
        if typed is not None and summed is not None and typed != summed:
            yield ctx.finding("E-STAFF-SUM",
                              f"{label}填为 {typed} 人（finance.{name}），而 [[staff.posts]] 各类之和为 {summed} 人",
                              dept, "finance", name)
