"""Shared test helpers: paths of the repository and a builder of small court folders."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CONTENT = REPO / "content"

DEFAULT_COURT = 'name = "测试法院"\n'
#: a valid project file, for tests to break one thing at a time
GOOD_PROJECT = """\
# 测试项目
name = "测试项目"
execution_weight = 10

[[funds]]
source = "本级安排"
budget = 100
spent = 100

[[groups]]
name = "产出指标"
weight = 90

[[indicators]]
level1 = "产出指标"
level2 = "数量指标"
name = "维修改造面积"
target = "≥5000平方米"
actual = "5000平方米"
weight = 90
score = 90
"""

DEFAULT_YEAR = 'documents = ["report"]\n\n[report]\n'  # the checks of forms' blank cells are tested on their own


@pytest.fixture
def make_court(tmp_path: Path) -> Callable[..., Path]:
    """Write a court folder under tmp_path/content/<slug>/ and return the content root.

    `files` maps paths relative to the court folder to text (written as UTF-8) or bytes.
    court.toml and 2024/year.toml get minimal defaults unless given; pass None to omit one.
    """

    def build(files: dict[str, str | bytes | None] | None = None, slug: str = "t") -> Path:
        all_files: dict[str, str | bytes | None] = {"court.toml": DEFAULT_COURT, "2024/year.toml": DEFAULT_YEAR}
        all_files.update(files or {})
        return write_court(tmp_path / "content", all_files, slug)

    return build


def write_court(content: Path, files: Mapping[str, str | bytes | None], slug: str = "t") -> Path:
    """Write `files` (paths relative to the court folder; text as UTF-8, bytes as is, None skipped) under
    content/<slug>/ and return the content root. Usable where a function-scoped fixture is not (hypothesis)."""
    court = content / slug
    for rel, body in files.items():
        if body is None:
            continue
        path = court / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(body, bytes):
            path.write_bytes(body)
        else:
            path.write_text(body, encoding="utf-8")
    court.mkdir(parents=True, exist_ok=True)
    return content


def line_of(text: str, needle: str, after: str | None = None) -> int:
    """1-based number of the first line containing `needle` (after the first line containing `after`).

    A needle ending in a newline must match a whole line.
    """
    lines = text.splitlines()
    start = 0
    if after is not None:
        start = next(i for i, line in enumerate(lines) if after in line)
    for i in range(start, len(lines)):
        if lines[i] == needle[:-1] if needle.endswith("\n") else needle in lines[i]:
            return i + 1
    raise AssertionError(f"{needle!r} not found in text")
