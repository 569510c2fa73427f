"""The narrative reference court (content/hexi-zhongyuan, report_style = "narrative"): golden files of every
layer as tests/test_outputs_golden.py keeps them, the frame and figures pinned, no typed figure in its prose, and
each kind of inconsistency planted in a copy and flagged by `check` with file:line [field]."""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import CONTENT, line_of
from test_outputs_golden import docx_parts, html_body, pretty_xml, tree_data

from reportgen import doctree as dt
from reportgen import markup
from reportgen.build import build_court, render_markdown
from reportgen.checks import run_checks
from reportgen.cli import main
from reportgen.documents import documents_for
from reportgen.findings import Finding
from reportgen.loader import load
from reportgen.scoring import score_year

SLUG = "hexi-zhongyuan"
COURT = CONTENT / SLUG
GOLDEN = Path(__file__).with_name("test_outputs_golden")


@dataclass
class Built:
    markdown: str
    tree: dt.Document
    files: dict[str, bytes]
    warnings: list[Finding]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    cy = load(CONTENT, SLUG)
    scores = score_year(cy)
    (spec,) = documents_for(cy)
    assert spec.template == "report/narrative.md.j2"  # chosen by the setting, no court template
    assert not (COURT / "templates").exists()
    markdown = render_markdown(cy, scores, spec, set())
    warnings: list[Finding] = []
    tree = markup.parse(markdown, title=spec.title, kind=spec.kind, source_name=spec.template, warnings=warnings)
    result = build_court(CONTENT, SLUG, None, tmp_path_factory.mktemp(SLUG))
    return Built(markdown, tree, {p.name: p.read_bytes() for p in result.written}, warnings)


# ── golden files, layer by layer ─────────────────────────────────────────────

def test_markdown(built, file_regression):
    file_regression.check(built.markdown, encoding="utf-8", extension=".md",
                          fullpath=GOLDEN / f"{SLUG}-report.md")


def test_document_tree(built, data_regression):
    assert built.warnings == []
    data_regression.check(tree_data(built.tree), fullpath=GOLDEN / f"{SLUG}-report-tree.yml")


def test_html_body(built, file_regression):
    file_regression.check(html_body(built.files["report.html"]), encoding="utf-8", extension=".html",
                          fullpath=GOLDEN / f"{SLUG}-report-body.html")


def test_docx_document_xml(built, file_regression):
    file_regression.check(pretty_xml(docx_parts(built.files["report.docx"])["word/document.xml"]),
                          encoding="utf-8", extension=".xml", fullpath=GOLDEN / f"{SLUG}-report-document.xml")


# ── the frame and the figures ────────────────────────────────────────────────

def _paragraphs(doc: dt.Document) -> list[str]:
    return [b.plain for b in doc.children if isinstance(b, dt.Paragraph)]


def test_frame(built):
    paras = [b for b in built.tree.children if isinstance(b, dt.Paragraph)]
    assert [p.plain for p in paras if p.style == "title"] == ["2024年度甘肃省河西市中级人民法院", "部门预算执行情况自评报告"]
    assert paras[2].plain == "甘肃省财政厅："
    assert paras[3].plain.startswith("根据《甘肃省财政厅关于开展2024年度省级部门预算绩效自评工作的通知》要求")
    headings = [h.plain for h in built.tree.children if isinstance(h, dt.Heading) and h.level == 1]
    assert headings == ["一、基本情况", "二、绩效自评工作组织开展情况", "三、部门整体支出绩效自评情况分析",
                        "四、项目支出绩效自评情况分析", "五、偏离绩效目标的原因和下一步改进措施",
                        "六、绩效自评结果拟应用和公开情况", "七、其他需要说明的问题"]
    assert not any(isinstance(b, dt.Table) for b in built.tree.children)  # no indicator tables


def test_figures_come_from_the_data(built):
    text = "\n".join(_paragraphs(built.tree))
    # 312.57 + 9087.21 − 9187.35 = 212.43; the income total is the sum of its three sources
    assert "年初结转结余312.57万元；本年收入9087.21万元，其中省级财政拨款7925.60万元、市级财政拨款1108.40万元、" \
        "其他收入53.21万元。" in text
    assert "年末结转结余212.43万元。" in text
    assert "核定编制206人" in text and "实有在职人员190人" in text and "在职人员控制率为92.23%" in text
    assert "“三公”经费预算50.50万元，实际支出44.98万元" in text and "“三公”经费控制率为89.07%" in text
    # 9187.35 ÷ 9326.48 × 10 = 9.85; 9.85 + 29.2 + 47.8 + 9.5 = 96.35
    assert "（1）预算执行率（设置分值10分，自评分9.85分）。" in text
    assert "绩效自评得分96.35分，自评结果为“优秀”" in text
    assert "（6）在职人员控制率（设置分值4分，自评分4分）。" in text  # scored by the ≤ rule
    assert "有2个项目结果为“优”，1个项目结果为“良”，0个项目结果为“中”，0个项目结果为“差”" in text
    assert "（2）产出指标（设置分值50分，自评分42分）。" in text
    deviations = [p for p in _paragraphs(built.tree) if re.match(r"\d+\.", p) and "偏离原因" in p]
    assert [p.split(".", 1)[0] for p in deviations] == [str(i) for i in range(1, 16)]


FIGURE = re.compile(r"\d+(?:\.\d+)?\s*(?:%|万元|元|分)")


def test_no_figure_is_typed_in_the_prose():
    """Every money, rate or score figure of the court's prose comes through {{ }}: none is typed."""
    typed = []
    for path in sorted(COURT.rglob("*")):
        if path.suffix not in (".toml", ".md"):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            text = line.split("#", 1)[0] if path.suffix == ".toml" else line
            if re.match(r"\s*(target|actual)\s*=", text):
                continue  # an indicator's target and actual are data, printed as such
            prose = re.findall(r'"([^"]*)"', text) if path.suffix == ".toml" else [text]
            typed += [f"{path.name}:{number}: {m}" for p in prose for m in FIGURE.findall(p)]
    assert typed == []


# ── planted inconsistencies, one of each kind ───────────────────────────────

@pytest.fixture
def plant(tmp_path: Path):
    """Copy the court, replace `old` by `new` in one of its files, and return the findings and the new text."""

    def go(file: str, old: str, new: str) -> tuple[list[Finding], str]:
        root = tmp_path / "content"
        shutil.copytree(COURT, root / SLUG)
        path = root / SLUG / file
        text = path.read_text(encoding="utf-8")
        assert old in text, old
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
        cy = load(root, SLUG)
        return run_checks(cy, score_year(cy)), path.read_text(encoding="utf-8")

    return go


def _one(findings: list[Finding], code: str, file: str, line: int, field: str) -> Finding:
    hits = [f for f in findings if f.code == code]
    assert len(hits) == 1, [f.format() for f in findings]
    loc = hits[0].location
    assert (Path(loc.file).name, loc.line, loc.field) == (file, line, field), hits[0].format()
    assert re.search(r"\.toml:\d+ \[", hits[0].format())  # file:line [field]
    return hits[0]


def test_the_reference_court_is_clean(plant):
    findings, _ = plant("court.toml", "we = ", "we = ")
    assert findings == []


def test_unbalanced_carryover(plant):
    findings, text = plant("2024/department.toml", "carryover = 212.43", "carryover = 221.43")
    f = _one(findings, "E-ACCOUNTS-BALANCE", "department.toml", line_of(text, "carryover = 221.43"), "finance.carryover")
    assert "212.43" in f.message and "221.43" in f.message


def test_income_total_not_the_sum_of_its_sources(plant):
    findings, text = plant("2024/department.toml", "amount = 1108.40", "amount = 1118.40")
    f = _one(findings, "E-ACCOUNTS-SUM", "department.toml", line_of(text, "stated_income_total"),
             "accounts.stated_income_total")
    assert "9097.21" in f.message
    # the balance no longer holds either, and says so on its own line
    assert any(g.code == "E-ACCOUNTS-BALANCE" for g in findings)


def test_project_spending_differs_between_accounts_and_project(plant):
    findings, text = plant("2024/department.toml", "spent = 276.83", "spent = 267.83")
    f = _one(findings, "E-ACCOUNTS-PROJECT", "department.toml", line_of(text, "spent = 267.83"),
             "accounts.projects[1].spent")
    assert "司法救助资金" in f.message and "276.83" in f.message


def test_department_weights_not_totalling_100(plant):
    findings, text = plant("2024/department.toml", "execution_weight = 10", "execution_weight = 15")
    f = _one(findings, "E-WEIGHT-TOTAL", "department.toml", line_of(text, "[[groups]]"), "groups")
    assert "105" in f.message


def test_stated_grade_contradicted(plant):
    findings, text = plant("2024/department.toml", 'stated_grade = "优秀"', 'stated_grade = "良好"')
    _one(findings, "E-STATED-GRADE", "department.toml", line_of(text, "stated_grade"), "stated_grade")


def test_stated_grade_count_contradicted(plant):
    findings, text = plant("2024/year.toml", '"优" = 2, "良" = 1', '"优" = 3, "良" = 0')
    hits = [f for f in findings if f.code == "E-STATED-COUNT"]
    assert len(hits) == 2, [f.format() for f in findings]
    line = line_of(text, "stated_grade_counts")
    assert [(Path(f.location.file).name, f.location.line, f.location.field) for f in hits] == [
        ("year.toml", line, "report.stated_grade_counts.优"), ("year.toml", line, "report.stated_grade_counts.良")]


def test_project_in_scope_never_evaluated(plant):
    findings, text = plant("2024/year.toml", '"信息化建设运维经费"]', '"信息化建设运维经费", "诉讼服务中心建设"]')
    f = _one(findings, "E-SCOPE-NOT-EVALUATED", "year.toml", line_of(text, "scope_projects ="),
             "report.scope_projects[3]")
    assert "诉讼服务中心建设" in f.message


def test_three_public_control_rate_scored_as_if_higher_were_better(plant):
    findings, text = plant("2024/department.toml", 'target = "≤100%"\nmetric = "three_public_control_rate"',
                           'target = "≥100%"\nmetric = "three_public_control_rate"')
    f = _one(findings, "E-CONTROL-DIRECTION", "department.toml", line_of(text, 'target = "≥100%"'),
             "indicators[5].target")
    assert "“三公”经费控制率" in f.message and "≤100%" in f.message


def test_three_public_total_not_the_sum_of_its_kinds(plant):
    findings, text = plant("2024/department.toml", "carryover = 212.43", "carryover = 212.43\nthree_public_spent = 45.98")
    _one(findings, "E-THREE-PUBLIC-SUM", "department.toml", line_of(text, "three_public_spent"),
         "finance.three_public_spent")


def test_staff_total_not_the_sum_of_its_kinds(plant):
    findings, text = plant("2024/department.toml", "carryover = 212.43", "carryover = 212.43\nstaff_quota = 210")
    _one(findings, "E-STAFF-SUM", "department.toml", line_of(text, "staff_quota"), "finance.staff_quota")


def test_asset_parts_above_the_fixed_assets(plant):
    findings, text = plant("2024/department.toml", "fixed_assets = 15862.35", "fixed_assets = 1586.24")
    _one(findings, "W-ASSETS-PARTS", "department.toml", line_of(text, "fixed_assets"), "assets.fixed_assets")


def test_new_year_of_the_narrative_court_is_incomplete_not_unreadable(tmp_path, capsys):
    root = tmp_path / "content"
    shutil.copytree(COURT, root / SLUG)
    assert main(["--content", str(root), "new-year", SLUG]) == 0
    department = (root / SLUG / "2025" / "department.toml").read_text(encoding="utf-8")
    assert "# 待填写（2025年）：amount" in department and "quantity = 24" in department  # kept: not per year
    assert main(["--content", str(root), "build", SLUG, "-o", str(tmp_path / "out")]) == 3
    err = capsys.readouterr().err
    assert "无法读取" not in err and "还没有填完" in err
    assert "尚未填写本年收入" in err and "“资金投入”尚未填写自评得分" in err


def test_basic_and_project_spending_not_the_total(plant):
    findings, text = plant("2024/department.toml", "basic_spent = 6801.92", "basic_spent = 6810.92")
    f = _one(findings, "E-ACCOUNTS-SUM", "department.toml", line_of(text, "spent = 9187.35"), "finance.spent")
    assert "6810.92" in f.message and "2385.43" in f.message


def test_a_control_rate_named_but_without_metric_is_still_lower_is_better(plant):
    findings, text = plant("2024/department.toml", 'target = "≤100%"\nmetric = "staff_control_rate"',
                           'target = "=100%"')
    _one(findings, "E-CONTROL-DIRECTION", "department.toml", line_of(text, 'target = "=100%"'),
         "indicators[4].target")


def test_a_listed_line_not_filled_in_is_missing(plant):
    findings, _text = plant("2024/department.toml", "kind = \"退休人员\"\ncount = 96", "kind = \"退休人员\"")
    hits = [f for f in findings if f.code == "E-MISSING"]
    assert len(hits) == 1 and "退休人员" in hits[0].message, [f.format() for f in findings]
    assert hits[0].location.field == "staff.others[0].count"


def test_a_project_scored_at_level3_gets_one_paragraph_per_level1(tmp_path):
    """A 三级 tree in the narrative style: each 一级 paragraph names its rows with their own words and scores."""
    root = tmp_path / "content"
    shutil.copytree(COURT, root / SLUG)
    projects = root / SLUG / "2024" / "projects"
    shutil.copy(CONTENT / "lanzhou-xinqu" / "2024" / "projects" / "02-fating-yunweifei.toml", projects / "04-fating.toml")
    shutil.copytree(CONTENT / "lanzhou-xinqu" / "2024" / "projects" / "text", projects / "text")
    cy = load(root, SLUG)
    markdown = render_markdown(cy, score_year(cy), documents_for(cy)[0], set())
    section = markdown.split("## 法庭运维费")[1].split("\n# ")[0]
    assert "（3）产出指标（设置分值40分，自评分38.67分）。法庭水电暖运行工作完成率：" in section
    assert "法庭水电暖运行完成及时性：" in section and "自评12.01分。" in section
