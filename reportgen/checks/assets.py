"""Assets: the parts of the fixed assets cannot exceed them."""

from __future__ import annotations

from collections.abc import Iterator

from reportgen.checks import CheckContext, check
from reportgen.findings import Finding
from reportgen.rounding import ZERO


@check
def asset_parts(ctx: CheckContext) -> Iterator[Finding]:
    dept = ctx.cy.data.department
    assets = dept.assets if dept is not None else None
    if assets is None or assets.fixed_assets is None:
        return
    unit = ctx.cy.court.settings.amount_unit
    parts = [v for v in (assets.office_value, assets.vehicles_value, *(e.value for e in assets.equipment))
             if v is not None]
    total = sum(parts, ZERO)
    if total > assets.fixed_assets:
        yield ctx.finding("W-ASSETS-PARTS",
                          f"办公用房、公务用车和大型设备价值合计 {total}{unit}，超过固定资产总额 {assets.fixed_assets}{unit}；"
                          "请核对单位或数字", dept, "assets", "fixed_assets")
