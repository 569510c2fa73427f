"""Build one court's documents: load → score → check → render → parse → builders → atomic write."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import TemplateError

from reportgen import markup
from reportgen.atomic import write_bytes
from reportgen.builders import get_builder
from reportgen.builders.base import BuildContext
from reportgen.checks import run_checks
from reportgen.documents import DocumentSpec, documents_for
from reportgen.loader import CourtYear, InputError, load
from reportgen.render.context import build_context
from reportgen.render.environment import make_environment, template_error
from reportgen.scoring import YearResult, score_year
from reportgen.warnings import Finding, Location

DEFAULT_BUILDERS = ("docx", "html")


@dataclass
class BuildResult:
    written: list[Path] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


def render_markdown(cy: CourtYear, result: YearResult, spec: DocumentSpec, used_templates: set[Path]) -> str:
    """The Markdown of one document (Jinja templates over the computed data)."""
    env = make_environment(cy.court_dir, used_templates)
    context = build_context(cy, result, env)
    try:
        return env.get_template(spec.template).render(context)
    except TemplateError as exc:
        raise template_error(exc, spec.template) from None


def missing_data(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.code == "E-MISSING"]


def build_court(content: Path, slug: str, year: int | None, out_root: Path,
                builders: tuple[str, ...] = DEFAULT_BUILDERS) -> BuildResult:
    """Render every document of the year in every format, then write them all atomically."""
    cy = load(content, slug, year)
    scores = score_year(cy)
    findings = run_checks(cy, scores)
    missing = missing_data(findings)
    if missing:
        raise InputError(missing + [Finding("E-MISSING", "error",
                                            f"{cy.year} 年数据尚未填完（共 {len(missing)} 处），未生成文件。"
                                            f"请补全后再运行；可用 make check COURT={slug} YEAR={cy.year} 查看",
                                            Location())])
    out_dir = out_root / slug / str(cy.year)
    pending: list[tuple[Path, bytes]] = []
    result = BuildResult(findings=findings)
    reference = cy.court_dir / "reference.docx"
    for spec in documents_for(cy):
        used: set[Path] = set()
        markdown = render_markdown(cy, scores, spec, used)
        doc = markup.parse(markdown, title=spec.title, kind=spec.kind, source_name=f"{spec.template}（生成的 Markdown）",
                           warnings=result.findings)
        for name in builders:
            context = BuildContext(reference_doc=reference if reference.is_file() else None,
                                   warnings=result.findings)
            builder = get_builder(name)(context)
            pending.append((out_dir / f"{spec.stem}{builder.extension}", builder.render(doc)))
    for path, data in pending:
        write_bytes(path, data)
        result.written.append(path)
    return result
