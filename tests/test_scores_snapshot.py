"""Snapshot of every computed score of the reference courts, and the totals the documents print.

The YAML files in tests/test_scores_snapshot/ were checked by hand against the reference documents
(/work/shared/reference/); regenerate with `pytest --force-regen` only after checking the difference.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from conftest import CONTENT

from reportgen.loader import load
from reportgen.scoring import score_year
from reportgen.scoring.engine import Scored

SLUGS = [s for s in ("lanzhou-xinqu", "pingtang") if (CONTENT / s).is_dir()]


def _s(value: Decimal | None) -> str | None:
    assert value is None or isinstance(value, Decimal), type(value)
    return None if value is None else str(value)


def summary(sc: Scored) -> dict:
    ex = sc.execution
    return {
        "execution": {"budget": _s(ex.budget), "spent": _s(ex.spent), "weight": _s(ex.weight), "rate": _s(ex.rate),
                      "score": _s(ex.score)},
        "groups": [
            {
                "name": g.name, "weight": _s(g.weight), "score": _s(g.score), "rate": _s(g.rate),
                "indicators": [
                    {"level2": i.indicator.level2, "name": i.name, "weight": _s(i.weight), "score": _s(i.score),
                     "rule_score": _s(i.rule_score), "source": i.source}
                    for i in g.indicators
                ],
            }
            for g in sc.groups
        ],
        "total": _s(sc.total),
        "total_weight": _s(sc.total_weight),
        "rate": _s(sc.rate),
        "grade": sc.grade,
    }


def scores_of(slug: str) -> dict:
    cy = load(CONTENT, slug)
    result = score_year(cy)
    return {
        "court": cy.court.name,
        "year": cy.year,
        "metrics": {k: _s(v) for k, v in result.metrics.items()},
        "department": summary(result.department) if result.department else None,
        "projects": [{"name": p.name, "code": p.code, **summary(sc)}
                     for p, sc in zip(cy.data.projects, result.projects, strict=True)],
    }


@pytest.mark.parametrize("slug", SLUGS)
def test_scores_snapshot(data_regression, slug):
    data_regression.check(scores_of(slug), basename=slug)


# What the reference documents print (and, where they print a wrong figure, the correct one).
# Scores that depart from the rule without a reason are slips, replaced by the rule's score:
# 法定审限内结案率 (89.1 against ≥90%: 3.53 of 3.57, 4.95 of 5, printed as full marks) and the
# department's 民商事案件调撤率 (64.36 against ≥50%: full marks, printed as 1.90).
LANZHOU = {
    "department": ("9.98", "94.92", "优"),  # 三（二） prints 93.29 分，“优秀”
    "全省法院业务费": ("10.00", "93.16", "优"),  # prints 93.21
    "法庭运维费": ("10.00", "96.67", "优"),  # the 合计 row prints 100; the rows and the text give 96.67
}
PINGTANG_TOTALS = ["97.09", "100.00", "97.29", "100.00", "100.00", "100.00", "100.00", "100.00", "100.00", "100.00"]


def test_lanzhou_totals_as_printed():
    cy = load(CONTENT, "lanzhou-xinqu")
    result = score_year(cy)
    assert result.department is not None
    got = {"department": (result.department.execution.score, result.department.total, result.department.grade)}
    for p, sc in zip(cy.data.projects, result.projects, strict=True):
        got[p.name] = (sc.execution.score, sc.total, sc.grade)
    assert {k: (str(e), str(t), g) for k, (e, t, g) in got.items()} == LANZHOU
    dept = result.department
    assert [(g.name, str(g.score), str(g.rate)) for g in dept.groups] == [
        ("部门管理", "17.00", "85.00"), ("履职效果", "58.94", "98.23"), ("能力建设", "9.00", "90.00")]


def test_pingtang_totals_as_printed():
    result = score_year(load(CONTENT, "pingtang"))
    assert [str(sc.total) for sc in result.projects] == PINGTANG_TOTALS
    first = result.projects[0]
    assert (str(first.execution.rate), str(first.execution.score)) == ("70.93", "7.09")
    assert (str(result.projects[2].execution.rate), str(result.projects[2].execution.score)) == ("72.94", "7.29")
    assert all(sc.grade == "优" for sc in result.projects)
