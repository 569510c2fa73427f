"""What one court's year contributes to the summary: plain strings, to travel in the manifest."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from reportgen.loader import CourtYear
from reportgen.rounding import q2
from reportgen.scoring import Scored, YearResult


def _figure(value: Decimal | None) -> str | None:
    return None if value is None else f"{q2(value):f}"


def _scored(scored: Scored) -> dict[str, Any]:
    """Total and grade only once every score is known (a 申报表's year has targets, no scores yet)."""
    done = scored.complete
    return {"total": _figure(scored.total) if done else None, "grade": scored.grade if done else "",
            "rate": _figure(scored.execution.rate)}


def court_record(cy: CourtYear, result: YearResult) -> dict[str, Any]:
    """The court's name, its department (total, grade, execution rate %) and each project's."""
    return {
        "court": cy.court.name,
        "department": _scored(result.department) if result.department is not None else None,
        "projects": [{"name": p.name, **_scored(s)} for p, s in zip(cy.data.projects, result.projects, strict=True)],
    }
