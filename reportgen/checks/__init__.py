"""Checks: each a small function over the data and the computed result, yielding findings.

A check is registered with `@check`; its findings carry a stable code (listed in reportgen/codes.py,
which gives its severity), the file, line and field, and a Chinese message that says what is wrong
and what the rule expects.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from reportgen.checks.prose import Prose, all_prose, locate
from reportgen.codes import severity
from reportgen.findings import Finding, Location
from reportgen.loader import CourtYear
from reportgen.models import Evaluation
from reportgen.scoring import YearResult
from reportgen.scoring.engine import Scored

CheckFn = Callable[["CheckContext"], Iterator[Finding]]
_CHECKS: list[CheckFn] = []


def check(fn: CheckFn) -> CheckFn:
    _CHECKS.append(fn)
    return fn


@dataclass
class CheckContext:
    cy: CourtYear
    result: YearResult

    def at(self, model: object, *path: str | int) -> Location:
        src = self.cy.source_of(model)
        return src.locate(*path) if src else Location(field=".".join(map(str, path)))

    def finding(self, code: str, message: str, model: object, *path: str | int) -> Finding:
        """A finding of `code` (its severity as reportgen/codes.py lists it) at the field `path` of `model`."""
        return Finding(code, severity(code), message, self.at(model, *path))

    def text_finding(self, code: str, message: str, prose: Prose, pos: int = 0) -> Finding:
        """A finding about a text, at the line of the character `pos` in it (its Markdown file's own line)."""
        return Finding(code, severity(code), message, locate(self.cy, prose, pos))

    @functools.cached_property
    def prose(self) -> list[Prose]:
        """Every text of the year, read once for all the checks that read prose."""
        return all_prose(self.cy)

    @property
    def results_due(self) -> bool:
        """Whether the year's documents report results; a targets declaration alone needs none."""
        return bool({"report", "forms"} & set(self.cy.data.info.documents))

    def evaluations(self) -> Iterator[tuple[str, Evaluation, Scored]]:
        """(label, evaluation model, its scored result) for the department and each project."""
        data, result = self.cy.data, self.result
        if data.department is not None and result.department is not None:
            yield "部门整体支出", data.department, result.department
        for project, scored in zip(data.projects, result.projects, strict=True):
            yield f"项目“{project.name}”", project, scored


def still_missing(findings: list[Finding]) -> list[Finding]:
    """Figures not yet entered: a year with any of these cannot be built or rolled over."""
    return [f for f in findings if f.code == "E-MISSING"]


def run_checks(cy: CourtYear, result: YearResult) -> list[Finding]:
    from reportgen.checks import (  # noqa: F401  (registers)
        accounts,
        assets,
        consistency,
        control_rates,
        missing,
        scope,
        scores,
        staff,
        stated,
        targets,
        text_claims,
        text_figures,
        three_public,
        weights,
        wording,
        yoy,
    )
    ctx = CheckContext(cy, result)
    findings: list[Finding] = []
    for fn in _CHECKS:
        findings.extend(fn(ctx))
    return findings
