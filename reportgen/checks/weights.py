"""Weights: rows add up to their group, groups and execution rate add up to 100."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from reportgen.checks import CheckContext, check
from reportgen.findings import Finding


@check
def group_weights(ctx: CheckContext) -> Iterator[Finding]:
    for label, ev, sc in ctx.evaluations():
        if not ev.indicators or all(i.weight is None for i in ev.indicators):
            continue  # a targets declaration carries no weights
        for i, ind in enumerate(ev.indicators):
            if ind.weight is None:
                yield ctx.finding("E-MISSING", f"{label}“{ind.name}”缺少分值", ev, "indicators", i)
        declared = {g.name for g in ev.groups}
        for g in sc.groups:
            if g.group_index is None:
                if declared:
                    first = g.indicators[0]
                    yield ctx.finding("E-WEIGHT-GROUP",
                                      f"{label}的一级指标“{g.name}”未在 [[groups]] 中声明分值（已声明：{'、'.join(declared)}）",
                                      ev, "indicators", first.index, "level1")
                continue
            if g.row_weight != g.weight:
                yield ctx.finding("E-WEIGHT-GROUP",
                                  f"{label}“{g.name}”分值为 {g.weight}，但其三级指标分值合计为 {g.row_weight}",
                                  ev, "groups", g.group_index, "weight")
        if sc.total_weight != Decimal(100):
            yield ctx.finding("E-WEIGHT-TOTAL",
                              f"{label}预算执行率与各一级指标分值合计为 {sc.total_weight}，应为 100",
                              ev, "groups")
