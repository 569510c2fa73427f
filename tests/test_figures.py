"""A text quotes the evaluation it belongs to ({{ total }}, {{ indicator["…"] }}) instead of retyping
figures, so the sentence follows the data."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import CONTENT, GOOD_PROJECT, line_of

from reportgen import doctree as dt
from reportgen import markup
from reportgen.build import render_markdown
from reportgen.documents import documents_for
from reportgen.findings import InputError
from reportgen.loader import load
from reportgen.scoring import score_year

SUMMARY = ('总分{{ total }}分（{{ total_rate }}），等级“{{ grade }}”；结案率目标{{ indicator["结案率"].target_value }}，'
           '实际{{ indicator["结案率"].actual }}，完成率{{ indicator["结案率"].completion }}，'
           '得分{{ indicator["结案率"].score }}分。')
RATE = """
[[indicators]]
level1 = "产出指标"
level2 = "质量指标"
name = "结案率"
target = ">=85%"
actual = "{actual}"
weight = 10
"""


def project(actual: str, summary: str = SUMMARY) -> str:
    text = GOOD_PROJECT.replace("weight = 90\nscore = 90", "weight = 80\nscore = 80") + RATE.format(actual=actual)
    return text.replace('execution_weight = 10\n', f'execution_weight = 10\nsummary = """{summary}"""\n'
                        f'conclusion = """实际{{{{ indicator["结案率"].actual }}}}。"""\n')


def paragraphs(content: Path, kind: str) -> list[str]:
    cy = load(content, "t")
    spec = next(s for s in documents_for(cy) if s.kind == kind)
    doc = markup.parse(render_markdown(cy, score_year(cy), spec, set()), title=spec.title, kind=kind,
                       source_name=spec.template, warnings=[])
    texts = [b.plain for b in doc.children if isinstance(b, dt.Paragraph)]
    cells = [c.plain for b in doc.children if isinstance(b, dt.Table) for row in b.rows for c in row]
    return texts + cells


@pytest.mark.parametrize("actual, expected", [
    ("88.5", "总分100.00分（100.00%），等级“优”；结案率目标85%，实际88.5%，完成率104.12%，得分10分。"),
    ("76.5", "总分99.00分（99.00%），等级“优”；结案率目标85%，实际76.5%，完成率90.00%，得分9分。"),
])
def test_summary_follows_the_data(make_court, actual, expected):
    content = make_court({"2024/projects/01.toml": project(actual)})
    assert expected in paragraphs(content, "report")


def test_form_cells_fill_in_their_texts_unescaped(make_court):
    text = project("88.5").replace('conclusion =', 'goal_actual = "总分{{ total }}，等级{{ grade }}"\nconclusion =')
    text += 'reason = "实际{{ actual }}，为目标的{{ completion }}"\n'
    content = make_court({"2024/projects/01.toml": text, "2024/year.toml": 'documents = ["forms"]\n'})
    cells = paragraphs(content, "forms")
    assert "实际88.5%。" in cells  # the conclusion; not 88\.5\%
    assert "总分100.00，等级优" in cells  # the goal, once printed as typed
    assert "实际88.5%，为目标的104.12%" in cells  # an indicator's reason sees its own figures


def test_unknown_indicator_names_the_text_and_the_name(make_court):
    text = project("88.5", summary='结案率{{ indicator["结按率"].actual }}')
    content = make_court({"2024/projects/01.toml": text})
    cy = load(content, "t")
    spec = next(s for s in documents_for(cy) if s.kind == "report")
    with pytest.raises(InputError) as err:
        render_markdown(cy, score_year(cy), spec, set())
    [finding] = err.value.findings
    assert finding.code == "E-TEMPLATE" and "没有“结按率”这一项" in finding.message
    assert finding.location.file.endswith("01.toml") and finding.location.line == line_of(text, "summary =")


def test_declaration_cells_fill_in_their_texts(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(CONTENT / "example-tribunal", content / "t")
    data = content / "t" / "2025" / "projects" / "01-long-term-staff.toml"
    data.write_text(data.read_text(encoding="utf-8").replace(
        'goal = "保证', 'goal = "{{ year }}年度保证'), encoding="utf-8")
    cy = load(content, "t")
    spec = next(s for s in documents_for(cy) if s.kind == "declaration")
    doc = markup.parse(render_markdown(cy, score_year(cy), spec, set()), title=spec.title, kind=spec.kind,
                       source_name=spec.template, warnings=[])
    cells = [c.plain for b in doc.children if isinstance(b, dt.Table) for row in b.rows for c in row]
    assert any(c.startswith("2025年度保证长期聘用人员经费") for c in cells)
    assert not any("{{" in c for c in cells)
