"""Build one court's documents: load → score → check → render → parse → builders → atomic write."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import TemplateError

from reportgen import doctree as dt
from reportgen import manifest, markup
from reportgen.atomic import write_all
from reportgen.builders import get_builder
from reportgen.builders.base import BuildContext
from reportgen.checks import run_checks, still_missing
from reportgen.documents import DocumentSpec, documents_for
from reportgen.findings import Finding, IncompleteError, InputError, Location
from reportgen.loader import CourtYear, load
from reportgen.render.context import build_context
from reportgen.render.environment import make_environment, template_error
from reportgen.render.format import Formatter
from reportgen.scoring import YearResult, score_year
from reportgen.summary.record import court_record

DEFAULT_BUILDERS = ("docx", "html")


@dataclass
class BuildResult:
    written: list[Path] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    #: the figures of the summary of all courts (reportgen.summary), as the manifest records them
    summary: dict[str, Any] | None = None


def render_markdown(cy: CourtYear, result: YearResult, spec: DocumentSpec, used_templates: set[Path]) -> str:
    """The Markdown of one document (Jinja templates over the computed data)."""
    fmt = Formatter(cy.court.settings)
    env = make_environment(cy.court_dir, used_templates, fmt)
    context = build_context(cy, result, env, fmt)
    try:
        return env.get_template(spec.template).render(context)
    except TemplateError as exc:
        raise template_error(exc, spec.template) from None


def document_tree(cy: CourtYear, result: YearResult, spec: DocumentSpec, used_templates: set[Path],
                  warnings: list[Finding]) -> dt.Document:
    """One document as its tree: templates rendered, Markdown parsed, the court as its author and the
    data's date as its date. Build, check and preview all make their trees here."""
    markdown = render_markdown(cy, result, spec, used_templates)
    doc = markup.parse(markdown, title=spec.title, kind=spec.kind, source_name=_markdown_name(spec),
                       warnings=warnings, author=cy.court.name)
    doc.date = spec.date
    return doc


def rendering_findings(cy: CourtYear, scores: YearResult) -> list[Finding]:
    """What a build would report about templates, texts and markup, without building: `check` runs
    them too, so that a mistake in a court template or a text is not first met at `make report`."""
    findings: list[Finding] = []
    for spec in documents_for(cy):
        try:
            document_tree(cy, scores, spec, set(), findings)
        except InputError as exc:
            findings += exc.findings
    return findings


def builder_context(cy: CourtYear, used: set[Path], warnings: list[Finding]) -> BuildContext:
    """What the builders get from the court's folder: its reference.docx and its templates (the
    HTML page shell); build and preview make theirs here, so a preview looks as the published page."""
    reference = cy.court_dir / "reference.docx"
    return BuildContext(reference_doc=reference if os.path.lexists(reference) else None,
                        templates=cy.court_dir / "templates", used=used, warnings=warnings)


def _markdown_name(spec: DocumentSpec) -> str:
    return f"{spec.template}（生成的 Markdown）"


def build_court(content: Path, slug: str, year: int | None, out_root: Path,
                builders: tuple[str, ...] = DEFAULT_BUILDERS, force: bool = False) -> BuildResult:
    """Render every document of the year in every format, then write them all atomically.

    Documents whose inputs and outputs are unchanged since the last build are skipped (unless
    `force`, as sphinx-build -E); when all are, nothing is even loaded.
    """
    plan = manifest.plan_court(content, slug, year, out_root, builders, force)
    if plan is not None and plan.complete:
        return BuildResult(skipped=plan.skipped(), findings=plan.all_findings(), summary=plan.summary)
    cy = load(content, slug, year)
    scores = score_year(cy)
    findings = run_checks(cy, scores)
    missing = still_missing(findings)
    if missing:
        raise IncompleteError(missing + [Finding("E-MISSING", "error",
                                            f"{cy.year} 年数据尚未填完（共 {len(missing)} 处），未生成文件。"
                                            f"请补全后再运行；可用 make check COURT={slug} YEAR={cy.year} 查看",
                                            Location())])
    out_dir = out_root / slug / str(cy.year)
    if plan is None or plan.year != cy.year:
        plan = manifest.plan(cy.court_dir, cy.year, out_dir, builders, force=True)
    record = manifest.Recorder(plan, cy.inputs)
    pending: list[tuple[Path, bytes]] = []
    result = BuildResult(findings=findings, summary=court_record(cy, scores))
    data_findings = len(findings)
    for spec in documents_for(cy):
        if spec.kind in plan.fresh:
            result.skipped += plan.fresh[spec.kind]
            result.findings += plan.findings(spec.kind)
            record.keep(spec.kind)
            continue
        start, outputs = len(result.findings), []
        used: set[Path] = set()
        doc = document_tree(cy, scores, spec, used, result.findings)
        context = builder_context(cy, used, result.findings)
        for name in builders:
            builder = get_builder(name)(context)
            outputs.append((out_dir / f"{spec.stem}{builder.extension}", builder.render(doc)))
        record.document(spec.kind, used, outputs, result.findings[start:])
        pending += outputs
    write_all(pending + [record.manifest(result.findings[:data_findings], result.summary)])
    result.written += [path for path, _ in pending]
    return result
