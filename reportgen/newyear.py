"""Start next year's data from the latest year: structure, indicators, targets and weights carry
over; results, scores and the year's figures are emptied and marked to be filled in.

TOML files are edited line by line so that the clerk's comments survive. The new folder is built
in a temporary folder and renamed into place: an existing year is never touched.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
import tomllib
from pathlib import Path
from typing import Any

from reportgen.atomic import WriteError
from reportgen.findings import IncompleteError, display, input_error
from reportgen.loader import court_dir, list_years
from reportgen.models import Department, Project, YearFile
from reportgen.models.base import per_year_keys
from reportgen.textfile import DOCX_LIMIT, TextFileError, read_file, read_text

#: Keys whose values belong to one year's results, emptied in the new year: the fields the models mark PER_YEAR.
RESULT_KEYS = per_year_keys(YearFile, Department, Project)
#: The comment left in place of an emptied value; `xlsx import` puts the new value under it.
REMINDER = "# 待填写（{year}年）：{key}　上年为："
_KEY_LINE = re.compile(r"^(\s*)([A-Za-z_][A-Za-z0-9_]*)\s*=(.*)$")


def _value_complete(value: str) -> bool:
    """Whether a TOML value is whole (a multi-line array or string may continue on later lines)."""
    try:
        tomllib.loads(f"k ={value}")
    except tomllib.TOMLDecodeError:
        return False
    return True


def blank_toml(text: str, year: int) -> str:
    """Comment out result values, keeping each as a reminder of last year's entry."""
    out: list[str] = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        m = _KEY_LINE.match(line)
        if m and m[2] in RESULT_KEYS:
            block = [line]
            while not _value_complete("\n".join(block).split("=", 1)[1]) and i + 1 < len(lines):
                i += 1
                block.append(lines[i])
            out.append(m[1] + REMINDER.format(year=year, key=m[2]))
            out += [f"{m[1]}#   {b.strip()}" for b in block]
        else:
            out.append(line)
        i += 1
    return "\n".join(out) + "\n"


def blank_json(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: blank_json(v) for k, v in data.items() if k not in RESULT_KEYS}
    if isinstance(data, list):
        return [blank_json(v) for v in data]
    return data


def _carried_over(path: Path, year: int) -> bytes:
    """A file of the latest year as the new year starts it: data blanked, any other file as it is. Only
    regular files are read (a pipe or a link to /dev/zero would never end): anything else is refused."""
    try:
        if path.suffix == ".toml":
            return blank_toml(read_text(path), year).encode("utf-8")
        if path.suffix == ".json":
            data = json.loads(read_text(path))
            return (json.dumps(blank_json(data), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
        return read_file(path, DOCX_LIMIT)
    except TextFileError as exc:
        raise input_error(exc.code, exc.message, path, exc.line) from None
    except ValueError as exc:  # a JSON file the year's data does not read, yet broken
        raise input_error("E-INPUT-SYNTAX", f"JSON 语法错误，无法带入新年度（原文：{exc}）", path) from None


def new_year(content: Path, slug: str) -> tuple[int, Path]:
    """Create `<latest + 1>/` from the latest year. Refuses when the latest year is still unfilled."""
    from reportgen.checks import run_checks, still_missing
    from reportgen.loader import load
    from reportgen.scoring import score_year

    directory = court_dir(content, slug)
    years = list_years(directory)
    if not years:
        raise input_error("E-NEWYEAR", "没有任何年度数据，无法以上一年为底稿新建", directory)
    latest = years[-1]
    target = directory / str(latest + 1)
    if target.exists():
        raise input_error("E-NEWYEAR", f"{latest + 1} 年的数据已存在（{display(target)}），未做任何改动", target)
    cy = load(content, slug, latest)
    unfilled = still_missing(run_checks(cy, score_year(cy)))
    if unfilled:
        raise IncompleteError([*unfilled[:5], *input_error(
            "E-NEWYEAR", f"{latest} 年的数据还有 {len(unfilled)} 处没有填写，请先填完再新建 {latest + 1} 年。未做任何改动",
            directory / str(latest)).findings])
    source = directory / str(latest)
    staging = Path(tempfile.mkdtemp(prefix=f".{latest + 1}.", dir=directory))
    try:
        for folder, dirs, files in os.walk(source):  # links to folders are not followed, but refused
            dirs.sort()
            for name in (*dirs, *sorted(files)):
                path = Path(folder, name)
                dest = staging / path.relative_to(source)
                if name in dirs:
                    if path.is_symlink():
                        raise input_error("E-INPUT-FILE", "是指向文件夹的链接，无法复制到新年度，请换成真实的文件夹", path)
                    dest.mkdir()
                else:
                    dest.write_bytes(_carried_over(path, latest + 1))
        staging.rename(target)
    except BaseException as exc:
        shutil.rmtree(staging, ignore_errors=True)
        if isinstance(exc, OSError):
            raise WriteError.of(exc, target) from exc
        raise
    return latest + 1, target
