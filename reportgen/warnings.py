"""Findings and warnings collected by every stage, each with a stable code and a location."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


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
