"""Control rates (“三公”经费控制率, 在职人员控制率) are lower-is-better: a ≥ target rewards overspending."""

from __future__ import annotations

from collections.abc import Iterator

from reportgen.checks import CheckContext, check
from reportgen.findings import Finding
from reportgen.scoring.metrics import LOWER_IS_BETTER, METRICS

#: The labels of those metrics, by which a row without `metric` is still known as one.
_LABELS = frozenset(METRICS[m][0] for m in LOWER_IS_BETTER)


@check
def control_rate_direction(ctx: CheckContext) -> Iterator[Finding]:
    for label, ev, sc in ctx.evaluations():
        for s in sc.indicators:
            ind = s.indicator
            if ind.metric not in LOWER_IS_BETTER and (ind.name or ind.level2) not in _LABELS:
                continue
            target = ind.parsed_target
            if target.kind != "number" or target.op in ("le", "lt"):
                continue
            yield ctx.finding("E-CONTROL-DIRECTION",
                              f"{label}“{s.name}”越低越好（实际支出或人数不超过预算或编制为好），目标却写作“{ind.target}”，"
                              f"按“越高越好”计分；请改为“≤{target.value}{target.unit}”", ev, "indicators", s.index, "target")
