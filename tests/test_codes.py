"""The registry of finding codes (reportgen/codes.py) is complete, is what the package emits, and is
what the build, the batch and the documentation go by."""

from __future__ import annotations

import ast
import io
import tomllib
from contextlib import redirect_stderr
from pathlib import Path

import pytest

import reportgen
from reportgen import batch, cli, codes
from reportgen.build import BuildResult
from reportgen.findings import Finding, Location

PACKAGE = Path(reportgen.__file__).parent
ROOT = PACKAGE.parent
CORPUS = Path(__file__).parent / "corpus"


def literals() -> dict[str, list[str]]:
    """Every string constant of the package's source that looks like a code, with where it is written."""
    found: dict[str, list[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if path == PACKAGE / "codes.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and codes.PATTERN.match(node.value):
                found.setdefault(node.value, []).append(f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def test_every_code_the_package_writes_is_registered() -> None:
    unknown = {code: where for code, where in literals().items() if code not in codes.CODES}
    assert unknown == {}, "register these in reportgen/codes.py"


def test_every_registered_code_is_emitted_somewhere() -> None:
    """No code in the table that nothing can emit (a W-STYLE that nothing writes)."""
    assert sorted(set(codes.CODES) - set(literals())) == []


def test_severity_written_beside_a_code_agrees_with_the_registry() -> None:
    """Finding("E-…", "error", …) written directly: the severity must be the one the code's prefix says."""
    disagree = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or len(node.args) < 2:
                continue
            code, sev = node.args[0], node.args[1]
            if isinstance(code, ast.Constant) and isinstance(sev, ast.Constant) and code.value in codes.CODES \
                    and sev.value in ("error", "warning") and codes.severity(code.value) != sev.value:
                disagree.append(f"{path.name}:{node.lineno} {code.value} {sev.value}")
    assert disagree == []


def test_every_code_has_a_chinese_meaning_and_a_known_stage() -> None:
    for c in codes.CODES.values():
        assert codes.PATTERN.match(c.code), c.code
        assert c.stage in codes.STAGES, c
        assert any("\u4e00" <= ch <= "\u9fff" for ch in c.meaning), c
        assert "\n" not in c.meaning


def test_docs_list_every_code() -> None:
    """docs/codes.md is generated from the registry; regenerate it with `python -m reportgen.codes`."""
    text = (ROOT / "docs" / "codes.md").read_text(encoding="utf-8")
    assert text == codes.markdown()
    for code in codes.CODES:
        assert f"| {code} |" in text


def test_every_code_the_corpus_expects_is_registered() -> None:
    expected = {tomllib.loads(p.read_text(encoding="utf-8")).get("finding", {}).get("code")
                for p in CORPUS.glob("*/expect.toml")}
    assert sorted(expected - set(codes.CODES) - {None}) == []


FINDINGS = [Finding(code, codes.severity(code), f"说明 {code}", Location("f.toml", 1)) for code in codes.CODES]


def test_batch_shows_the_findings_the_registry_marks_as_shown() -> None:
    outcome = batch._outcome("c", [Path("out/c/2024/report.docx")], [], FINDINGS)
    shown = {line.split(": ")[1].split()[1] for line in outcome.shown}
    assert shown == {c.code for c in codes.CODES.values() if c.shown}
    assert {"E-TEMPLATE", "W-DOCX-REFERENCE", "W-MARKUP"} <= shown
    assert "E-STATED-TOTAL" not in shown


def test_build_command_shows_the_same_findings_as_the_batch(monkeypatch: pytest.MonkeyPatch) -> None:
    import reportgen.build

    monkeypatch.setattr(reportgen.build, "build_court", lambda *a, **k: BuildResult(findings=list(FINDINGS)))
    err = io.StringIO()
    with redirect_stderr(err):
        cli.main(["build", "c"])
    printed = {line.split(": ")[1].split()[1] for line in err.getvalue().splitlines() if line.startswith("f.toml")}
    outcome = batch._outcome("c", [Path("out/c/2024/report.docx")], [], FINDINGS)
    assert printed == {line.split(": ")[1].split()[1] for line in outcome.shown}
