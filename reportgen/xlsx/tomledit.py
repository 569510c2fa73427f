"""Edit a data file as a clerk wrote it: tomlkit keeps comments, order and formatting; a file keeps
its BOM and line endings; a Markdown text keeps its margins."""

from __future__ import annotations

import codecs
import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import tomlkit
from tomlkit.container import Container
from tomlkit.items import AoT, Comment, Table

from reportgen.findings import FieldPath
from reportgen.newyear import REMINDER


def item(value: Any) -> Any:
    """A TOML item for a new value: exact decimals as written, long text as a multi-line string."""
    if isinstance(value, Decimal):
        return tomlkit.integer(int(value)) if value == value.to_integral_value() else tomlkit.float_(f"{value:f}")
    if isinstance(value, str) and "\n" in value:
        return tomlkit.string(value, multiline=True)
    if isinstance(value, dt.date):
        return tomlkit.date(value.isoformat())
    return value


def set_value(doc: tomlkit.TOMLDocument, path: FieldPath, value: Any, year: int) -> None:
    """Set (None: remove) the value at a field path, creating the tables and lists on the way."""
    node: Any = doc
    for n, step in enumerate(path[:-1]):
        following = path[n + 1]
        element: Any = tomlkit.table()
        if isinstance(following, int):  # a list: of tables when its elements have fields
            element = tomlkit.aot() if n + 2 < len(path) else tomlkit.array()
        if isinstance(step, int):
            if step >= len(node):
                if isinstance(node, AoT):
                    _place(node, len(node), tomlkit.table())
                else:
                    node.append(element)
        elif step not in node:
            node[step] = element
        node = node[step]
    last = path[-1]
    if isinstance(last, int):
        if last < len(node):
            node[last] = item(value if value is not None else "")
        elif value is not None:
            node.append(item(value))
    elif value is None:
        if last in node:
            del node[last]
    elif last in node or not isinstance(node, Table | Container):
        node[last] = item(value)
    else:
        _add(node.value if isinstance(node, Table) else node, last, item(value), year)


def _add(container: Container, key: str, value: Any, year: int) -> None:
    """A new key goes under the reminder `make new-year` left for it, else after the table's last value:
    never below the comments that head the next table. (tomlkit inserts at a position only privately.)"""
    body = container.body
    reminder = REMINDER.format(year=year, key=key)
    slot = next((i + 1 for i, (k, v) in enumerate(body)
                 if k is None and isinstance(v, Comment) and v.as_string().strip() == reminder), None)
    if slot is not None:
        while slot < len(body) and isinstance(body[slot][1], Comment) and body[slot][1].as_string().lstrip() \
                .startswith("#   "):  # last year's value, quoted under the reminder
            slot += 1
    else:
        slot = 1 + max((i for i, (k, v) in enumerate(body) if k is not None and not isinstance(v, Table | AoT)),
                       default=-1)
    if slot >= len(body):
        container.append(key, value)
    else:
        container._insert_at(slot, key, value)


def insert_table(doc: tomlkit.TOMLDocument, key: str, position: int, values: dict[str, Any]) -> None:
    """A new [[key]] table at `position` of its list, with the values given (None left out)."""
    table = tomlkit.table()
    for name, value in values.items():
        if value is not None:
            table[name] = item(value)
    if key not in doc:
        doc.append(key, tomlkit.aot())
    _place(doc[key], position, table)


def _place(tables: AoT, position: int, table: Table) -> None:
    """Insert a table with a blank line between it and its neighbours, as the clerk's tables have."""
    if position < len(tables):
        table.add(tomlkit.nl())
    elif len(tables):  # the new last table ends as the old one did, and a blank line comes between them
        if tables[-1].as_string().endswith("\n\n"):
            table.add(tomlkit.nl())
        else:
            tables[-1].add(tomlkit.nl())
    tables.insert(position, table)


def read(path: Path) -> tuple[bool, str]:
    """(BOM?, text) of a file as saved, line endings untranslated: a Notepad file keeps its BOM and CRLF."""
    raw = path.read_bytes()
    return raw.startswith(codecs.BOM_UTF8), raw.decode("utf-8-sig")


def encode(path: Path, text: str) -> bytes:
    """The new text of a file in the file's own encoding: its BOM and line endings."""
    bom, old = read(path)
    if "\r\n" in old:
        text = text.replace("\r\n", "\n").replace("\n", "\r\n")
    return (codecs.BOM_UTF8 if bom else b"") + text.encode("utf-8")


def markdown(path: Path, text: str) -> str:
    """The new text in the file's own margins (the loader strips them)."""
    old = read(path)[1]
    if not old.strip():
        return f"{text}\n"
    return f"{old[:len(old) - len(old.lstrip())]}{text}{old[len(old.rstrip()):]}"
