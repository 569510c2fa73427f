"""Incremental builds: a JSON manifest of sha256 hashes of each document's inputs and outputs.

The check reads and hashes files only — nothing is parsed or validated — so an unchanged court
costs a few milliseconds. Hashes, not mtimes: a fresh checkout or a copy rebuilds nothing, and
an edit that keeps the mtime is still seen. Paths are part of what is compared, so a new or
deleted data file triggers a rebuild too.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from reportgen import fingerprint
from reportgen.findings import Finding, Location
from reportgen.loader import COURT_STEM, DATA_SUFFIXES, YEAR_STEMS
from reportgen.textfile import DOCX_LIMIT, TextFileError, read_file

NAME = ".manifest.json"
FORMAT = 1
#: the court's files a year may read whatever its data says (templates/ as a whole: any may be included)
COURT_FILES = tuple(f"{COURT_STEM}{suffix}" for suffix in DATA_SUFFIXES) + ("reference.docx",)
YEAR_FILES = tuple(f"{stem}{suffix}" for stem in YEAR_STEMS for suffix in DATA_SUFFIXES)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def hash_file(path: Path | str) -> str | None:
    """The file's sha256, or None when it is not a regular file of sane size or cannot be read
    (which counts as a change: the build then says what is wrong with it). Never blocks on a pipe."""
    try:
        return hashlib.sha256(read_file(path, DOCX_LIMIT)).hexdigest()
    except TextFileError:
        return None


_stat_cache: dict[str, tuple[tuple[int, int, int], str | None]] = {}


def hash_shared(path: str) -> str | None:
    """hash_file for files many courts share (the default templates): hashed once per process
    unless the file is replaced or rewritten; the hash itself is still of the content."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    key = (st.st_ino, st.st_size, st.st_mtime_ns)
    cached = _stat_cache.get(path)
    if cached and cached[0] == key:
        return cached[1]
    digest = hash_file(path)
    _stat_cache[path] = (key, digest)
    return digest


def scan_inputs(court_dir: Path, year: int) -> list[str]:
    """Paths (relative, POSIX) of the files the year reads whatever its data says: the data files the
    loader looks for, reference.docx and the court's templates. The texts the data refers to are
    added by the Recorder and checked again by their recorded path; other files are never read."""
    base = str(court_dir)
    y = str(year)
    found = [name for name in COURT_FILES if os.path.lexists(os.path.join(base, name))]
    found += [f"{y}/{name}" for name in YEAR_FILES if os.path.lexists(os.path.join(base, y, name))]
    try:
        projects = sorted(e.name for e in os.scandir(os.path.join(base, y, "projects"))
                          if e.name.endswith(DATA_SUFFIXES))
    except OSError:
        projects = []
    found += [f"{y}/projects/{name}" for name in projects]
    for root, dirs, files in os.walk(os.path.join(base, "templates")):
        dirs.sort()
        rel = os.path.relpath(root, base).replace(os.sep, "/")
        found += [f"{rel}/{name}" for name in sorted(files)]
    return found


def hash_inputs(court_dir: Path, paths: list[str]) -> dict[str, str | None]:
    base = str(court_dir)  # plain strings: pathlib costs more than hashing these small files
    return {rel: hash_file(os.path.join(base, rel)) for rel in paths}


@dataclass
class Plan:
    """What an earlier build left, compared with the files now: which documents are fresh."""

    court_dir: Path
    year: int
    out_dir: Path
    builders: tuple[str, ...]
    inputs: dict[str, str | None]
    old: dict[str, Any] | None = None
    #: document kind → its output paths, for documents whose inputs and outputs are unchanged
    fresh: dict[str, list[Path]] = field(default_factory=dict)
    #: the findings the last build reported: the data's (key None) and each document's
    recorded: dict[str | None, list[Finding]] = field(default_factory=dict)

    @property
    def complete(self) -> bool:
        """Every document of the last build is fresh: nothing to load, nothing to write."""
        return self.old is not None and bool(self.fresh) and set(self.fresh) == set(self.old["documents"])

    @property
    def summary(self) -> dict[str, Any] | None:
        """The court's figures for the summary of all courts, as the last build recorded them."""
        recorded = self.old.get("summary") if self.old is not None else None
        return recorded if isinstance(recorded, dict) else None

    def skipped(self) -> list[Path]:
        return [path for paths in self.fresh.values() for path in paths]

    def findings(self, kind: str | None = None) -> list[Finding]:
        """The findings recorded with the last build: the data's (kind None) or one document's."""
        return list(self.recorded.get(kind, []))

    def all_findings(self) -> list[Finding]:
        """Everything the last build reported, when it is all skipped now."""
        return self.findings() + [f for kind in self.fresh for f in self.findings(kind)]


def manifest_path(out_dir: Path) -> Path:
    return out_dir / NAME


def read(out_dir: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(read_file(manifest_path(out_dir)))
    except (TextFileError, ValueError, RecursionError):  # not there, not a file (a pipe), or edited by hand
        return None
    return data if isinstance(data, dict) and data.get("format") == FORMAT else None


def plan(court_dir: Path, year: int, out_dir: Path, builders: tuple[str, ...], force: bool = False,
         check_only: bool = False) -> Plan:
    """Hash the inputs now and compare them with the manifest; `force` (-E) trusts nothing.
    With `check_only`, a court without a usable manifest is not hashed (nothing to record)."""
    old = None if force else read(out_dir)
    usable = old is not None and old.get("reportgen") == fingerprint.digest() and old.get("builders") == list(builders)
    if check_only and not usable:
        return Plan(court_dir, year, out_dir, tuple(builders), {})
    inputs = hash_inputs(court_dir, scan_inputs(court_dir, year))
    result = Plan(court_dir, year, out_dir, tuple(builders), inputs)
    if not usable:
        return result
    assert old is not None
    try:
        _compare(result, old)
    except (KeyError, TypeError, AttributeError, ValueError):  # a manifest edited by hand
        result.old, result.fresh, result.recorded = None, {}, {}
    return result


def _compare(result: Plan, old: dict[str, Any]) -> None:
    """Fill in the fresh documents, unless a shared input changed."""
    # Files the data referred to outside the scanned folders are checked again by their recorded path.
    extra = [rel for rel in old["inputs"] if rel not in result.inputs]
    if {**result.inputs, **hash_inputs(result.court_dir, extra)} != old["inputs"]:
        return
    result.old = old
    result.recorded[None] = [_finding(f) for f in old["findings"]]
    for kind, doc in old["documents"].items():
        result.recorded[kind] = [_finding(f) for f in doc["findings"]]
        if all(hash_shared(path) == digest for path, digest in doc["templates"].items()) and \
                all(hash_file(os.path.join(result.out_dir, name)) == digest for name, digest in doc["outputs"].items()):
            result.fresh[kind] = [result.out_dir / name for name in doc["outputs"]]


def plan_court(content: Path, slug: str, year: int | None, out_root: Path, builders: tuple[str, ...],
               force: bool = False, check_only: bool = False) -> Plan | None:
    """plan() for a court and year named as on the command line (None = latest); None when the
    court or year does not exist (loading it then says why)."""
    from reportgen.loader import court_dir, list_years

    directory = court_dir(content, slug)
    years = list_years(directory)
    chosen = years[-1] if year is None and years else year
    if chosen not in years:
        return None
    return plan(directory, chosen, out_root / slug / str(chosen), builders, force, check_only)


class Recorder:
    """Collects what a build used and produced, for the manifest next to the outputs."""

    def __init__(self, plan: Plan, loaded: list[Path]) -> None:
        self.plan = plan
        self.inputs = dict(plan.inputs)
        court_dir = plan.court_dir.resolve()
        for path in loaded:
            resolved = path.resolve()
            if resolved.is_relative_to(court_dir):
                rel = resolved.relative_to(court_dir).as_posix()
                if rel not in self.inputs:
                    self.inputs[rel] = hash_file(resolved)
        self.documents: dict[str, Any] = {}

    def keep(self, kind: str) -> None:
        """A fresh document: its entry is carried over unchanged."""
        assert self.plan.old is not None
        self.documents[kind] = self.plan.old["documents"][kind]

    def document(self, kind: str, templates: set[Path], outputs: list[tuple[Path, bytes]],
                 findings: list[Finding]) -> None:
        court_dir = self.plan.court_dir.resolve()
        shared = sorted(str(p.resolve()) for p in templates if not p.resolve().is_relative_to(court_dir))
        self.documents[kind] = {
            "templates": {path: hash_shared(path) for path in shared},
            "outputs": {path.name: sha256(data) for path, data in outputs},
            "findings": [_raw(f) for f in findings],
        }

    def manifest(self, findings: list[Finding], summary: dict[str, Any] | None = None) -> tuple[Path, bytes]:
        """The manifest file and its bytes, to be written with the outputs it describes."""
        data = {
            "format": FORMAT,
            "reportgen": fingerprint.digest(),
            "builders": list(self.plan.builders),
            "year": self.plan.year,
            "inputs": self.inputs,
            "documents": self.documents,
            "findings": [_raw(f) for f in findings],
            "summary": summary,
        }
        text = json.dumps(data, ensure_ascii=False, indent=1)
        return manifest_path(self.plan.out_dir), text.encode("utf-8")


def _raw(f: Finding) -> dict[str, Any]:
    return {"code": f.code, "severity": f.severity, "message": f.message, **asdict(f.location)}


def _finding(raw: dict[str, Any]) -> Finding:
    return Finding(raw["code"], raw["severity"], raw["message"], Location(raw["file"], raw["line"], raw["field"]))
