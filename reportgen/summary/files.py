"""Writes the summary files next to the courts' folders, and only when their rows change.

A stamp records a digest of the rows with the hashes of the files made from them: a run in which
nothing changed costs a digest of a few thousand rows, not a workbook (openpyxl is not even imported).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from reportgen.atomic import write_all
from reportgen.fingerprint import digest as code_digest
from reportgen.manifest import hash_file, sha256
from reportgen.summary.rows import rows

if TYPE_CHECKING:
    from reportgen.batch import Outcome

HTML_NAME = "summary.html"
XLSX_NAME = "summary.xlsx"
STAMP_NAME = ".summary.json"


def write_summary(outcomes: list[Outcome], out_root: Path) -> list[Path]:
    """Write build/summary.html and build/summary.xlsx unless they are up to date; the files written."""
    courts, projects = rows(outcomes, out_root)
    digest = sha256(f"{code_digest()}\n{courts!r}\n{projects!r}".encode())
    stamp = out_root / STAMP_NAME
    try:
        old = json.loads(stamp.read_bytes())
    except (OSError, ValueError):
        old = None
    if isinstance(old, dict) and old.get("rows") == digest and isinstance(old.get("files"), dict) and \
            all(hash_file(out_root / name) == value for name, value in old["files"].items()):
        return []
    from reportgen.summary.html import render_html
    from reportgen.summary.xlsx import render_xlsx

    files = {HTML_NAME: render_html(courts, projects), XLSX_NAME: render_xlsx(courts, projects)}
    record = {"rows": digest, "files": {name: sha256(data) for name, data in files.items()}}
    write_all([(out_root / name, data) for name, data in files.items()]
              + [(stamp, json.dumps(record, indent=1).encode())])
    return [out_root / name for name in files]
