"""The corpus of bad inputs (tests/corpus/, see its README): every case through the real command line.

Each case must give one clear Chinese message naming the file, line and field, the documented exit
status and no traceback, and must leave every file as it was: a failed build writes nothing.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from reportgen.cli import main

CORPUS = Path(__file__).parent / "corpus"
BASE = CORPUS / "_base"
COURT = "c"
CJK = re.compile(r"[\u4e00-\u9fff]")
FINDING = re.compile(r"^(?P<where>.*?)(?:: )?(?P<severity>错误|警告) (?P<code>[A-Z][A-Z0-9-]*): (?P<message>.*)$")
WHERE = re.compile(r"^(?P<file>[^\[]*?)(?::(?P<line>\d+))?(?: ?\[(?P<field>.*)\])?$")
#: what an earlier build left in the output folder; a failed run must not touch it
SENTINELS = {"out/c/2024/report.docx": b"old report.docx", "out/c/2024/forms.html": b"<p>old forms.html</p>"}


@dataclass(frozen=True)
class Printed:
    """One finding as the command printed it: file:line [field]: 错误 CODE: message."""

    file: str
    line: int | None
    field: str
    severity: str
    code: str
    message: str


def cases() -> list[Path]:
    return sorted(p for p in CORPUS.iterdir() if p.is_dir() and not p.name.startswith("_"))


def expectation(case: Path) -> dict[str, Any]:
    return tomllib.loads((case / "expect.toml").read_text(encoding="utf-8"))


def _remove(target: Path) -> None:
    if target.is_dir() and not target.is_symlink():
        shutil.rmtree(target)
    elif os.path.lexists(target):
        target.unlink()


def _make(kind: str, target: Path, src: Path) -> None:
    """What git cannot store, made from a marker file `<name>.<kind>` (the old <name> removed first)."""
    _remove(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    spec = src.read_text(encoding="utf-8").strip()
    if kind == "symlink":  # the file holds the link's target
        target.symlink_to(spec)
    elif kind == "fifo":
        os.mkfifo(target)
    elif kind == "mkdir":
        target.mkdir()
    elif kind == "sparse":  # the file holds the size in bytes: a file of that many zero bytes
        with open(target, "wb") as fh:
            fh.truncate(int(spec))
    elif kind == "repeat":  # "<count> <text>": the text that many times (a file too big to keep in git)
        count, text = spec.split(" ", 1)
        target.write_text(text.encode().decode("unicode_escape") * int(count), encoding="utf-8")


MARKERS = ("delete", "symlink", "fifo", "mkdir", "sparse", "repeat")


def assemble(case: Path, root: Path) -> Path:
    """The shared good court with the case's files laid over it. A marker `<name>.delete` removes
    <name>; `.symlink`, `.fifo`, `.mkdir`, `.sparse` and `.repeat` put in its place what git cannot hold."""
    if expectation(case).get("base", True):
        shutil.copytree(BASE, root, dirs_exist_ok=True)
    for rel, body in SENTINELS.items():  # first: a case may put something else in an output's place
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(body)
    for src in sorted(case.rglob("*")):
        rel = src.relative_to(case)
        if src.is_dir() or rel == Path("expect.toml"):
            continue
        dst = root / rel
        stem, _, kind = src.name.rpartition(".")
        if kind in MARKERS:
            target = dst.with_name(stem)
            if kind == "delete":
                _remove(target)
            else:
                _make(kind, target, src)
            continue
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, dst)
    return root


def argv(root: Path, expect: dict[str, Any]) -> list[str]:
    command = expect["command"]
    out = ["-o", str(root / "out")] if command == "build" else []
    return ["--content", str(root / "content"), command, COURT, *out, *expect.get("args", [])]


def snapshot(root: Path) -> dict[str, bytes]:
    """Every regular file under root (pipes, devices and links to them are left alone: never read)."""
    found = {}
    for folder, _dirs, files in os.walk(root):
        for name in files:
            path = Path(folder, name)
            if path.is_file() and not (path.is_symlink() and not path.resolve().is_relative_to(root)):
                found[path.relative_to(root).as_posix()] = path.read_bytes()
    return dict(sorted(found.items()))


def printed(output: str) -> list[Printed]:
    """Every finding line of the output, parsed back; other lines (summaries, paths written) are skipped."""
    found = []
    for text in output.splitlines():
        m = FINDING.match(text)
        if not m:
            continue
        where = WHERE.match(m["where"])
        assert where, text
        file = Path(where["file"]).name if where["file"] else ""
        line = int(where["line"]) if where["line"] else None
        found.append(Printed(file, line, where["field"] or "", m["severity"], m["code"], m["message"]))
    return found


def assert_finding(findings: list[Printed], want: dict[str, Any]) -> None:
    """The expected finding is printed exactly as the case says: no line or field unless it names one."""
    where = (want["file"], want.get("line"), want.get("field", ""))
    matching = [f for f in findings if f.code == want["code"] and (f.file, f.line, f.field) == where]
    assert len(matching) == 1, (want["code"], where, findings)
    f = matching[0]
    assert CJK.search(f.message), f.message
    for words in want.get("contains", []):
        assert words in f.message, (words, f.message)


def assert_built(root: Path, before: dict[str, bytes], want: dict[str, Any]) -> None:
    """An accepted case really builds: fresh outputs replace the old ones and hold the expected text."""
    out = root / "out" / COURT / "2024"
    for rel, body in SENTINELS.items():
        assert (root / rel).read_bytes() != body, rel
    text = (out / want["file"]).read_text(encoding="utf-8")
    for words in want.get("contains", []):
        assert words in text, words
    for words in want.get("absent", []):
        assert words not in text, words
    after = snapshot(root)
    assert {k: v for k, v in after.items() if k.startswith("content/")} == \
        {k: v for k, v in before.items() if k.startswith("content/")}, "the content must not change"


@pytest.mark.parametrize("case", cases(), ids=lambda p: p.name)
def test_bad_input(case: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """One case of the corpus, judged as a clerk would see it: status, message and the files left behind."""
    expect = expectation(case)
    root = assemble(case, tmp_path)
    before = snapshot(root)

    try:
        status = main(argv(root, expect))
    except SystemExit as exc:  # the command line itself refused (argparse's errors, in Chinese)
        status = exc.code

    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert status == expect["exit"], out + err
    findings = printed(err)
    assert len(findings) == expect.get("findings", 1 if "finding" in expect else 0), findings
    assert all(CJK.search(f.message) for f in findings), findings
    if "finding" in expect:
        assert_finding(findings, expect["finding"])
    for words in expect.get("stderr_contains", []):
        assert words in err, (words, err)
    if "built" in expect:
        assert_built(root, before, expect["built"])
    else:
        assert snapshot(root) == before, "nothing may be written or changed"
        assert "已生成" not in out


def test_the_base_court_is_clean(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Each case differs from _base by its one defect only, so _base itself must check clean and build."""
    shutil.copytree(BASE, tmp_path, dirs_exist_ok=True)
    assert main(["--content", str(tmp_path / "content"), "check", COURT]) == 0
    assert main(["--content", str(tmp_path / "content"), "build", COURT, "-o", str(tmp_path / "out")]) == 0
    _out, err = capsys.readouterr()
    assert printed(err) == []
    built = sorted(p.name for p in (tmp_path / "out" / COURT / "2024").iterdir() if not p.name.startswith("."))
    assert built == ["forms.docx", "forms.html", "report.docx", "report.html"]


#: every class of bad input the corpus must hold, by the words its cases' folders are named with
CLASSES = {
    "syntax": ("toml-", "json-"), "types": ("type-",), "amounts": ("amount-", "number-"), "missing": ("missing-",),
    "encoding": ("gbk", "control", "bom"), "file system": ("folder", "pipe", "link", "too-large", "name-too-long"),
    "nesting": ("nested",), "templates": ("template-",), "sandbox": ("times", "range", "concat", "power", "width"),
    "duplicates": ("duplicate", "twice"), "blocked outputs": ("output-",), "command line": ("cli-",),
}


def test_the_corpus_covers_enough() -> None:
    assert len(cases()) >= 100
    assert all((case / "expect.toml").is_file() for case in cases())
    for name, words in CLASSES.items():
        assert any(any(w in case.name for w in words) for case in cases()), f"no corpus case of class {name}"


CONSOLE_CASES = ["25-amount-too-large", "56-control-escape-in-toml", "65-template-python-error"]


@pytest.mark.parametrize("name", CONSOLE_CASES)
def test_console_script_prints_no_traceback(name: str, tmp_path: Path) -> None:
    """The installed `reportgen` command, as a clerk runs it, on cases that once ended in a traceback."""
    script = shutil.which("reportgen", path=str(Path(sys.executable).parent))
    if script is None:
        pytest.skip("the reportgen console script is not installed next to this Python")
    case = CORPUS / name
    expect = expectation(case)
    root = assemble(case, tmp_path)
    before = snapshot(root)
    proc = subprocess.run([script, *argv(root, expect)], capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == expect["exit"], proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout
    assert_finding(printed(proc.stderr), expect["finding"])
    assert snapshot(root) == before
