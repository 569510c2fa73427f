"""“三公”经费 by kind against the totals of [finance]."""

from __future__ import annotations

from collections.abc import Iterator

from reportgen.checks import CheckContext, check
from reportgen.findings import Finding
from reportgen.scoring.metrics import parts_totals

_TOTALS = {"three_public_budget": "预算数", "three_public_spent": "实际支出数"}


@check
def three_public_totals(ctx: CheckContext) -> Iterator[Finding]:
    dept = ctx.cy.data.department
    if dept is None or not dept.three_public:
        return
    unit = ctx.cy.court.settings.amount_unit
    parts = parts_totals(dept)
    for name, label in _TOTALS.items():
        typed, summed = getattr(dept.finance, name), parts.get(name)
        if typed is not None and summed is not None and typed != summed:
            yield ctx.finding("E-THREE-PUBLIC-SUM",
                              f"“三公”经费{label}填为 {typed}{unit}（finance.{name}），而 [[three_public]] 各类之和为 "
                              f"{summed}{unit}", dept, "finance", name)
