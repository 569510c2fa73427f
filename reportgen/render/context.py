"""The names a template sees: data, computed results, formatting filters, tables, narratives."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from typing import Any

from jinja2.sandbox import SandboxedEnvironment

from reportgen.loader import CourtYear
from reportgen.models import Finance
from reportgen.render.charts import Charts
from reportgen.render.environment import Narratives
from reportgen.render.figures import Escape, Figures
from reportgen.render.format import Formatter, markdown_text
from reportgen.render.tables import Tables
from reportgen.scoring import YearResult, grade_tally
from reportgen.scoring.engine import Scored, total_of


def _finance(finance: Finance | None, fmt: Formatter) -> dict[str, Any]:
    if finance is None:
        return {}
    out: dict[str, Any] = {}
    for name, value in finance:
        out[name] = fmt.amount(value) if isinstance(value, Decimal) else value
    return out


def _grade_counts(result: YearResult) -> str:
    """"有2个项目结果为“优”" — counted here, not in a template."""
    counts = Counter(p.grade for p in result.projects)
    if not counts:
        return "无项目"
    parts = [f"{n}个{'项目结果' if i == 0 else ''}为“{g}”" for i, (g, n) in enumerate(counts.most_common())]
    return "有" + "、".join(parts)


def _grade_counts_all(tally: dict[str, int]) -> str:
    """"有2个项目结果为“优”，0个项目结果为“良”…": every grade, zeros included."""
    return "有" + "，".join(f"{n}个项目结果为“{g}”" for g, n in tally.items())


def _accounts_totals(cy: CourtYear) -> dict[str, Decimal | None]:
    accounts = cy.data.department.accounts if cy.data.department else None
    if accounts is None:
        return {"income": None, "spending": None}
    return {"income": total_of([line.amount for line in accounts.income]),
            "spending": total_of([line.amount for line in accounts.spending])}


def _deviations(cy: CourtYear, result: YearResult) -> list[dict[str, Any]]:
    """Every scored leaf below full marks or with a reason, department first: the deviations chapter."""
    out: list[dict[str, Any]] = []
    owners: list[tuple[str, Any, Scored | None]] = [("部门整体支出", cy.data.department, result.department)]
    owners += [(p.name, p, sc) for p, sc in zip(cy.data.projects, result.projects, strict=True)]
    for label, owner, scored in owners:
        if owner is None or scored is None:
            continue
        for s in scored.indicators:
            if (s.score is not None and s.score < s.weight) or s.indicator.reason or s.indicator.measure:
                out.append({"label": label, "owner": owner, "indicator": s})
    return out


def build_context(cy: CourtYear, result: YearResult, env: SandboxedEnvironment, fmt: Formatter) -> dict[str, Any]:
    settings = cy.court.settings
    dept = cy.data.department
    base = {
        "court": cy.court,
        "year": cy.year,
        "finance": _finance(result.finance, fmt),
        "metrics": {k: fmt.percent(v) for k, v in result.metrics.items()},
    }
    dept_scored = result.department

    figures = Figures(fmt)

    def narratives(escape: Escape) -> Narratives:
        def names(owner: Any, path: tuple[str | int, ...]) -> dict[str, Any]:
            scored = result.of(owner)
            return {} if scored is None else figures.text_names(scored, path, escape)
        return Narratives(env, cy, base, names)

    tally = grade_tally(result, settings)
    return {
        **base,
        "info": cy.data.info,
        "settings": settings,
        "unit": settings.amount_unit,
        "dept": dept,
        "dept_scored": dept_scored,
        "dept_grade": settings.department_grade_words.get(dept_scored.grade, dept_scored.grade) if dept_scored else "",
        "projects": list(zip(cy.data.projects, result.projects, strict=True)),
        "grade_counts": _grade_counts(result),
        "grade_tally": tally,
        "grade_counts_all": _grade_counts_all(tally),
        "accounts_totals": _accounts_totals(cy),
        "deviations": _deviations(cy, result),
        "last_year": {
            "dept": result.previous.department if result.previous else None,
            "finance": _finance(result.previous.finance if result.previous else None, fmt),
            "projects": [result.previous_project(p, cy.previous.projects) if cy.previous else None
                         for p in cy.data.projects],
        },
        "tables": Tables(fmt, narratives(str)),  # table cells are plain text, not Markdown
        "charts": Charts(fmt),
        "figures": lambda s: figures.indicator(s, markdown_text),
        "narrative": narratives(markdown_text),  # for Markdown prose
    }
