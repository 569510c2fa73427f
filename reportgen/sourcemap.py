"""Map a field path such as ("indicators", 3, "score") to its line in a TOML or JSON file.

tomllib and json give no positions, so we scan the text once. The TOML scanner understands the
subset a data file uses (tables, arrays of tables, key = value, multi-line strings); a path that
is not found resolves to its longest known prefix, so every message still names a line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

Path_ = tuple[str | int, ...]

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r'^\s*((?:[A-Za-z0-9_-]+|"[^"]*")(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"[^"]*"))*)\s*=')


def _split_key(key: str) -> list[str]:
    return [part.strip().strip('"') for part in re.findall(r'"[^"]*"|[^.]+', key)]


@dataclass
class SourceMap:
    lines: dict[Path_, int] = field(default_factory=dict)

    def line_of(self, path: Path_) -> int | None:
        for end in range(len(path), -1, -1):
            line = self.lines.get(tuple(path[:end]))
            if line is not None:
                return line
        return None

    @classmethod
    def from_toml(cls, text: str) -> SourceMap:
        smap = cls({(): 1})
        counters: dict[Path_, int] = {}
        current: Path_ = ()
        in_multiline: str | None = None
        for lineno, line in enumerate(text.splitlines(), start=1):
            if in_multiline:
                if line.count(in_multiline) % 2 == 1:
                    in_multiline = None
                continue
            header = _HEADER.match(line)
            if header and not _KEY.match(line):
                keys: Path_ = tuple(_split_key(header[2]))
                if header[1] == "[[":
                    # nested arrays of tables: [[groups.items]] belongs to the last [[groups]]
                    base = _resolve_parent(keys[:-1], counters) + keys[-1:]
                    index = counters.get(base, -1) + 1
                    counters[base] = index
                    current = base + (index,)
                    smap.lines.setdefault(base, lineno)
                else:
                    current = _resolve_parent(keys, counters)
                smap.lines.setdefault(current, lineno)
                continue
            key = _KEY.match(line)
            if key:
                smap.lines.setdefault(current + tuple(_split_key(key[1])), lineno)
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


def _resolve_parent(keys: Path_, counters: dict[Path_, int]) -> Path_:
    """Insert array indexes for prefixes that are arrays of tables: a.b → a, 2, b."""
    out: Path_ = ()
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

    def value(self, path: Path_) -> None:
        self.ws()
        self.smap.lines.setdefault(path, self.line)
        if self.pos >= len(self.text):
            return
        ch = self.text[self.pos]
        if ch == "{":
            self.pos += 1
            while True:
                self.ws()
                if self.pos >= len(self.text) or self.text[self.pos] == "}":
                    self.pos += 1
                    return
                if self.text[self.pos] == ",":
                    self.pos += 1
                    continue
                key_line = self.line
                key = self.string()
                self.smap.lines.setdefault(path + (key,), key_line)
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
        else:
            while self.pos < len(self.text) and self.text[self.pos] not in ",]}\n":
                self.pos += 1

    def string(self) -> str:
        start = self.pos = self.pos + 1
        while self.pos < len(self.text) and self.text[self.pos] != '"':
            self.pos += 2 if self.text[self.pos] == "\\" else 1
        self.pos += 1
        return self.text[start:self.pos - 1]
