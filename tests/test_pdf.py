"""The pdf builder: LibreOffice converts the DOCX; pages, fonts, title and author checked with poppler."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import CONTENT

from reportgen import batch
from reportgen.build import DEFAULT_BUILDERS
from reportgen.builders import builder_names, pdf
from reportgen.cli import main

TOOLS = {name: shutil.which(name) for name in ("pdfinfo", "pdffonts", "pdftotext")}
pytestmark = pytest.mark.skipif(pdf.find_soffice() is None or None in TOOLS.values(),
                                reason="LibreOffice or poppler-utils not installed")


def info(path: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, timeout=60, check=True).stdout
    return {k.strip(): v.strip() for k, v in (line.split(":", 1) for line in out.splitlines() if ":" in line)}


@pytest.fixture(scope="module")
def lanzhou(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """lanzhou-xinqu built as DOCX and PDF in one run."""
    out = tmp_path_factory.mktemp("pdf")
    assert main(["--content", str(CONTENT), "build", "lanzhou-xinqu", "-b", "docx", "-b", "pdf",
                 "-o", str(out)]) == 0
    return out / "lanzhou-xinqu" / "2024"


def test_pdf_is_not_a_default_builder():
    assert "pdf" in builder_names() and "pdf" not in DEFAULT_BUILDERS


def test_title_author_and_page_count_match_the_docx(lanzhou, tmp_path):
    meta = info(lanzhou / "report.pdf")
    assert meta["Title"] == "兰州新区人民法院2024年度预算执行情况自评报告"
    assert meta["Author"] == "兰州新区人民法院"
    assert meta["Page size"].startswith("595") and "A4" in meta["Page size"]
    # The same DOCX converted by hand gives as many pages: the PDF is the Word layout.
    profile = (tmp_path / "profile").as_uri()
    subprocess.run([pdf.find_soffice(), f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(lanzhou / "report.docx")], capture_output=True, timeout=300,
                   check=True)
    pages = int(meta["Pages"])
    assert pages == int(info(tmp_path / "report.pdf")["Pages"])
    assert 10 <= pages <= 40
    text = subprocess.run(["pdftotext", str(lanzhou / "report.pdf"), "-"], capture_output=True, text=True,
                          timeout=60, check=True).stdout
    assert text.count("\f") == pages
    assert "部门整体支出绩效自评情况分析" in re.sub(r"\s+", "", text)


def test_every_font_is_embedded(lanzhou):
    out = subprocess.run(["pdffonts", str(lanzhou / "forms.pdf")], capture_output=True, text=True, timeout=60,
                         check=True).stdout
    rows = [line.split() for line in out.splitlines()[2:] if line.strip()]
    assert rows, "pdffonts lists no font"
    assert all(row[-5] == "yes" for row in rows), out  # the emb column
    assert any("CJK" in row[0] or "Song" in row[0] or "Fang" in row[0] for row in rows), out


def test_pdf_is_reproducible_and_incremental(lanzhou, capsys):
    """The same inputs give the same bytes (no clock, no random ID); an unchanged court is skipped."""
    out = lanzhou.parents[1]
    before = (lanzhou / "report.pdf").read_bytes()
    manifest = json.loads((lanzhou / ".manifest.json").read_text(encoding="utf-8"))
    assert set(manifest["documents"]["report"]["outputs"]) == {"report.docx", "report.pdf"}
    capsys.readouterr()
    args = ["--content", str(CONTENT), "build", "lanzhou-xinqu", "-b", "docx", "-b", "pdf", "-o", str(out)]
    assert main(args) == 0
    said = capsys.readouterr().out
    assert "未变化，跳过" in said and "已生成" not in said
    assert main([*args, "-E"]) == 0
    assert (lanzhou / "report.pdf").read_bytes() == before


def test_parallel_conversions_each_have_their_own_profile(tmp_path):
    content = tmp_path / "content"
    for slug in ("pingtang", "example-tribunal"):
        shutil.copytree(CONTENT / slug, content / slug)
    outcomes = batch.build_all(content, tmp_path / "build", ("pdf",), workers=2)
    assert [o.failure for o in outcomes] == [None, None]
    assert int(info(tmp_path / "build" / "pingtang" / "2024" / "forms.pdf")["Pages"]) >= 2
    assert int(info(tmp_path / "build" / "example-tribunal" / "2025" / "declaration.pdf")["Pages"]) >= 1


def test_without_libreoffice_the_clerk_is_told_how_to_install_it(monkeypatch, tmp_path, capsys):
    monkeypatch.setattr(pdf.shutil, "which", lambda name: None)
    monkeypatch.setattr(pdf, "INSTALL_PLACES", ())
    assert main(["--content", str(CONTENT), "build", "pingtang", "-b", "pdf", "-o", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "未找到 LibreOffice" in err and "apt-get install" in err and "Traceback" not in err
    assert not (tmp_path / "pingtang").exists()
