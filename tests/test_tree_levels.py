"""Scores at any level of the indicator tree: 一级 only, 二级 leaves, 三级 rows, and the checks at each level."""

from __future__ import annotations

from decimal import Decimal

import pytest
from conftest import line_of
from test_checks import FUNDS, HEAD, at, codes, only, run

from reportgen.findings import InputError
from reportgen.loader import load
from reportgen.scoring import score_year

P = "01-test.toml"

#: a project scored at 一级 only: no level2, no name, no target (the 一级 indicator is judged as a whole)
LEVEL1_ONLY = HEAD + FUNDS + """
[[indicators]]
level1 = "产出指标"
weight = 50
score = 45
reason = "部分设备到货较晚。"
measure = "提前开展采购。"

[[indicators]]
level1 = "效益指标"
weight = 30
score = 30

[[indicators]]
level1 = "满意度指标"
weight = 10
score = 9.5
reason = "个别当事人不满意。"
"""

#: a department scored at 二级: rows name their 二级 indicator and have no name of their own
LEVEL2_DEPARTMENT = """
execution_weight = 20

[finance]
initial_budget = 100
budget = 100
spent = 99

[[groups]]
name = "部门管理"
weight = 30

[[groups]]
name = "履职效果"
weight = 50

[[indicators]]
level1 = "部门管理"
level2 = "资金投入"
weight = 15
score = 15

[[indicators]]
level1 = "部门管理"
level2 = "财务管理"
weight = 15
score = 12
reason = "个别凭证不规范。"

[[indicators]]
level1 = "履职效果"
level2 = "部门履职目标"
weight = 50
score = 48
reason = "审限内结案率略低。"
"""


def _scores(make_court, files):
    cy = load(make_court(files), "t")
    return cy, score_year(cy)


def test_a_project_scored_at_level1_only(make_court):
    _cy, result = _scores(make_court, {"2024/projects/01-test.toml": LEVEL1_ONLY})
    sc = result.projects[0]
    assert [(g.name, g.weight, g.score, g.leaf is not None) for g in sc.groups] == [
        ("产出指标", Decimal(50), Decimal("45.00"), True), ("效益指标", Decimal(30), Decimal("30.00"), True),
        ("满意度指标", Decimal(10), Decimal("9.50"), True)]
    assert sc.total == Decimal("94.50") and sc.grade == "优" and sc.total_weight == 100
    assert run(make_court({"2024/projects/01-test.toml": LEVEL1_ONLY})) == []


def test_a_department_scored_at_level2(make_court):
    files = {"2024/department.toml": LEVEL2_DEPARTMENT}
    _cy, result = _scores(make_court, files)
    dept = result.department
    assert dept is not None
    management = dept.groups[0]
    assert [(l2.name, l2.leaf is not None, l2.score) for l2 in management.level2] == [
        ("资金投入", True, Decimal("15.00")), ("财务管理", True, Decimal("12.00"))]
    assert management.score == Decimal(27) and management.rate == Decimal("90.00")
    assert dept.execution.score == Decimal("19.80")
    assert dept.total == Decimal("94.80")
    assert run(make_court(files)) == []


def test_department_weights_not_totalling_100_are_flagged(make_court):
    text = LEVEL2_DEPARTMENT.replace("execution_weight = 20", "execution_weight = 10")
    f = only(run(make_court({"2024/department.toml": text})), "E-WEIGHT-TOTAL")
    at(f, "department.toml", line_of(text, "[[groups]]"), "groups")
    assert "90" in f.message and "部门整体支出" in f.message


def test_department_weights_without_groups_point_at_the_execution_weight(make_court):
    text = LEVEL2_DEPARTMENT.replace('[[groups]]\nname = "部门管理"\nweight = 30\n', "").replace(
        '[[groups]]\nname = "履职效果"\nweight = 50\n', "").replace("weight = 50\nscore = 48", "weight = 40\nscore = 38")
    f = only(run(make_court({"2024/department.toml": text})), "E-WEIGHT-TOTAL")
    at(f, "department.toml", line_of(text, "execution_weight"), "execution_weight")


def test_a_leaf_with_rows_below_it_is_flagged(make_court):
    text = LEVEL1_ONLY + """
[[indicators]]
level1 = "满意度指标"
level2 = "服务对象满意度指标"
name = "当事人满意度"
target = "≥90%"
actual = "96%"
weight = 10
score = 10
"""
    findings = run(make_court({"2024/projects/01-test.toml": text}))
    f = only(findings, "E-TREE-LEVEL")
    at(f, P, line_of(text, "[[indicators]]", after='level1 = "效益指标"') + 1, "indicators[2].level1")
    assert "满意度指标" in f.message


def test_a_level3_row_still_needs_its_target(make_court):
    text = HEAD + FUNDS + '\n[[indicators]]\nlevel1 = "产出指标"\nlevel2 = "数量指标"\nname = "面积"\nweight = 90\n'
    with pytest.raises(InputError) as exc:
        load(make_court({"2024/projects/01-test.toml": text}), "t")
    assert [f.location.field for f in exc.value.findings] == ["indicators[0].target"]


def test_a_judged_level3_row_needs_no_target(make_court):
    text = HEAD + FUNDS + ('\n[[indicators]]\nlevel1 = "产出指标"\nlevel2 = "质量指标"\nname = "档案完整性"\n'
                           'kind = "qualitative"\nweight = 90\nscore = 81\nreason = "少量案卷归档滞后。"\n')
    findings = run(make_court({"2024/projects/01-test.toml": text}))
    assert codes(findings) == []


def test_an_empty_name_is_refused_not_taken_for_a_level2_leaf(make_court):
    text = HEAD + FUNDS + '\n[[indicators]]\nlevel1 = "产出指标"\nlevel2 = "数量指标"\nname = ""\nweight = 90\nscore = 90\n'
    with pytest.raises(InputError) as exc:
        load(make_court({"2024/projects/01-test.toml": text}), "t")
    assert [f.location.field for f in exc.value.findings] == ["indicators[0].name"]
