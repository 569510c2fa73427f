"""The Jinja2 environment: sandboxed, strict, with the court's templates searched first.

Search order as Sphinx's templates_path: `content/<court>/templates/`, then the defaults in
`templates/`; `default/<name>` always reaches the built-in copy, so a court template can extend it.
"""

from __future__ import annotations

import traceback
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, FileSystemLoader, PrefixLoader, StrictUndefined, TemplateError
from jinja2.sandbox import SandboxedEnvironment

from reportgen.loader import CourtYear, InputError
from reportgen.numbering import cn_number
from reportgen.render.format import Formatter
from reportgen.warnings import Finding, Location

DEFAULT_TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


class RecordingLoader(FileSystemLoader):
    """Remembers which template files a build read, for the incremental-build manifest."""

    def __init__(self, path: Path, used: set[Path]) -> None:
        super().__init__(str(path))
        self.used = used

    def get_source(self, environment: Any, template: str) -> tuple[str, str | None, Any]:
        source, filename, uptodate = super().get_source(environment, template)
        if filename:
            self.used.add(Path(filename))
        return source, filename, uptodate


def make_environment(court_dir: Path, used: set[Path]) -> SandboxedEnvironment:
    default = RecordingLoader(DEFAULT_TEMPLATES, used)
    loaders: list[Any] = [PrefixLoader({"default": default})]
    court_templates = court_dir / "templates"
    if court_templates.is_dir():
        loaders.append(RecordingLoader(court_templates, used))
    loaders.append(default)
    env = SandboxedEnvironment(loader=ChoiceLoader(loaders), undefined=StrictUndefined, trim_blocks=True,
                               lstrip_blocks=True, keep_trailing_newline=True, autoescape=False)
    return env


def install_formatting(env: SandboxedEnvironment, fmt: Formatter) -> None:
    for name in ("amount", "score", "short", "percent", "rate", "target", "prose", "actual"):
        env.filters[name] = getattr(fmt, name)
    env.filters["cn_number"] = cn_number


def template_error(exc: TemplateError, template: str) -> InputError:
    """A template problem as a finding: which template, which line, what is undefined."""
    line = getattr(exc, "lineno", None)
    name = getattr(exc, "filename", None) or getattr(exc, "name", None) or template
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.endswith(".j2")]
    if frames and line is None:
        name, line = frames[-1].filename, frames[-1].lineno
    return InputError([Finding("E-TEMPLATE", "error", f"模板出错：{exc.message or exc}", Location(str(name), line))])


class Narratives:
    """Renders a clerk's free text (itself a Jinja template) with the figures it may quote."""

    def __init__(self, env: SandboxedEnvironment, cy: CourtYear, base: dict[str, Any]) -> None:
        self.env, self.cy, self.base = env, cy, base

    def __call__(self, owner: Any, *path: str | int, **extra: Any) -> str:
        value: Any = owner
        for part in path:
            value = value[part] if isinstance(part, int) else getattr(value, part)
        if not value:
            return ""
        try:
            return self.env.from_string(str(value)).render({**self.base, **extra}).strip()
        except TemplateError as exc:
            src = self.cy.source_of(owner)
            loc = src.locate(*path) if src else Location(field=".".join(map(str, path)))
            raise InputError([Finding("E-TEMPLATE", "error",
                                      f"文字中的 {{{{ … }}}} 无法填入：{exc.message or exc}。可用的名称见 docs/data-format.md",
                                      loc)]) from None
