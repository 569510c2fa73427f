"""One rendering of a court's year for the preview: each document's HTML and every finding, or
the messages saying why there is nothing to show. Never raises: a preview must not die of bad data."""

from __future__ import annotations

import traceback
from dataclasses import dataclass, field
from pathlib import Path

from reportgen.build import builder_context, document_tree
from reportgen.builders.html import HtmlBuilder
from reportgen.checks import run_checks, still_missing
from reportgen.documents import documents_for
from reportgen.findings import Finding, InputError, Location
from reportgen.loader import load
from reportgen.scoring import score_year


@dataclass(frozen=True)
class Document:
    kind: str
    title: str
    html: bytes


@dataclass
class Snapshot:
    court: str  # the court's name, or its folder when it cannot be read
    year: int | None
    documents: list[Document] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    #: why no document is shown (the data cannot be read, or is not filled in yet); empty otherwise
    blocking: list[Finding] = field(default_factory=list)


def take(content: Path, slug: str, year: int | None) -> Snapshot:
    try:
        return _render(content, slug, year)
    except InputError as exc:
        return Snapshot(slug, year, blocking=exc.findings)
    except Exception as exc:  # a bug: said in the page, and the preview keeps watching
        where = traceback.extract_tb(exc.__traceback__)[-1]
        return Snapshot(slug, year, blocking=[Finding(
            "E-INTERNAL", "error", f"程序内部错误 {type(exc).__name__}: {exc}（{Path(where.filename).name}:"
            f"{where.lineno}），请报告维护者；修改数据后会自动重试", Location())])


def _render(content: Path, slug: str, year: int | None) -> Snapshot:
    cy = load(content, slug, year)
    scores = score_year(cy)
    snap = Snapshot(cy.court.name, cy.year, findings=run_checks(cy, scores))
    missing = still_missing(snap.findings)
    if missing:
        snap.blocking = [Finding("E-MISSING", "error", f"{cy.year} 年数据尚未填完（共 {len(missing)} 处，见右侧），"
                                 "补全后文件即显示在这里", Location())]
        return snap
    for spec in documents_for(cy):
        try:
            doc = document_tree(cy, scores, spec, set(), snap.findings)
        except InputError as exc:
            snap.findings += exc.findings
            continue
        html = HtmlBuilder(builder_context(cy, set(), snap.findings)).render(doc)
        snap.documents.append(Document(spec.kind, spec.title, html))
    return snap
