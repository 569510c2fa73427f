"""The names a template sees: data, computed results, formatting filters, tables, narratives."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from dataclasses import replace
from typing import Any

from jinja2.sandbox import SandboxedEnvironment

from reportgen.loader import CourtYear
from reportgen.models import Finance
from reportgen.render.environment import Narratives, install_formatting
from reportgen.render.format import Formatter
from reportgen.render.tables import Tables
from reportgen.scoring import YearResult, score_year


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


def build_context(cy: CourtYear, result: YearResult, env: SandboxedEnvironment) -> dict[str, Any]:
    settings = cy.court.settings
    fmt = Formatter(settings)
    install_formatting(env, fmt)
    env.policies["json.dumps_kwargs"] = {"ensure_ascii": False, "sort_keys": False}
    dept = cy.data.department
    base = {
        "court": cy.court,
        "year": cy.year,
        "finance": _finance(dept.finance if dept else None, fmt),
        "metrics": {k: fmt.percent(v) for k, v in result.metrics.items()},
    }
    dept_scored = result.department
    last = score_year(replace(cy, data=cy.previous, previous=None)) if cy.previous else None
    last_projects = {(p.code, p.name): sc for p, sc in zip(cy.previous.projects, last.projects, strict=True)} \
        if cy.previous and last else {}
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
        "last_year": {
            "dept": last.department if last else None,
            "finance": _finance(cy.previous.department.finance, fmt) if cy.previous and cy.previous.department else {},
            "projects": [last_projects.get((p.code, p.name)) for p in cy.data.projects],
        },
        "tables": Tables(fmt),
        "narrative": Narratives(env, cy, base),
    }
