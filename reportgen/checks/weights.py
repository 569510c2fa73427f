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
                yield ctx.finding("E-MISSING", f"{label}“{ind.label}”缺少分值", ev, "indicators", i)
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
                              ev, "groups" if ev.groups else "execution_weight")


@check
def tree_levels(ctx: CheckContext) -> Iterator[Finding]:
    """An indicator scored as a whole cannot also have rows below it: its score would count twice."""
    for label, ev, sc in ctx.evaluations():
        for g in sc.groups:
            for l2 in g.level2:
                whole = next((s for s in l2.indicators if s.level < 3), None)
                if whole is not None and len(l2.indicators) > 1:
                    below = "二级、三级指标" if any(s.level == 1 for s in l2.indicators) else "三级指标"
                    yield ctx.finding("E-TREE-LEVEL",
                                      f"{label}“{whole.name}”作为整体评分（未填 name{'、level2' if whole.level == 1 else ''}），"
                                      f"但其下还有{below}；请删去整体评分的一行，或删去其下各行",
                                      ev, "indicators", whole.index, "level1" if whole.level == 1 else "level2")
            # several 二级 groups (each holds a row) are several rows: only then is the group's rows list built
            whole = next((s for s in g.indicators if s.level == 1), None) if len(g.level2) > 1 else None
            if whole is not None:
                yield ctx.finding("E-TREE-LEVEL",
                                  f"{label}“{whole.name}”作为整体评分（未填 level2、name），但其下还有二级指标；"
                                  "请删去整体评分的一行，或删去其下各行", ev, "indicators", whole.index, "level1")
