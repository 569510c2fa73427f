"""The free texts the prose checks read: every `Text` field of a court's year, as the clerk typed it.

Checks read the text as written with its {{ … }}, {% … %} and {# … #} spans blanked out, not the rendered
text: a figure quoted through {{ }} comes from the data and is right by construction, so only what was
typed by hand is judged; the blanked text keeps every character's position, so a finding names the line of
the Markdown file itself; and no text needs rendering, so `check` and `build` stay as fast as before.
"""

from __future__ import annotations

import functools
import re
from typing import NamedTuple, get_args

from pydantic import BaseModel

from reportgen.findings import FieldPath, Location
from reportgen.loader import CourtYear
from reportgen.models.base import is_text, nested_models
from reportgen.sourcemap import text_location

#: Stands for a character of a template span: no digit, no word character, so no pattern reaches across it.
BLANK = "\ue000"
_TEMPLATE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
_NOT_NEWLINE = re.compile(r"[^\n]")

#: An evaluation's texts as the prose checks' messages name them.
TITLES = {"goal": "年度总体目标", "goal_actual": "实际完成情况", "summary": "总体绩效目标完成情况分析",
          "deviation": "偏离绩效目标的原因", "conclusion": "自评结论", "purpose": "项目资金主要用途",
          "change_reason": "变化原因"}


def typed(text: str) -> str:
    """The text with its template spans blanked, character for character (newlines kept)."""
    if "{" not in text:
        return text
    return _TEMPLATE.sub(_blank, text)


def _blank(span: re.Match[str]) -> str:
    """A span of one line (most: `{{ year }}`) is blanked without a second pattern."""
    text = span[0]
    return _NOT_NEWLINE.sub(BLANK, text) if "\n" in text else BLANK * len(text)


class Prose(NamedTuple):
    """One text: the model with a source it belongs to (court, year file, department or project),
    the field inside it, and what was typed."""

    owner: BaseModel
    path: FieldPath
    text: str  # template spans blanked (see `typed`)


@functools.cache
def _plan(cls: type[BaseModel]) -> tuple[tuple[tuple[str, bool], ...], tuple[str, ...]]:
    """Of the fields of `cls`: (name, is a list) of each `Text` or `list[Text]`, and the names of the fields
    that hold models with texts of their own (settings, funds and figures hold none and are never walked)."""
    texts, nested = [], []
    for name, info in cls.model_fields.items():
        if is_text(info.annotation, info.metadata):
            texts.append((name, False))
        elif any(is_text(arg) for arg in get_args(info.annotation)):
            texts.append((name, True))
        elif any(_plan(m) != ((), ()) for m in nested_models(info.annotation)):
            nested.append(name)
    return tuple(texts), tuple(nested)


def texts_in(model: BaseModel, path: FieldPath = (), out: list[tuple[FieldPath, str]] | None = None) \
        -> list[tuple[FieldPath, str]]:
    """(field path, text) of every non-empty text of a model and of the models nested in it."""
    out = [] if out is None else out
    texts, nested = _plan(type(model))
    for name, many in texts:
        value = getattr(model, name)
        if not value:
            continue
        if many:
            out.extend(((*path, name, index), text) for index, text in enumerate(value) if text)
        else:
            out.append(((*path, name), value))
    for name in nested:
        value = getattr(model, name)
        if isinstance(value, BaseModel):
            texts_in(value, (*path, name), out)
        elif isinstance(value, list):
            for index, item in enumerate(value):
                texts_in(item, (*path, name, index), out)
    return out


def prose_of(model: BaseModel) -> list[Prose]:
    return [Prose(model, path, typed(text)) for path, text in texts_in(model)]


def all_prose(cy: CourtYear) -> list[Prose]:
    """Every text of the court's year: the court's, the year file's, the department's, each project's."""
    data = cy.data
    owners: list[BaseModel] = [cy.court, data.info, *([data.department] if data.department else []), *data.projects]
    return [p for owner in owners for p in prose_of(owner)]


def locate(cy: CourtYear, prose: Prose, pos: int = 0) -> Location:
    """Where the character at `pos` of a text is: the Markdown file's own line when the text lives in one,
    else the line of its field in the data file."""
    return text_location(cy.source_of(prose.owner), prose.path, prose.text.count("\n", 0, pos) + 1)
