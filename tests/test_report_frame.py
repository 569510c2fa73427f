"""The report's frame in the table style too, and a court template that extends a default one by its blocks."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import CONTENT

from reportgen.build import render_markdown
from reportgen.documents import documents_for
from reportgen.loader import load
from reportgen.scoring import score_year


def _report(content: Path, slug: str) -> str:
    cy = load(content, slug)
    spec = next(s for s in documents_for(cy) if s.kind == "report")
    return render_markdown(cy, score_year(cy), spec, set())


def _copy(tmp_path: Path) -> tuple[Path, Path]:
    root = tmp_path / "content"
    shutil.copytree(CONTENT / "lanzhou-xinqu", root / "lanzhou-xinqu")
    return root, root / "lanzhou-xinqu"


def test_addressee_and_opening_in_the_table_style(tmp_path):
    root, court = _copy(tmp_path)
    year = court / "2024" / "year.toml"
    year.write_text(year.read_text(encoding="utf-8").replace(
        "[report]\n", '[report]\naddressee = "兰州新区财政局"\nopening = "根据{{ year }}年绩效自评工作通知要求，现将有关情况报告如下。"\n'),
        encoding="utf-8")
    markdown = _report(root, "lanzhou-xinqu")
    head = markdown.split("# 基本情况")[0]
    assert "```{para} form-meta\n兰州新区财政局：\n```" in head
    assert "根据2024年绩效自评工作通知要求，现将有关情况报告如下。" in head
    assert markdown.split("# 基本情况")[1] == _report(CONTENT, "lanzhou-xinqu").split("# 基本情况")[1]


def test_a_court_template_replaces_one_block(tmp_path):
    root, court = _copy(tmp_path)
    (court / "templates" / "report").mkdir(parents=True)
    (court / "templates" / "report" / "04-projects.md.j2").write_text(
        '{% extends "default/report/04-projects.md.j2" %}\n{% block intro %}\n'
        "通过自评，{{ grade_counts_all }}。\n\n{% endblock %}\n", encoding="utf-8")
    markdown = _report(root, "lanzhou-xinqu")
    assert "通过自评，有2个项目结果为“优”，0个项目结果为“良”，0个项目结果为“中”，0个项目结果为“差”。" in markdown
    assert "分项目自评情况分析如下" not in markdown
    assert "## 全省法院业务费" in markdown  # the other blocks are the defaults'
