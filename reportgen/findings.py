"""Findings collected by every stage, each with a stable code and a location, and the error that
carries them out of a stage whose input cannot be used."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

Severity = Literal["error", "warning"]

FieldPath = tuple[str | int, ...]
"""A field inside a data file: ("indicators", 3, "score")."""


@dataclass(frozen=True)
class Location:
    file: str = ""
    line: int | None = None
    field: str = ""

    def __str__(self) -> str:
        where = self.file + (f":{self.line}" if self.line else "")
        if self.field:
            where = f"{where} [{self.field}]" if where else f"[{self.field}]"
        return where


@dataclass(frozen=True)
class Finding:
    code: str
    severity: Severity
    message: str
    location: Location = Location()

    def format(self) -> str:
        label = "错误" if self.severity == "error" else "警告"
        where = f"{self.location}: " if str(self.location) else ""
        return f"{where}{label} {self.code}: {self.message}"


class InputError(Exception):
    """The input cannot be used; carries one finding per problem (the CLI prints them, exit 2)."""

    def __init__(self, findings: list[Finding]) -> None:
        super().__init__("\n".join(f.format() for f in findings))
        self.findings = findings


class IncompleteError(InputError):
    """The input is readable and valid but not yet filled in (E-MISSING): the CLI says so, exit 3."""


def display(path: Path) -> str:
    """A path as a message shows it: relative to the working folder when it can be."""
    return _relative(str(path), os.getcwd())


@lru_cache(maxsize=4096)
def _relative(path: str, cwd: str) -> str:
    """Cached: os.path.relpath costs 50 µs, and every finding of a file names it again (measured:
    a few ms of every court's check). The working folder is part of the key, as the command
    server's children each run in their client's."""
    try:
        return os.path.relpath(path, cwd)
    except ValueError:
        return path


def input_error(code: str, message: str, path: Path | None = None, line: int | None = None, fld: str = "") -> InputError:
    return InputError([Finding(code, "error", message, Location(display(path) if path else "", line, fld))])
