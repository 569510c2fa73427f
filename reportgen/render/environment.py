"""The Jinja2 environment: sandboxed, strict, with the court's templates searched first.

Search order as Sphinx's templates_path: `content/<court>/templates/`, then the defaults in
`templates/`; `default/<name>` always reaches the built-in copy, so a court template can extend it.
"""

from __future__ import annotations

import os
import posixpath
import re
import traceback
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jinja2 import (
    ChoiceLoader,
    FileSystemLoader,
    PrefixLoader,
    StrictUndefined,
    Template,
    TemplateError,
    TemplateNotFound,
    TemplateRuntimeError,
    TemplateSyntaxError,
    UndefinedError,
)
from jinja2.exceptions import SecurityError
from jinja2.loaders import split_template_path
from jinja2.sandbox import SandboxedEnvironment

from reportgen.chinese_numerals import cn_number
from reportgen.findings import Finding, InputError, Location, display
from reportgen.loader import CourtYear
from reportgen.models.settings import Settings
from reportgen.render import sandbox
from reportgen.render.format import Formatter, markdown_text
from reportgen.render.sandbox import BoundedEnvironment, LimitError, Overtime, budget, render_bounded
from reportgen.sourcemap import text_location
from reportgen.textfile import TextFileError, read_text

DEFAULT_TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


class RecordingLoader(FileSystemLoader):
    """Reads templates as the data files are read (a regular file of sane size, UTF-8, no control
    characters: reportgen.textfile), and remembers which files a build read, for the manifest."""

    def __init__(self, path: Path, used: set[Path]) -> None:
        super().__init__(str(path))
        self.used = used

    def get_source(self, environment: Any, template: str) -> tuple[str, str, Callable[[], bool]]:
        filename = posixpath.join(self.searchpath[0], *split_template_path(template))
        if not os.path.lexists(filename):  # a folder or a pipe by that name is an error, not a fallback
            raise TemplateNotFound(template)
        try:
            source = read_text(Path(filename))
        except TextFileError as exc:
            raise InputError([Finding(exc.code, "error", f"模板：{exc.message}",
                                      Location(display(Path(filename)), exc.line))]) from None
        self.used.add(Path(filename))
        return source, os.path.normpath(filename), _unchanged


def _unchanged() -> bool:
    """An environment lives for one document: its templates are read once."""
    return True


class BoundedTemplate(Template):
    """A Python error while rendering (`{{ finance.budget / 2 }}` divides a formatted string, a court template
    gives a filter a text) is a template error like any other: reported with the template's line, never
    as a traceback."""

    def render(self, *args: Any, **kwargs: Any) -> str:
        try:
            with budget():
                ctx = self.new_context(dict(*args, **kwargs))
                try:
                    return render_bounded(self.root_render_func(ctx))
                except Exception:
                    self.environment.handle_exception()  # gives the traceback the templates' lines
        except TemplateError:
            raise
        except (ArithmeticError, AttributeError, LookupError, TypeError, ValueError) as exc:
            raise TemplateRuntimeError(str(exc)).with_traceback(exc.__traceback__) from None
        except RecursionError as exc:
            raise LimitError("模板或宏套用了自己（include、extends 或宏的循环调用），无法结束"
                                       ).with_traceback(exc.__traceback__) from None
        except Overtime as exc:
            raise LimitError(f"计算超过 {sandbox.RENDER_SECONDS:g} 秒仍未结束（可能是循环过多）"
                                       ).with_traceback(exc.__traceback__) from None
        except MemoryError as exc:
            raise LimitError("计算所需内存过多").with_traceback(exc.__traceback__) from None


#: compiled Jinja code shared by every environment of the process, most recently used last
_CODE: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
_CODE_LIMIT = 1024


class CourtEnvironment(BoundedEnvironment):
    """Sandboxed with bounds (reportgen.render.sandbox), and sharing compiled code: Jinja compiles every template again for each new
    environment, and every narrative on each from_string, a quarter of a build's time (measured: the
    cache halves the build). The same source under the same settings and filter names compiles to
    the same code, so environments of one process share it (bounded, for memory)."""

    def compile(self, source: Any, name: str | None = None, filename: str | None = None,
                raw: bool = False, defer_init: bool = False) -> Any:
        key = (self._settings_key, frozenset(self.filters), frozenset(self.tests), source, name, filename, raw,
               defer_init)
        code = _CODE.get(key)
        if code is None:
            code = _CODE[key] = super().compile(source, name, filename, raw, defer_init)  # type: ignore[call-overload]  # one signature for Jinja's two overloads
            if len(_CODE) > _CODE_LIMIT:
                _CODE.popitem(last=False)
        else:
            _CODE.move_to_end(key)
        return code

    @property
    def _settings_key(self) -> tuple[Any, ...]:
        return (type(self), self.block_start_string, self.variable_start_string, self.comment_start_string,
                self.line_statement_prefix, self.line_comment_prefix, self.trim_blocks, self.lstrip_blocks,
                self.newline_sequence, self.keep_trailing_newline, self.optimized, self.autoescape, self.undefined,
                self.is_async, tuple(self.extensions))


def precompile_default_templates() -> None:
    """Compile every built-in template as a build would load it, under both of its names (plain
    and `default/…`), so that processes forked afterwards share the code (the command server)."""
    env = make_environment(DEFAULT_TEMPLATES, set(), Formatter(Settings()))  # a "court" without templates/
    for path in sorted(DEFAULT_TEMPLATES.rglob("*.j2")):
        name = path.relative_to(DEFAULT_TEMPLATES).as_posix()
        env.get_template(name)
        env.get_template(f"default/{name}")


def make_environment(court_dir: Path, used: set[Path], fmt: Formatter) -> SandboxedEnvironment:
    """The environment of one court's build: its templates first, the court's number formats as filters,
    and compiled code shared with every other environment of the process."""
    default = RecordingLoader(DEFAULT_TEMPLATES, used)
    loaders: list[Any] = [PrefixLoader({"default": default})]
    court_templates = court_dir / "templates"
    if court_templates.is_dir():
        loaders.append(RecordingLoader(court_templates, used))
    loaders.append(default)
    env = CourtEnvironment(loader=ChoiceLoader(loaders), undefined=StrictUndefined, trim_blocks=True,
                               lstrip_blocks=True, keep_trailing_newline=True, autoescape=False)
    env.template_class = BoundedTemplate
    for name in ("amount", "score", "short", "percent", "rate", "target", "prose", "actual"):
        env.filters[name] = getattr(fmt, name)
    env.filters["cn_number"] = cn_number
    env.filters["md"] = markdown_text
    env.policies["json.dumps_kwargs"] = {"ensure_ascii": False, "sort_keys": False}
    return env


def explain(exc: TemplateError) -> str:
    """What went wrong in Chinese, with Jinja's own words after it."""
    text = exc.message or str(exc)
    if isinstance(exc, TemplateNotFound):
        return f"找不到模板“{exc.name}”"
    if isinstance(exc, LimitError):
        return text
    if isinstance(exc, UndefinedError):
        item = re.search(r"has no (?:attribute|item) '(.+?)'", text)
        name = re.search(r"^'(.+?)' is undefined", text)
        what = (f"没有“{item[1]}”这一项" if item else f"不认识的名称“{name[1]}”" if name else "用到了不存在的名称") \
            + "（拼写错误，或该数据不存在）"
    elif isinstance(exc, SecurityError):
        what = "用到了不允许访问的内容"
    elif isinstance(exc, TemplateSyntaxError):
        what = "语法错误：" + ("{% if %}、{% for %} 等缺少对应的结束标记" if "end of template" in text
                             else "{{ … }} 或 {% … %} 的写法不对")
    else:
        what = "计算或取值出错"
    return f"{what}（原文：{text}）"


def _failing_line(exc: TemplateError, in_file: Callable[[str], bool]) -> tuple[str, int | None]:
    """(file, line) where a template failed: a syntax error knows its line; a runtime error left it in the
    last traceback frame of a template file."""
    line = getattr(exc, "lineno", None)
    name = getattr(exc, "filename", None) or getattr(exc, "name", None) or ""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if in_file(f.filename)]
    if frames and line is None:
        name, line = frames[-1].filename, frames[-1].lineno
    return name, line


def template_error(exc: TemplateError, template: str) -> InputError:
    """A template problem as a finding: which template, which line, what is undefined."""
    name, line = _failing_line(exc, lambda filename: filename.endswith(".j2"))
    return InputError([Finding("E-TEMPLATE", "error", f"模板出错：{explain(exc)}",
                               Location(display(Path(name)) if name else template, line))])


class Narratives:
    """Renders a clerk's free text (itself a Jinja template) with the figures it may quote: the
    common names, and those `names(owner, path)` gives for the text's place."""

    def __init__(self, env: SandboxedEnvironment, cy: CourtYear, base: dict[str, Any],
                 names: Callable[[Any, tuple[str | int, ...]], dict[str, Any]]) -> None:
        self.env, self.cy, self.base, self.names = env, cy, base, names

    def __call__(self, owner: Any, *path: str | int) -> str:
        value: Any = owner
        for part in path:
            value = value[part] if isinstance(part, int) else getattr(value, part)
        if not value:
            return ""
        text = str(value)
        if "{" not in text and "\r" not in text:  # no {{ }}, {% %} or {# #}: Jinja would print it as it is
            return text.strip()  # (two in five texts: 1 ms a court of compiling and rendering them)
        try:
            names = {**self.base, **self.names(owner, path)}
            return self.env.from_string(text).render(names).strip()
        except TemplateError as exc:
            hint = "限制见 docs/data-format.md “Limits”" if isinstance(exc, LimitError) else "可用的名称见 docs/data-format.md"
            raise InputError([Finding("E-TEMPLATE", "error", f"文字中的 {{{{ … }}}} 无法填入：{explain(exc)}。{hint}",
                                      self._locate(exc, owner, path))]) from None

    def _locate(self, exc: TemplateError, owner: Any, path: tuple[str | int, ...]) -> Location:
        """The Markdown file and line of the text when it has one, else the line of its field."""
        _, line = _failing_line(exc, lambda filename: filename == "<template>")
        return text_location(self.cy.source_of(owner), path, line or 1)
