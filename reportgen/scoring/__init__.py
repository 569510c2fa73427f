"""Scoring engine: pure functions from validated data to computed results."""

from __future__ import annotations

from reportgen.loader import CourtYear
from reportgen.scoring.engine import (
    Execution, Level1, Level2, Scored, ScoredIndicator, YearResult, department_execution, project_execution,
    score_evaluation,
)
from reportgen.scoring.metrics import compute_metrics

__all__ = ["Execution", "Level1", "Level2", "Scored", "ScoredIndicator", "YearResult", "score_year"]


def score_year(cy: CourtYear) -> YearResult:
    settings = cy.court.settings
    dept = cy.data.department
    metrics: dict = {}
    dept_scored = None
    if dept is not None:
        metrics = compute_metrics(dept.finance)
        f = dept.finance
        execution = department_execution(f.initial_budget, f.budget, f.spent, dept.execution_weight, settings)
        dept_scored = score_evaluation(dept, settings, execution, metrics)
    projects = [score_evaluation(p, settings, project_execution(p, settings)) for p in cy.data.projects]
    return YearResult(dept_scored, metrics, projects)
