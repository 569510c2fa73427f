"""Scoring engine: pure functions from validated data to computed results."""

from __future__ import annotations

from decimal import Decimal

from reportgen.loader import CourtYear
from reportgen.models import Settings, Year
from reportgen.scoring.engine import (
    Execution,
    Level1,
    Level2,
    Scored,
    ScoredIndicator,
    YearResult,
    department_execution,
    project_execution,
    score_evaluation,
)
from reportgen.scoring.metrics import compute_metrics, effective_finance

__all__ = ["Execution", "Level1", "Level2", "Scored", "ScoredIndicator", "YearResult", "grade_tally", "score_year"]


def score_year(cy: CourtYear) -> YearResult:
    result = _score(cy.court.settings, cy.data)
    if cy.previous is not None:
        result.previous = _score(cy.court.settings, cy.previous)
    return result


def _score(settings: Settings, data: Year) -> YearResult:
    dept = data.department
    metrics: dict[str, Decimal] = {}
    dept_scored = None
    finance = None
    if dept is not None:
        finance = effective_finance(dept)
        metrics = compute_metrics(finance)
        f = finance
        execution = department_execution(f.initial_budget, f.budget, f.spent, dept.execution_weight, settings)
        dept_scored = score_evaluation(dept, settings, execution, metrics)
    projects = [score_evaluation(p, settings, project_execution(p, settings)) for p in data.projects]
    return YearResult(dept_scored, metrics, projects, finance=finance)


def grade_tally(result: YearResult, settings: Settings) -> dict[str, int]:
    """How many projects got each grade, every grade of the settings listed (zeros included), best first."""
    tally = {g.label: 0 for g in sorted(settings.grades, key=lambda g: g.min, reverse=True)}
    for p in result.projects:
        tally[p.grade] = tally.get(p.grade, 0) + 1
    return tally
