"""The summary's rows, from the outcomes of `build --all`: one per court and year, one per project."""

from __future__ import annotations

import os
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reportgen.batch import Outcome

COURT_HEADS = ("法院", "代号", "年度", "部门整体得分", "等级", "预算执行率", "错误", "警告", "备注", "文件")
PROJECT_HEADS = ("法院", "年度", "项目", "得分", "等级", "预算执行率")


@dataclass(frozen=True)
class Figures:
    total: Decimal | None
    grade: str
    rate: Decimal | None  # %

    @classmethod
    def of(cls, raw: dict[str, Any] | None) -> Figures:
        raw = raw or {}
        return cls(_decimal(raw.get("total")), str(raw.get("grade") or ""), _decimal(raw.get("rate")))


@dataclass(frozen=True)
class CourtRow:
    slug: str
    name: str
    year: str
    figures: Figures
    errors: int | None  # None when the court failed to build
    warnings: int | None
    note: str  # why the court failed; empty when it was built (now or before: the same figures)
    documents: tuple[str, ...]  # paths relative to the build folder


@dataclass(frozen=True)
class ProjectRow:
    court: str
    year: str
    name: str
    figures: Figures


def _decimal(value: object) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def rows(outcomes: list[Outcome], out_root: Path) -> tuple[list[CourtRow], list[ProjectRow]]:
    courts: list[CourtRow] = []
    projects: list[ProjectRow] = []
    root = os.path.join(str(out_root), "")
    for o in sorted(outcomes, key=lambda o: o.slug):
        record = o.summary or {}
        name = str(record.get("court") or o.slug)
        if o.failure is not None:
            courts.append(CourtRow(o.slug, name, o.year, Figures.of(None), None, None,
                                   "失败：" + (o.failure[0] if o.failure else ""), ()))
            continue
        documents = tuple(str(p)[len(root):].replace(os.sep, "/") for p in (o.written or o.skipped)
                          if str(p).startswith(root))  # strings: pathlib costs more than the rest of a no-op run
        courts.append(CourtRow(o.slug, name, o.year, Figures.of(record.get("department")), o.errors, o.warnings,
                               "", documents))
        projects += [ProjectRow(name, o.year, str(p.get("name", "")), Figures.of(p)) for p in record.get("projects", [])]
    return courts, projects
