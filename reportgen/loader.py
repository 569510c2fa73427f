"""Read a court's files, validate them and report every problem with file, line and field.

Nothing here raises a traceback at a user: every failure becomes an `InputError` carrying
Chinese findings (code E-INPUT-*), which the CLI prints before exiting with status 2.
"""

from __future__ import annotations

import functools
import json
import os
import re
import tomllib
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from reportgen.findings import (
    FieldPath,
    Finding,
    InputError,
    Location,
    display,
    input_error,
)
from reportgen.messages import field_path, validation_message
from reportgen.models import Court, Department, Project, Year, YearFile
from reportgen.models.base import nested_models
from reportgen.sourcemap import SourceMap, SourceRef, TextSource
from reportgen.textfile import (
    CONTROL,
    TextFileError,
    control_message,
    html_message,
    html_tag,
    read_file,
    read_text,
)

M = TypeVar("M", bound=BaseModel)
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
#: what a data file may be written in, and the names of a court's and a year's files (besides projects/)
DATA_SUFFIXES = (".toml", ".json")
COURT_STEM = "court"
YEAR_STEMS = ("year", "department")




def decode(path: Path) -> str:
    try:
        return read_text(path)
    except TextFileError as exc:
        raise input_error(exc.code, exc.message, path, exc.line, _field_on_line(path, exc.line)) from None


def _field_on_line(path: Path, line: int | None) -> str:
    """The key written on the line of a file that cannot be decoded, read leniently just to name it."""
    if line is None or path.suffix not in DATA_SUFFIXES:
        return ""
    text = read_file(path).decode("utf-8", errors="replace")
    smap = SourceMap.from_json(text) if path.suffix == ".json" else SourceMap.from_toml(text)
    return field_path(smap.path_at(line))


#: nesting of arrays and tables a data file may have; ours have four, and parsers recurse on each level
MAX_DEPTH = 32
#: Python refuses to read an integer of more than 4300 digits (sys.get_int_max_str_digits)
_DIGITS = re.compile(r"\d{4301,}")
_BRACKETS = re.compile(r"[\[\]{}]")


def _refuse_deep_nesting(text: str, path: Path) -> None:
    """Arrays and inline tables nested deeper than parsers can recurse, found before any parser runs.
    Brackets are counted in strings too: only a file meant to break the parser comes near the limit.
    (Dotted keys nest without brackets, but tomllib reads them without recursing, and so does the loader.)"""
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return
    depth = 0
    for bracket in _BRACKETS.finditer(text):
        if bracket[0] in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                line = text.count("\n", 0, bracket.start()) + 1
                raise input_error("E-INPUT-LIMIT", f"数组或表嵌套超过 {MAX_DEPTH} 层，请检查括号是否多写或漏写了闭合",
                                  path, line)
        else:
            depth = max(depth - 1, 0)


def _too_many_digits(text: str, path: Path) -> InputError:
    """The parser refused a number longer than Python reads (4300 digits): where it is."""
    long = _DIGITS.search(text)
    line = text.count("\n", 0, long.start()) + 1 if long else None
    digits = f"有 {len(long[0])} 位，" if long else ""
    return input_error("E-INPUT-LIMIT", f"数字{digits}位数过多，请核对", path, line,
                       _field_on_line(path, line) if line else "")


def read_data(path: Path) -> tuple[dict[str, Any], SourceMap]:
    """Parse a TOML or JSON data file into plain data with Decimal numbers."""
    text = decode(path)
    _refuse_deep_nesting(text, path)
    if path.suffix == ".json":
        smap = SourceMap.from_json(text)
        try:
            data = json.loads(text, parse_float=Decimal)
        except json.JSONDecodeError as exc:  # a ValueError too, so before the one below
            raise input_error("E-INPUT-SYNTAX", f"JSON 语法错误：{_json_hint(exc.msg)}（第{exc.colno}列；原文：{exc.msg}）",
                              path, exc.lineno, field_path(smap.path_at(exc.lineno))) from None
        except ValueError:  # an integer of more than 4300 digits
            raise _too_many_digits(text, path) from None
        if not isinstance(data, dict):
            raise input_error("E-INPUT-SYNTAX", "JSON 文件的最外层应为对象 { … }", path, 1)
        if smap.duplicate is not None:  # json keeps the last silently; TOML refuses, and so do we
            key, where = smap.duplicate
            raise input_error("E-INPUT-SYNTAX", f"JSON 语法错误：同一个键“{key[-1]}”在同一个对象中写了两次，请删去一个",
                              path, where, field_path(key))
    else:
        smap = SourceMap.from_toml(text)
        try:
            data = tomllib.loads(text, parse_float=Decimal)
        except tomllib.TOMLDecodeError as exc:
            m = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
            line = int(m[1]) if m else None
            detail = re.sub(r"\s*\(at line.*\)", "", str(exc))
            raise input_error("E-INPUT-SYNTAX", f"TOML 语法错误：{_toml_hint(detail)}（原文：{detail}）", path,
                              line, field_path(smap.path_at(line)) if line else "") from None
        except ValueError:  # an integer of more than 4300 digits
            raise _too_many_digits(text, path) from None
    if "\\" in text:  # without an escape every value is the file's own text, checked as it was read
        _refuse_escaped_controls(data, path, smap)
    return data, smap


def _refuse_escaped_controls(data: dict[str, Any], path: Path, smap: SourceMap) -> None:
    """An escape such as "\\u0007" decodes to a character the raw-text check never saw."""
    for loc, value in _leaves(data):
        bad = CONTROL.search(value) if isinstance(value, str) else None
        if bad:
            raise InputError([Finding("E-INPUT-CONTROL", "error",
                                      f"{control_message(bad.group())}（由 \\u{ord(bad.group()):04X} 之类的转义写法写入）",
                                      SourceRef(path, smap).locate(*loc))])


Leaves = list[tuple[FieldPath, Any]]


def _text_sources(leaves: Leaves, read: dict[str, tuple[Path, str]]) -> dict[FieldPath, tuple[TextSource, str]]:
    """The { file = … } fields of a data file with the file each was read from (`read`: by name) and its text."""
    found = {}
    for loc, value in leaves:
        if _is_file_ref(value) and str(value["file"]) in read:
            path, text = read[str(value["file"])]
            first_line = text[:len(text) - len(text.lstrip())].count("\n") + 1
            found[loc] = (TextSource(path, first_line), text)
    return found


def _html_notes(leaves: Leaves, src: SourceRef, texts: dict[FieldPath, tuple[TextSource, str]]) -> list[Finding]:
    """HTML tags in a text are printed as typed (escaped, never run): loading goes on and `check` warns,
    naming the Markdown file and its line when the text is a { file = … }."""
    notes = []
    for loc, value in leaves:
        text_source, value = texts.get(loc, (None, value))
        found = html_tag(value) if isinstance(value, str) else None
        if found:
            where = src.locate(*loc)
            if text_source:
                where = Location(display(text_source.path), found[0], where.field)
            notes.append(Finding("W-TEXT-HTML", "warning", html_message(found[1]), where))
    return notes


def _is_file_ref(value: Any) -> bool:
    return isinstance(value, dict) and len(value) == 1 and "file" in value


def _leaves(value: Any) -> Leaves:
    """Every value of parsed data that is not a table or a list (a { file = … } counts as one), with its
    path, in document order. Iterative: dotted TOML keys nest tables as deep as they are long."""
    out: Leaves = []
    stack: list[tuple[FieldPath, Any]] = [((), value)]
    pop, push = stack.pop, stack.append
    while stack:
        loc, item = pop()
        if type(item) is dict and not _is_file_ref(item):  # the parsers make plain dicts and lists
            for key in reversed(list(item)):
                push(((*loc, key), item[key]))
        elif type(item) is list:
            for index in range(len(item) - 1, -1, -1):
                push(((*loc, index), item[index]))
        else:
            out.append((loc, item))
    return out


_JSON_HINTS = {
    "Expecting ',' delimiter": "缺少逗号",
    "Expecting ':' delimiter": "键后缺少冒号",
    "Expecting property name enclosed in double quotes": "键名须用英文双引号，或最后一项后多了逗号",
    "Expecting value": "缺少值，或多了逗号",
    "Unterminated string": "引号没有闭合",
    "Extra data": "文件末尾有多余内容",
    "Invalid control character": "字符串中有换行等控制字符，请改用 \\n",
}


def _json_hint(msg: str) -> str:
    return next((hint for key, hint in _JSON_HINTS.items() if msg.startswith(key)), "格式不对")


def _toml_hint(detail: str) -> str:
    if "Cannot overwrite" in detail or "Cannot declare" in detail:
        return "同一个键或表写了两次"
    if "Invalid value" in detail or "Invalid" in detail:
        return "缺少值，或值的写法不对（文字要加英文引号，数字不加）"
    if "Expected '=' " in detail:
        return "这一行缺少“=”或键名不对"
    if "Unclosed" in detail or "not closed" in detail or detail == "Illegal character '\\n'":
        return "引号或括号没有闭合"
    return "格式不对"


def find_data_file(directory: Path, stem: str) -> Path | None:
    # Anything by that name, a folder or a dangling link too: reading it then says what is wrong with it.
    found = [p for p in (directory / f"{stem}{suffix}" for suffix in DATA_SUFFIXES) if os.path.lexists(p)]
    if len(found) > 1:
        raise input_error("E-INPUT-DUPLICATE", f"同时存在 {stem}.toml 和 {stem}.json，请只保留一个", directory)
    return found[0] if found else None


@dataclass
class CourtYear:
    """A court's validated data for one year, with the files it came from."""

    slug: str
    court_dir: Path
    court: Court
    data: Year
    previous: Year | None = None  # last year's data, when it exists and reads cleanly
    inputs: list[Path] = field(default_factory=list)
    notes: list[Finding] = field(default_factory=list)  # warnings found while reading; `check` reports them

    @property
    def year(self) -> int:
        return self.data.year

    @staticmethod
    def source_of(model: object) -> SourceRef | None:
        """Where a model came from (set by the loader on every model it read, nested ones included)."""
        private = getattr(model, "__pydantic_private__", None)
        return private.get("_source") if private else None


@functools.cache
def _nested_fields(cls: type[BaseModel]) -> tuple[str, ...]:
    """The fields of `cls` that may hold models: the only ones _attach looks into (an indicator has
    twenty fields and no model in them)."""
    return tuple(name for name, info in cls.model_fields.items() if nested_models(info.annotation))


def _attach(model: BaseModel, src: SourceRef) -> None:
    """Give a model read from a file, and every model nested in it, its own location there."""
    model.__pydantic_private__["_source"] = src  # type: ignore[index]  # pydantic's __setattr__ costs 3 µs
    for name in _nested_fields(type(model)):
        value = getattr(model, name)
        if isinstance(value, BaseModel):
            _attach(value, src.within(name))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, BaseModel):
                    _attach(item, src.within(name, index))


class _Reader:
    """Collects every problem of every file before failing, as sphinx-build does."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()  # resolved once: every { file = … } is checked against it
        self.errors: list[Finding] = []
        self.notes: list[Finding] = []
        self.inputs: list[Path] = []

    def model(self, model: type[M], path: Path) -> M | None:
        try:
            data, smap = read_data(path)
        except InputError as exc:
            self.errors += exc.findings
            return None
        self.inputs.append(path)
        files: list[Path] = []
        read: dict[str, tuple[Path, str]] = {}
        try:
            obj = model.model_validate(data, context={"base_dir": str(path.parent), "root": str(self.root),
                                                      "files": files, "texts": read})
        except ValidationError as exc:
            src = SourceRef(path, smap)
            for err in exc.errors():
                loc = src.locate(*err["loc"])
                self.errors.append(Finding("E-INPUT-SCHEMA", "error", validation_message(err), loc))
            return None
        self.inputs += files
        leaves = _leaves(data)
        texts = _text_sources(leaves, read)
        src = SourceRef(path, smap, texts={loc: ts for loc, (ts, _text) in texts.items()})
        _attach(obj, src)
        self.notes += _html_notes(leaves, src, texts)
        return obj

    def check(self) -> None:
        if self.errors:
            raise InputError(self.errors)


def court_dir(content: Path, slug: str) -> Path:
    if not SLUG.match(slug):
        raise input_error("E-INPUT-COURT", f"法院代号“{slug}”不合规：只能用小写字母、数字和“-”，如 lanzhou-xinqu")
    directory = content / slug
    if not directory.is_dir():
        known = ", ".join(list_courts(content)) or "（无）"
        raise input_error("E-INPUT-COURT", f"找不到法院“{slug}”（应在 {display(directory)}）。已有：{known}")
    return directory


def list_courts(content: Path) -> list[str]:
    """Every folder with a court.toml or court.json, a broken one included (to be reported)."""
    if not content.is_dir():
        return []
    return sorted(p.name for p in content.iterdir() if p.is_dir() and SLUG.match(p.name)
                  and ((p / "court.toml").is_file() or (p / "court.json").is_file()))


def list_years(directory: Path) -> list[int]:
    return sorted(int(p.name) for p in directory.iterdir() if p.is_dir() and re.fullmatch(r"\d{4}", p.name))


def load(content: Path, slug: str, year: int | None = None, with_previous: bool = True) -> CourtYear:
    """Load and validate one court's year (the latest when `year` is None)."""
    directory = court_dir(content, slug)
    court_file = find_data_file(directory, COURT_STEM)
    if court_file is None:
        raise input_error("E-INPUT-COURT", "缺少 court.toml（法院基本信息），可复制其他法院的同名文件修改", directory)
    years = list_years(directory)
    if not years:
        raise input_error("E-INPUT-YEAR", "没有年度数据文件夹（如 2024/）", directory)
    chosen = years[-1] if year is None else year
    if chosen not in years:
        raise input_error("E-INPUT-YEAR", f"没有 {chosen} 年的数据。已有年度：{', '.join(map(str, years))}", directory)
    year_dir = directory / str(chosen)

    reader = _Reader(directory)
    court = reader.model(Court, court_file)
    year_file = find_data_file(year_dir, YEAR_STEMS[0])
    if year_file is None:
        raise input_error("E-INPUT-YEAR", "缺少 year.toml（本年度要生成哪些文件）", year_dir)
    info = reader.model(YearFile, year_file)
    dept_file = find_data_file(year_dir, YEAR_STEMS[1])
    department = reader.model(Department, dept_file) if dept_file else None
    project_dir = year_dir / "projects"
    project_files = sorted(p for p in project_dir.glob("*") if p.suffix in DATA_SUFFIXES) \
        if project_dir.is_dir() else []
    projects = [reader.model(Project, p) for p in project_files]
    reader.check()
    assert court is not None and info is not None
    data = Year(year=chosen, info=info, department=department, projects=[p for p in projects if p])
    previous = None
    if with_previous and chosen - 1 in years:
        try:
            previous = load(content, slug, chosen - 1, with_previous=False).data
        except InputError:
            previous = None  # last year's own problems are reported when that year is checked
    return CourtYear(slug, directory, court, data, previous, reader.inputs, reader.notes)
