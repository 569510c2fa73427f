"""Department metrics computed from the 决算 figures (domain-rules §6)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from reportgen.models import Department, Finance
from reportgen.rounding import percent
from reportgen.scoring.engine import total_of

Parts = Callable[[Finance], tuple[Decimal | int | None, Decimal | int | None]]

#: metric name → (label, function of Finance returning (numerator, denominator) or None)
METRICS: dict[str, tuple[str, Parts]] = {
    "execution_rate": ("部门整体支出预算执行率", lambda f: (f.spent, f.budget)),
    "basic_execution_rate": ("基本支出预算执行率", lambda f: (f.basic_spent, f.basic_budget)),
    "project_execution_rate": ("项目支出预算执行率", lambda f: (f.project_spent, f.project_budget)),
    "carryover_change_rate": (
        "结转结余变动率",
        lambda f: (None if f.carryover is None or f.carryover_previous is None
                   else f.carryover - f.carryover_previous, f.carryover_previous)),
    "three_public_control_rate": ("“三公经费”控制率", lambda f: (f.three_public_spent, f.three_public_budget)),
    "staff_control_rate": ("在职人员控制率", lambda f: (f.staff_actual, f.staff_quota)),
}
#: Metrics where less is better: scored as ≤ indicators (a ≥ target rewards overspending).
LOWER_IS_BETTER = {"three_public_control_rate", "staff_control_rate"}


def parts_totals(dept: Department) -> dict[str, Decimal | None]:
    """[finance] totals as the department's parts add them up: 三公 by kind, staff by kind."""
    out: dict[str, Decimal | None] = {}
    if dept.three_public:
        out["three_public_budget"] = total_of([i.budget for i in dept.three_public])
        out["three_public_spent"] = total_of([i.spent for i in dept.three_public])
    if dept.staff is not None and dept.staff.posts:
        out["staff_quota"] = total_of([p.quota for p in dept.staff.posts])
        out["staff_actual"] = total_of([p.actual for p in dept.staff.posts])
    return out


def effective_finance(dept: Department) -> Finance:
    """[finance] with the totals not typed there taken from their parts (a typed total that differs
    from its parts is reported by the checks and kept as typed)."""
    f = dept.finance
    update = {k: (int(v) if k.startswith("staff_") else v) for k, v in parts_totals(dept).items()
              if v is not None and getattr(f, k) is None}
    return f.model_copy(update=update) if update else f


def compute_metrics(finance: Finance) -> dict[str, Decimal]:
    """Each metric whose figures are present, as a percentage rounded to 2 places."""
    out: dict[str, Decimal] = {}
    for name, (_label, parts) in METRICS.items():
        num, den = parts(finance)
        if num is None or den is None:
            continue
        value = percent(Decimal(num), Decimal(den))
        if value is not None:
            out[name] = value
    return out
