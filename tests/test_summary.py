"""build --all also writes build/summary.html and build/summary.xlsx: a row per court and per project."""

from __future__ import annotations

import re
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import CONTENT
from openpyxl import load_workbook

from reportgen import build as build_module
from reportgen.cli import main
from reportgen.loader import load
from reportgen.scoring import score_year


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """The three reference courts and one whose project file has a TOML syntax error."""
    root = tmp_path / "content"
    for slug in ("lanzhou-xinqu", "pingtang", "example-tribunal"):
        shutil.copytree(CONTENT / slug, root / slug)
    shutil.copytree(CONTENT / "pingtang", root / "broken")
    project = root / "broken" / "2024" / "projects" / "01-dianli-xitong-weixiu-gaizao.toml"
    project.write_text(project.read_text(encoding="utf-8").replace('code = "PT2024-01"', 'code = PT2024-01'),
                       encoding="utf-8")
    return root


def run_all(content: Path, out: Path, *extra: str) -> int:
    return main(["--content", str(content), "build", "--all", "-o", str(out), *extra])


def test_a_row_per_court_and_per_project_in_both_files(content, tmp_path):
    out = tmp_path / "build"
    assert run_all(content, out) == 2  # the broken court fails; the others are summarised
    lanzhou = score_year(load(CONTENT, "lanzhou-xinqu", None))
    dept = lanzhou.department
    assert dept is not None and dept.execution.rate is not None

    wb = load_workbook(out / "summary.xlsx")
    courts = [row for row in wb["法院"].iter_rows(min_row=2, values_only=True)]
    assert [row[1] for row in courts] == ["broken", "example-tribunal", "lanzhou-xinqu", "pingtang"]
    by_slug = {row[1]: row for row in courts}
    row = by_slug["lanzhou-xinqu"]
    assert row[0] == "兰州新区人民法院" and row[2] == 2024
    assert Decimal(str(row[3])) == dept.total.quantize(Decimal("0.01")) and row[4] == dept.grade
    assert abs(Decimal(str(row[5])) * 100 - dept.execution.rate) < Decimal("0.005")
    assert (row[6], row[7]) == (26, 29)  # as build --all's own summary counts them (3 W-ACTUAL-BAND)
    assert by_slug["broken"][8].startswith("失败：") and "TOML" in by_slug["broken"][8]
    links = [c.hyperlink.target for c in wb["法院"][courts.index(row) + 2] if c.hyperlink]
    assert links == ["lanzhou-xinqu/2024/report.docx", "lanzhou-xinqu/2024/report.html",
                     "lanzhou-xinqu/2024/forms.docx", "lanzhou-xinqu/2024/forms.html"]
    assert all((out / link).is_file() for link in links)

    expected = sum(len(load(CONTENT, slug, None).data.projects) for slug in ("example-tribunal", "lanzhou-xinqu",
                                                                             "pingtang"))
    projects = list(wb["项目"].iter_rows(min_row=2, values_only=True))
    assert len(projects) == expected
    first = lanzhou.projects[0]
    assert ("兰州新区人民法院", 2024, "全省法院业务费") == projects[[p[2] for p in projects].index("全省法院业务费")][:3]
    assert any(Decimal(str(p[3])) == first.total.quantize(Decimal("0.01")) for p in projects if p[0] == "兰州新区人民法院")

    page = (out / "summary.html").read_text(encoding="utf-8")
    assert "<script" not in page
    body = page[page.index("<h2>法院"):page.index("<h2>项目")]
    assert len(re.findall(r"<tr[ >]", body)) == 1 + 4  # head and one row per court
    assert len(re.findall(r"<tr[ >]", page[page.index("<h2>项目"):])) == 1 + expected
    assert '<a href="lanzhou-xinqu/2024/report.html">report.html</a>' in page
    assert f'<td class="n">{dept.total.quantize(Decimal("0.01"))}</td><td>{dept.grade}</td>' in page


def test_deterministic_and_not_rewritten_nor_reloaded_when_nothing_changed(content, tmp_path, monkeypatch):
    first, second = tmp_path / "a", tmp_path / "b"
    run_all(content, first)
    run_all(content, second, "-E")
    names = ("summary.html", "summary.xlsx")
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes()
    mtimes = {name: (first / name).stat().st_mtime_ns for name in names}

    def no_load(*args, **kwargs):
        raise AssertionError("a fresh court was loaded again")

    # Fresh courts give their figures from their manifests: nothing is loaded, nothing rewritten.
    shutil.rmtree(content / "broken")  # (a failing court is retried, hence loaded, on every run)
    run_all(content, first)
    assert "broken" not in (first / "summary.html").read_text(encoding="utf-8")
    mtimes = {name: (first / name).stat().st_mtime_ns for name in names}
    before = {name: (first / name).read_bytes() for name in names}
    monkeypatch.setattr(build_module, "load", no_load)
    assert run_all(content, first) == 0
    assert {name: (first / name).stat().st_mtime_ns for name in names} == mtimes
    # A summary deleted by hand comes back the same, still without loading any court.
    (first / "summary.xlsx").unlink()
    assert run_all(content, first) == 0
    assert {name: (first / name).read_bytes() for name in names} == before
