"""Map a field path such as ("indicators", 3, "score") to its line in a TOML or JSON file, and
the location (SourceRef) that every model read from a file carries.

tomllib and json give no positions, so we scan the text once. The TOML scanner understands the
subset a data file uses (tables, arrays of tables, key = value, multi-line strings); a path that
is not found resolves to its longest known prefix, so every message still names a line. Both
scanners also read a file that does not parse, so that a syntax error can name the field of its line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from reportgen.findings import FieldPath, Location, display
from reportgen.messages import field_path

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r'^\s*((?:[A-Za-z0-9_-]+|"[^"]*")(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"[^"]*"))*)\s*=')


def _split_key(key: str) -> list[str]:
    if '"' not in key and "." not in key:  # the common case: a bare key
        return [key.strip()]
    return [part.strip().strip('"') for part in re.findall(r'"[^"]*"|[^.]+', key)]


@dataclass
class SourceMap:
    lines: dict[FieldPath, int] = field(default_factory=dict)
    #: every path written on each line, even a key written twice: to name the field of a line that failed to parse
    by_line: dict[int, list[FieldPath]] = field(default_factory=dict)
    #: the first key written twice in one JSON object, and the line of its second occurrence
    duplicate: tuple[FieldPath, int] | None = None

    def line_of(self, path: FieldPath) -> int | None:
        for end in range(len(path), -1, -1):
            line = self.lines.get(tuple(path[:end]))
            if line is not None:
                return line
        return None

    def path_at(self, line: int) -> FieldPath:
        """The deepest path written on `line`; when several keys share the line, the table they share."""
        paths = self.by_line.get(line, [])
        leaves = [p for p in paths if not any(len(q) > len(p) and q[:len(p)] == p for q in paths)]
        if not leaves:
            return ()
        common = leaves[0]
        for p in leaves[1:]:
            while common != p[:len(common)]:
                common = common[:-1]
        return common

    def record(self, path: FieldPath, line: int) -> None:
        self.lines.setdefault(path, line)
        self.by_line.setdefault(line, []).append(path)

    @classmethod
    def from_toml(cls, text: str) -> SourceMap:
        smap = cls({(): 1})
        counters: dict[FieldPath, int] = {}
        current: FieldPath = ()
        in_multiline: str | None = None
        for lineno, line in enumerate(text.splitlines(), start=1):
            if in_multiline:
                if line.count(in_multiline) % 2 == 1:
                    in_multiline = None
                continue
            first = line.lstrip()[:1]
            if not first or first == "#":  # blank or a comment: most lines of a commented data file
                continue
            header = _HEADER.match(line) if first == "[" else None
            if header and not _KEY.match(line):
                keys: FieldPath = tuple(_split_key(header[2]))
                if header[1] == "[[":
                    # nested arrays of tables: [[groups.items]] belongs to the last [[groups]]
                    base = _resolve_parent(keys[:-1], counters) + keys[-1:]
                    index = counters.get(base, -1) + 1
                    counters[base] = index
                    current = base + (index,)
                    smap.record(base, lineno)
                else:
                    current = _resolve_parent(keys, counters)
                smap.record(current, lineno)
                smap.lines.setdefault(current[:1], lineno)  # [a.b] also writes a, as the key an error may name
                continue
            key = _KEY.match(line)
            if key:
                smap.record(current + tuple(_split_key(key[1])), lineno)
                rest = line[key.end():]
                for quote in ('"""', "'''"):
                    if rest.count(quote) % 2 == 1:
                        in_multiline = quote
        return smap

    @classmethod
    def from_json(cls, text: str) -> SourceMap:
        smap = cls()
        _JsonScanner(text, smap).value(())
        return smap


def _resolve_parent(keys: FieldPath, counters: dict[FieldPath, int]) -> FieldPath:
    """Insert array indexes for prefixes that are arrays of tables: a.b → a, 2, b."""
    out: FieldPath = ()
    for key in keys:
        out += (key,)
        if out in counters:
            out += (counters[out],)
    return out


class _JsonScanner:
    """Just enough of a JSON parser to record the line where each value starts."""

    def __init__(self, text: str, smap: SourceMap) -> None:
        self.text, self.smap, self.pos, self.line = text, smap, 0, 1

    def ws(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos] in " \t\r\n\ufeff":
            if self.text[self.pos] == "\n":
                self.line += 1
            self.pos += 1

    def value(self, path: FieldPath) -> None:
        self.ws()
        self.smap.record(path, self.line)
        if self.pos >= len(self.text):
            return
        ch = self.text[self.pos]
        if ch == "{":
            self.pos += 1
            keys: set[str] = set()
            while True:
                self.ws()
                if self.pos >= len(self.text) or self.text[self.pos] == "}":
                    self.pos += 1
                    return
                if self.text[self.pos] != '"':  # a comma, or a stray character of a malformed file
                    self.pos += 1
                    continue
                key_line = self.line
                key = self.string()
                if key in keys and self.smap.duplicate is None:
                    self.smap.duplicate = (path + (key,), key_line)
                keys.add(key)
                self.smap.record(path + (key,), key_line)
                self.ws()
                self.pos += 1  # ':'
                self.value(path + (key,))
        elif ch == "[":
            self.pos += 1
            index = 0
            while True:
                self.ws()
                if self.pos >= len(self.text) or self.text[self.pos] == "]":
                    self.pos += 1
                    return
                if self.text[self.pos] == ",":
                    self.pos += 1
                    continue
                self.value(path + (index,))
                index += 1
        elif ch == '"':
            self.string()
        else:  # a number, true, false or null; in a malformed file perhaps a stray character, skipped too
            self.pos += 1
            while self.pos < len(self.text) and self.text[self.pos] not in ",]}\n":
                self.pos += 1

    def string(self) -> str:
        start = self.pos = self.pos + 1
        while self.pos < len(self.text) and self.text[self.pos] not in '"\n':  # a string never spans lines
            self.pos += 2 if self.text[self.pos] == "\\" else 1
        end = self.pos
        if self.text[self.pos:self.pos + 1] == '"':
            self.pos += 1
        return self.text[start:end]


@dataclass(frozen=True)
class TextSource:
    """A Markdown file a text field was read from; its text starts at `first_line` (blank lines are stripped)."""

    path: Path
    first_line: int


@dataclass(frozen=True)
class SourceRef:
    """Where a model came from, to name the line of any of its fields.

    A model nested in a file (year.toml's [report]) has the path of its table as `prefix`.
    """

    path: Path
    smap: SourceMap
    prefix: FieldPath = ()
    texts: dict[FieldPath, TextSource] = field(default_factory=dict)  # { file = … } fields by their full path

    def locate(self, *loc: str | int) -> Location:
        full = (*self.prefix, *loc)
        return Location(display(self.path), self.smap.line_of(full), field_path(full))

    def text_source(self, *loc: str | int) -> TextSource | None:
        return self.texts.get((*self.prefix, *loc))

    def within(self, *loc: str | int) -> SourceRef:
        """The location of a model nested at `loc` (made directly: dataclasses.replace costs 4 µs,
        and every nested model of a court gets one)."""
        return SourceRef(self.path, self.smap, (*self.prefix, *loc), self.texts)


def text_location(src: SourceRef | None, path: FieldPath, line: int = 1) -> Location:
    """Line `line` (1-based) of the text at `path` of a model read from `src`: in its Markdown file
    when the text lives in one, else the line of its field in the data file."""
    if src is None:
        return Location(field=".".join(map(str, path)))
    where = src.locate(*path)
    md = src.text_source(*path)
    if md is None:
        return where
    return Location(display(md.path), md.first_line + line - 1, where.field)
