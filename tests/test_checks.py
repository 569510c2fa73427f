"""Each check fires, with its code, file and line, when the data is wrong, and stays silent when it is right."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CONTENT, line_of

from reportgen.checks import run_checks
from reportgen.findings import Finding
from reportgen.loader import load
from reportgen.scoring import score_year

# A project that passes every check: 10 + 50 + 30 + 10 = 100, every row at full marks.
HEAD = """\
name = "测试项目"
code = "T-01"
execution_weight = 10
goal = "完成年度工作。"
goal_actual = "已完成。"
conclusion = "各项指标均完成，自评等级为“优”。"
contact = "张三"
fill_date = 2025-01-20
"""
FUNDS = """
[[funds]]
source = "本级安排"
initial = 100
budget = 100
spent = 100
"""
GROUPS = """
[[groups]]
name = "产出指标"
weight = 50

[[groups]]
name = "效益指标"
weight = 30

[[groups]]
name = "满意度指标"
weight = 10
"""


def ind(name: str, target: str, actual: str | None, weight: str, score: str | None = None,
        level1: str = "产出指标", level2: str = "数量指标", **extra: str) -> str:
    lines = ["", "[[indicators]]", f'level1 = "{level1}"', f'level2 = "{level2}"', f'name = "{name}"',
             f'target = "{target}"']
    if actual is not None:
        lines.append(f'actual = "{actual}"')
    lines.append(f"weight = {weight}")
    if score is not None:
        lines.append(f"score = {score}")
    lines += [f"{k} = {v}" for k, v in extra.items()]
    return "\n".join(lines) + "\n"


OUTPUT_A = ind("维修改造面积", "≥5000平方米", "5000平方米", "30", "30")
OUTPUT_B = ind("验收合格率", "≥90%", "95%", "20", "20", level2="质量指标")
BENEFIT = ind("制度健全性", "健全", "达成预期指标", "30", "30", level1="效益指标", level2="社会效益指标")
SATISFACTION = ind("当事人满意度", "≥90%", "96%", "10", "10", level1="满意度指标", level2="服务对象满意度指标")


def project(head: str = HEAD, funds: str = FUNDS, groups: str = GROUPS,
            output: str = OUTPUT_A + OUTPUT_B, benefit: str = BENEFIT, satisfaction: str = SATISFACTION) -> str:
    return head + funds + groups + output + benefit + satisfaction


def run(content: Path, slug: str = "t") -> list[Finding]:
    cy = load(content, slug)
    return run_checks(cy, score_year(cy))


def codes(findings: list[Finding]) -> list[str]:
    return sorted(f.code for f in findings)


def only(findings: list[Finding], code: str) -> Finding:
    hits = [f for f in findings if f.code == code]
    assert len(hits) == 1, f"expected one {code}, got {[f.format() for f in findings]}"
    return hits[0]


def header_of(text: str, name: str) -> int:
    """Line of the [[indicators]] header of the indicator called `name`."""
    lines = text.splitlines()
    index = lines.index(f'name = "{name}"')
    return max(i for i in range(index) if lines[i] == "[[indicators]]") + 1


def at(finding: Finding, file: str, line: int, field: str | None = None) -> None:
    loc = finding.location
    assert (Path(loc.file).name, loc.line) == (file, line), finding.format()
    if field is not None:
        assert loc.field == field, finding.format()


@pytest.fixture
def check_project(make_court):
    """Write one project file (plus optional extra files) and return (findings, project text)."""

    def go(text: str, files: dict[str, str] | None = None, court: str | None = None) -> list[Finding]:
        all_files = {"2024/projects/01-test.toml": text, **(files or {})}
        if court is not None:
            all_files["court.toml"] = court
        return run(make_court(all_files))

    return go


P = "01-test.toml"


def test_the_baseline_project_is_clean(check_project):
    assert check_project(project()) == []


# ---------------------------------------------------------------- stated values

def test_stated_total_disagreeing(check_project):
    text = project(head=HEAD + "stated_total = 99\n")
    f = only(check_project(text), "E-STATED-TOTAL")
    at(f, P, line_of(text, "stated_total = 99"), "stated_total")
    assert f.severity == "error" and "99" in f.message and "100" in f.message


def test_stated_values_agreeing_are_silent(check_project):
    head = HEAD + ('stated_total = 100\nstated_total_rate = ["100%", "100.00%"]\nstated_grade = "优"\n'
                   'stated_execution_score = 10\nstated_execution_rate = "100.00"\n')
    groups = GROUPS.replace("weight = 50\n", 'weight = 50\nstated_score = 50\nstated_rate = "100.00%"\nstated_count = 2\n')
    output = OUTPUT_A + OUTPUT_B.replace("score = 20", 'score = 20\nstated_rate = "100.00%"')
    assert check_project(project(head=head, groups=groups, output=output)) == []


def test_stated_group_score_disagreeing(check_project):
    groups = GROUPS.replace("weight = 30\n", "weight = 30\nstated_score = 28\n")
    text = project(groups=groups)
    f = only(check_project(text), "E-STATED-TOTAL")
    at(f, P, line_of(text, "stated_score = 28"), "groups[1].stated_score")
    assert "效益指标" in f.message


def test_stated_execution_score_disagreeing(check_project):
    text = project(head=HEAD + "stated_execution_score = 9.5\n")
    f = only(check_project(text), "E-STATED-TOTAL")
    at(f, P, line_of(text, "stated_execution_score"), "stated_execution_score")


@pytest.mark.parametrize(
    ("where", "key", "field"),
    [
        ("head", 'stated_total_rate = "99.00%"', "stated_total_rate[0]"),
        ("head", 'stated_execution_rate = ["100.00%", "90.00"]', "stated_execution_rate[1]"),
        ("group", 'stated_rate = "96.67%"', "groups[0].stated_rate[0]"),
        ("indicator", 'stated_rate = "90.00%"', "indicators[1].stated_rate[0]"),
    ],
)
def test_stated_rate_disagreeing(check_project, where, key, field):
    head, groups, output = HEAD, GROUPS, OUTPUT_A + OUTPUT_B
    if where == "head":
        head = HEAD + key + "\n"
    elif where == "group":
        groups = GROUPS.replace("weight = 50\n", f"weight = 50\n{key}\n")
    else:
        output = OUTPUT_A + OUTPUT_B.replace("score = 20", f"score = 20\n{key}")
    text = project(head=head, groups=groups, output=output)
    f = only(check_project(text), "E-STATED-RATE")
    at(f, P, line_of(text, key), field)


def test_stated_grade_disagreeing_and_department_wording_accepted(check_project):
    text = project(head=HEAD + 'stated_grade = "良"\n')
    f = only(check_project(text), "E-STATED-GRADE")
    at(f, P, line_of(text, "stated_grade"), "stated_grade")
    assert check_project(project(head=HEAD + 'stated_grade = "优秀"\n')) == []


def test_stated_count_disagreeing(check_project):
    groups = GROUPS.replace("weight = 50\n", "weight = 50\nstated_count = 3\n")
    text = project(groups=groups)
    f = only(check_project(text), "E-STATED-COUNT")
    at(f, P, line_of(text, "stated_count = 3"), "groups[0].stated_count")
    assert "3" in f.message and "2" in f.message


# ---------------------------------------------------------------- weights

def test_score_above_weight(check_project):
    output = OUTPUT_A + OUTPUT_B.replace("score = 20", "score = 21")
    text = project(output=output)
    findings = check_project(text)
    f = only(findings, "E-SCORE-ABOVE-WEIGHT")
    at(f, P, line_of(text, "score = 21"), "indicators[1].score")


def test_group_weights_not_adding_up(check_project):
    output = OUTPUT_A + OUTPUT_B.replace("weight = 20", "weight = 19").replace("score = 20", "score = 19")
    text = project(output=output)
    findings = check_project(text)
    f = only(findings, "E-WEIGHT-GROUP")
    at(f, P, line_of(text, "weight = 50"), "groups[0].weight")
    assert "49" in f.message
    assert "E-WEIGHT-TOTAL" not in codes(findings)  # the declared group weights still add up to 100


def test_undeclared_first_level_group(check_project):
    output = OUTPUT_A + OUTPUT_B.replace('level1 = "产出指标"', 'level1 = "产出指票"')
    text = project(output=output)
    findings = check_project(text)
    f = next(f for f in findings if f.code == "E-WEIGHT-GROUP" and "产出指票" in f.message)
    at(f, P, line_of(text, "产出指票"), "indicators[1].level1")


def test_grand_total_not_100(check_project):
    groups = GROUPS.replace("weight = 10\n", "weight = 15\n")
    satisfaction = SATISFACTION.replace("weight = 10", "weight = 15").replace("score = 10", "score = 15")
    text = project(groups=groups, satisfaction=satisfaction)
    findings = check_project(text)
    assert codes(findings) == ["E-WEIGHT-TOTAL"]
    at(findings[0], P, line_of(text, "[[groups]]"), "groups")
    assert "105" in findings[0].message


# ---------------------------------------------------------------- scores against the rules

MISSED = ind("法定审限内结案率", ">=90%", "89.1", "20", "20", level2="质量指标")
#: the texts of a year in which a target was missed (else W-TEXT-CLAIM)
HEAD_MISSED = HEAD.replace("各项指标均完成，自评等级为“优”。", "各项指标基本完成。") + 'deviation = "个别指标未达到年度指标值，下一年改进。"\n'


def test_missed_but_full_marks_without_reason_is_an_error(check_project):
    text = project(output=OUTPUT_A + MISSED)
    f = only(check_project(text), "E-SCORE-RULE")
    assert f.severity == "error"
    at(f, P, line_of(text, "score = 20", after="法定审限内结案率"), "indicators[1].score")
    assert "19.80" in f.message  # 89.1 / 90 × 20


def test_missed_but_full_marks_with_reason_is_a_warning(check_project):
    text = project(output=OUTPUT_A + MISSED.replace("score = 20", 'score = 20\nreason = "审限延长经批准"'))
    findings = check_project(text)
    assert "E-SCORE-RULE" not in codes(findings)
    f = only(findings, "W-SCORE-JUDGEMENT")
    assert f.severity == "warning"
    at(f, P, line_of(text, "score = 20", after="法定审限内结案率"), "indicators[1].score")


def test_met_but_points_lost(check_project):
    lost = ind("民商事案件调撤率", ">=50%", "64.36", "20", "10.64", level2="质量指标")
    text = project(output=OUTPUT_A + lost)
    findings = check_project(text)
    f = only(findings, "E-SCORE-RULE")
    at(f, P, line_of(text, "score = 10.64"), "indicators[1].score")
    assert "已达到目标" in f.message and "文件已按规则印为 20.00 分" in f.message
    # printed with the rule's full marks, so no deviation reason is asked for
    assert "W-NO-REASON" not in codes(findings)


def test_score_matching_the_rule_is_silent(check_project):
    # missed target, proportional score stated, and a reason: nothing to say
    partial = ind("法定审限内结案率", ">=90%", "89.1", "20", "19.80", level2="质量指标", reason='"个别案件审限延长"')
    text = project(head=HEAD_MISSED, output=OUTPUT_A + partial)
    assert check_project(text) == []


@pytest.mark.parametrize(("actual", "score", "fires"), [
    ("达成预期指标", "23.99", True),  # below 80% of 30
    ("达成预期指标", "24", False),  # 80% inclusive
    ("部分达成预期指标", "24", True),  # 80% belongs to the top tier
    ("部分达成预期指标", "18", False),
    ("未达成预期指标", "18", True),
    ("未达成预期指标", "17.99", False),
])
def test_qualitative_score_outside_its_tier(check_project, actual, score, fires):
    benefit = ind("制度健全性", "健全", actual, "30", score, level1="效益指标", level2="社会效益指标",
                  reason='"制度尚待完善"')
    text = project(head=HEAD_MISSED, benefit=benefit)
    findings = check_project(text)
    if fires:
        f = only(findings, "E-QUAL-TIER")
        at(f, P, line_of(text, f"score = {score}"), "indicators[2].score")
    else:
        assert findings == []


def test_score_below_weight_without_reason(check_project):
    benefit = ind("制度健全性", "健全", "达成预期指标", "30", "27", level1="效益指标", level2="社会效益指标")
    text = project(benefit=benefit)
    f = only(check_project(text), "W-NO-REASON")
    # no reason key: the finding points at the indicator's table header
    at(f, P, header_of(text, "制度健全性"), "indicators[2].reason")
    for key in ("reason", "measure", "remark"):
        explained = benefit.replace("score = 27", f'score = 27\n{key} = "有说明"')
        assert check_project(project(benefit=explained)) == [], key


@pytest.mark.parametrize(("actual", "fires"), [("65%", True), ("100%", True), ("64.99%", False), ("50%", False)])
def test_over_achievement_without_explanation(check_project, actual, fires):
    output = OUTPUT_A + ind("验收合格率", "≥50%", actual, "20", "20", level2="质量指标")
    text = project(output=output)
    findings = check_project(text)
    if fires:
        f = only(findings, "W-OVER-ACHIEVED")
        at(f, P, header_of(text, "验收合格率"), "indicators[1].reason")
    else:
        assert findings == []
    explained = output.replace("score = 20", 'score = 20\nreason = "超过原因：案件增加；措施：调整目标"')
    assert "W-OVER-ACHIEVED" not in codes(check_project(project(output=explained)))


def test_over_achievement_converts_money_units(check_project):
    output = OUTPUT_A + ind("项目经费", "≥10万元", "100000元", "20", "20", level2="成本指标")
    assert check_project(project(output=output)) == []


def test_over_achievement_ratio_is_a_setting(check_project):
    output = OUTPUT_A + ind("验收合格率", "≥50%", "60%", "20", "20", level2="质量指标")
    court = 'name = "测试法院"\n[settings]\nover_achievement_ratio = 1.2\n'
    assert codes(check_project(project(output=output), court=court)) == ["W-OVER-ACHIEVED"]
    assert check_project(project(output=output)) == []


def test_missing_actual_of_a_quantitative_indicator(check_project):
    text = project(output=OUTPUT_A + ind("验收合格率", "≥90%", None, "20", level2="质量指标"))
    f = only(check_project(text), "E-MISSING")
    at(f, P, header_of(text, "验收合格率"), "indicators[1].actual")


def test_a_targets_declaration_needs_no_results(check_project):
    """At the start of the year only targets exist: no actual values, no scores, nothing missing."""
    unscored = ind("验收合格率", "≥90%", None, "20", level2="质量指标")
    text = project(output=OUTPUT_A + unscored)
    declaration = {"2024/year.toml": 'documents = ["declaration"]\n\n[declaration]\noverall = "完成审判任务"\n'}
    assert "E-MISSING" not in codes(check_project(text, declaration))


# ---------------------------------------------------------------- consistency

@pytest.mark.parametrize(("field", "value", "fires"), [
    ("target", "2023年12月31日", True), ("actual", "2025年1月5日", True), ("target", "2024年12月31日", False),
])
def test_date_outside_the_report_year(check_project, field, value, fires):
    target, actual = ("2024年12月31日", "2024年11月30日")
    if field == "target":
        target = value
    else:
        actual = value
    output = OUTPUT_A + ind("项目完成时间", target, actual, "20", "20", level2="时效指标")
    text = project(output=output)
    findings = check_project(text)
    if fires:
        f = only(findings, "W-DATE-YEAR")
        at(f, P, line_of(text, value), f"indicators[1].{field}")
    else:
        assert findings == []


@pytest.mark.parametrize(("fill_date", "fires"), [("2025-01-23", False), ("2024-12-30", False),
                                                   ("2023-12-31", True), ("2026-01-01", True)])
def test_fill_date_outside_the_report_year_or_the_next(check_project, fill_date, fires):
    text = project(head=HEAD.replace("fill_date = 2025-01-20", f"fill_date = {fill_date}"))
    findings = check_project(text)
    if fires:
        at(only(findings, "W-DATE-YEAR"), P, line_of(text, "fill_date"), "fill_date")
    else:
        assert findings == []


COST_COURT_YUAN = 'name = "测试法院"\n[settings]\namount_unit = "元"\n'


@pytest.mark.parametrize(("a", "b", "unit_court", "fires"), [
    ("60元", "41元", COST_COURT_YUAN, True),  # 101 元 > 100 元 spent
    ("60元", "40元", COST_COURT_YUAN, False),  # exactly the spending
    ("0.006万元", "41元", COST_COURT_YUAN, True),  # 60 + 41 元, units converted
    ("60万元", "41万元", None, True),  # court in 万元: spent 100 万元
    ("600000元", "400000元", None, False),
])
def test_cost_items_adding_up_to_more_than_spent(check_project, a, b, unit_court, fires):
    output = (ind("维修改造面积", "≥5000平方米", "5000平方米", "30", "30")
              + ind("安装费", f"≤{a}", a, "10", "10", level2="成本指标")
              + ind("材料费", f"≤{b}", b, "10", "10", level2="成本指标"))
    text = project(output=output)
    findings = check_project(text, court=unit_court)
    if fires:
        f = only(findings, "E-COST-OVER-SPENT")
        at(f, P, line_of(text, f'actual = "{a}"'), "indicators[1].actual")
    else:
        assert "E-COST-OVER-SPENT" not in codes(findings)


def test_cost_as_first_level_group(check_project):
    groups = GROUPS.replace('name = "产出指标"\nweight = 50', 'name = "成本指标"\nweight = 20\n\n[[groups]]\nname = "产出指标"\nweight = 30')
    output = (ind("成本控制", "≤120万元", "120万元", "20", "20", level1="成本指标", level2="经济成本指标")
              + ind("维修改造面积", "≥5000平方米", "5000平方米", "30", "30"))
    text = project(groups=groups, output=output)
    assert codes(check_project(text)) == ["E-COST-OVER-SPENT"]


def test_spent_over_budget_warns(check_project):
    text = project(funds=FUNDS.replace("spent = 100", "spent = 120"))
    f = only(check_project(text), "W-EXEC-OVER")
    at(f, P, line_of(text, "[[funds]]"), "funds")


@pytest.mark.parametrize(("name", "target", "fires"), [
    ("项目支出预算执行率", "≤100%", True), ("预算执行率", "<=100%", True), ("预算执行率", "<100%", True),
    ("预算执行率", "≥95%", False), ("在职人员控制率", "≤100%", False), ("预算执行率", "≤98%", False),
])
def test_target_that_can_never_be_missed(check_project, name, target, fires):
    output = OUTPUT_A + ind(name, target, "99.58", "20", "20", level2="质量指标")
    text = project(output=output)
    findings = check_project(text)
    if fires:
        at(only(findings, "W-TARGET-NEVER-MISSED"), P, line_of(text, f'target = "{target}"'), "indicators[1].target")
    else:
        assert "W-TARGET-NEVER-MISSED" not in codes(findings)


@pytest.mark.parametrize(("target", "actual", "fires"), [
    ("≥5000平方米", "5000栋", True), ("≥90%", "95次", True),
    ("≥5000平方米", "5000平方米", False), ("≥90%", "95", False), (">=90百分比", "95%", False),
    ("＝6万元", "60000元", False),
])
def test_target_and_actual_in_different_units(check_project, target, actual, fires):
    output = ind("维修改造面积", target, actual, "30", "30") + OUTPUT_B
    text = project(output=output)
    findings = check_project(text)
    if fires:
        at(only(findings, "E-UNIT-MISMATCH"), P, line_of(text, f'actual = "{actual}"'), "indicators[0].actual")
    else:
        assert "E-UNIT-MISMATCH" not in codes(findings)


def test_duplicate_indicator(check_project):
    a = ind("验收合格率", "≥90%", "95%", "10", "10", level2="质量指标")
    text = project(output=OUTPUT_A + a + a)
    findings = check_project(text)
    f = only(findings, "E-DUP-INDICATOR")
    lines = [i for i, line in enumerate(text.splitlines(), 1) if line == 'name = "验收合格率"']
    at(f, P, lines[1], "indicators[2].name")  # the second occurrence


def test_same_indicator_name_in_another_group_is_not_a_duplicate(check_project):
    a = ind("合格率", "≥90%", "95%", "10", "10", level2="质量指标")
    b = ind("合格率", "≥90%", "95%", "10", "10", level2="数量指标")
    assert check_project(project(output=OUTPUT_A + a + b)) == []


def _second_project(name: str, code: str | None, goal: str = "") -> str:
    head = HEAD.replace('name = "测试项目"', f'name = "{name}"').replace('code = "T-01"\n', f'code = "{code}"\n' if code else "")
    return project(head=head.replace('goal = "完成年度工作。"', f'goal = "{goal or name + "的年度目标。"}"'))


def test_duplicate_project_names_with_codes_warn(check_project):
    files = {"2024/projects/02-second.toml": _second_project("测试项目", "T-02")}
    findings = check_project(project(), files)
    dups = [f for f in findings if f.code == "W-DUP-PROJECT"]
    assert codes(findings) == ["W-DUP-PROJECT", "W-DUP-PROJECT"]
    assert sorted((Path(f.location.file).name, f.location.line, f.location.field) for f in dups) == [
        ("01-test.toml", 1, "name"), ("02-second.toml", 1, "name")]


def test_duplicate_project_names_with_the_same_code_are_errors(check_project):
    files = {"2024/projects/02-second.toml": _second_project("测试项目", "T-01")}
    findings = check_project(project(), files)
    assert codes(findings) == ["E-DUP-PROJECT", "E-DUP-PROJECT"]
    assert {(Path(f.location.file).name, f.location.line) for f in findings} == {("01-test.toml", 2),
                                                                                 ("02-second.toml", 2)}


def test_duplicate_project_names_without_codes_are_errors(check_project):
    files = {"2024/projects/02-second.toml": _second_project("测试项目", None)}
    findings = check_project(project(head=HEAD.replace('code = "T-01"\n', "")), files)
    assert codes(findings) == ["E-DUP-PROJECT", "E-DUP-PROJECT"]
    assert sorted(Path(f.location.file).name for f in findings) == ["01-test.toml", "02-second.toml"]
    assert all(f.location.field == "code" for f in findings)


def test_duplicate_project_without_code_still_names_a_line(check_project):
    files = {"2024/projects/02-second.toml": _second_project("测试项目", None)}
    findings = check_project(project(head=HEAD.replace('code = "T-01"\n', "")), files)
    assert findings and all(f.location.line is not None for f in findings)


def test_different_project_names_are_not_duplicates(check_project):
    files = {"2024/projects/02-second.toml": _second_project("另一个项目", "T-02")}
    assert check_project(project(), files) == []


def test_blank_form_cells_are_flagged(check_project):
    text = project(head=HEAD.replace('contact = "张三"\n', "").replace('conclusion = "各项指标均完成，自评等级为“优”。"\n', ""))
    finding = only(check_project(text, {"2024/year.toml": 'documents = ["forms"]\n'}), "W-FORM-EMPTY")
    assert "自评结论、联系人" in finding.message
    at(finding, P, line_of(text, "name ="), "name")


def test_copy_pasted_goals(check_project):
    goal = "保障法庭水电暖正常运行"
    files = {"2024/projects/02-second.toml": _second_project("另一个项目", "T-02", goal),
             "2024/projects/03-third.toml": _second_project("第三个项目", "T-03", goal + "。")}
    findings = check_project(project(head=HEAD.replace('goal = "完成年度工作。"', f'goal = "{goal}"')), files)
    f = only(findings, "W-DUP-GOAL")
    at(f, "02-second.toml", 4, "goal")  # name, code, execution_weight, goal
    assert "测试项目" in f.message and "另一个项目" in f.message


def test_copy_pasted_goals_from_text_files(check_project):
    files = {"2024/projects/02-second.toml": project(head='name = "乙"\ncode = "T-02"\ngoal = { file = "../text/b.md" }\n'),
             "2024/text/a.md": "同一目标\n", "2024/text/b.md": "同一目标\n"}
    findings = check_project(project(head=HEAD.replace('goal = "完成年度工作。"', 'goal = { file = "../text/a.md" }')), files)
    at(only(findings, "W-DUP-GOAL"), "02-second.toml", 3, "goal")


def test_zero_budget(check_project):
    text = project(funds=FUNDS.replace("budget = 100", "budget = 0").replace("spent = 100", "spent = 0"))
    findings = check_project(text)
    assert "E-EXEC-ZERO" in codes(findings)
    at(only(findings, "E-EXEC-ZERO"), P, line_of(text, "[[funds]]"), "funds")


@pytest.mark.parametrize("key", ["budget", "spent"])
def test_missing_fund_figures(check_project, key):
    text = project(funds=FUNDS.replace(f"{key} = 100\n", ""))
    f = only(check_project(text), "E-MISSING")
    at(f, P, line_of(text, "[[funds]]"), f"funds[0].{key}")


def test_department_checks_use_metrics(make_court):
    dept = """\
execution_weight = 10

[finance]
initial_budget = 100
budget = 100
spent = 100
basic_budget = 960.36
basic_spent = 960.06

[[groups]]
name = "部门管理"
weight = 90

[[indicators]]
level1 = "部门管理"
level2 = "资金投入"
name = "基本支出预算执行率"
target = "=100%"
actual = "99.96"
metric = "basic_execution_rate"
weight = 90
score = 90
"""
    findings = run(make_court({"2024/department.toml": dept}))
    f = only(findings, "E-STATED-ACTUAL")  # 960.06 / 960.36 = 99.97%, printed 99.96
    at(f, "department.toml", line_of(dept, 'actual = "99.96"'), "indicators[0].actual")
    assert "99.97" in f.message
    f = only(findings, "E-SCORE-RULE")  # 99.97 of 100 yet full marks
    at(f, "department.toml", line_of(dept, "score = 90"), "indicators[0].score")


# ---------------------------------------------------------------- the reference documents

LANZHOU = CONTENT / "lanzhou-xinqu" / "2024"


@pytest.fixture(scope="module")
def lanzhou_findings() -> list[Finding]:
    cy = load(Path(CONTENT), "lanzhou-xinqu")
    return run_checks(cy, score_year(cy))


def test_lanzhou_fating_yunweifei_stated_total(lanzhou_findings):
    path = next((LANZHOU / "projects").glob("*fating*"))
    text = path.read_text(encoding="utf-8")
    hits = [f for f in lanzhou_findings if f.code == "E-STATED-TOTAL" and "法庭运维费" in f.message
            and f.location.field == "stated_total"]
    assert len(hits) == 1
    at(hits[0], path.name, line_of(text, "stated_total = 100"), "stated_total")
    assert "100" in hits[0].message and "96.67" in hits[0].message


def test_lanzhou_full_marks_for_a_missed_target(lanzhou_findings):
    text = (LANZHOU / "department.toml").read_text(encoding="utf-8")
    hits = [f for f in lanzhou_findings if f.code == "E-SCORE-RULE" and "法定审限内结案率" in f.message
            and Path(f.location.file).name == "department.toml"]
    assert len(hits) == 1
    at(hits[0], "department.toml", line_of(text, "score =", after='name = "法定审限内结案率"'))
    assert "89.1" in hits[0].message and "3.53" in hits[0].message  # 89.1 / 90 × 3.57


def test_lanzhou_stated_count_of_the_performance_group(lanzhou_findings):
    text = (LANZHOU / "department.toml").read_text(encoding="utf-8")
    f = only(lanzhou_findings, "E-STATED-COUNT")
    at(f, "department.toml", line_of(text, "stated_count = 20"))
    assert "15" in f.message


def test_pingtang_cost_items_exceed_spending():
    cy = load(CONTENT, "pingtang")
    findings = run_checks(cy, score_year(cy))
    f = only(findings, "E-COST-OVER-SPENT")
    assert "电力系统维修改造专项资金" in f.message and "845371.59" in f.message and "599619.76" in f.message


def test_listed_document_without_its_section_is_missing_data(check_project):
    findings = check_project(project(), {"2024/year.toml": 'documents = ["report"]\n'})
    finding = only(findings, "E-MISSING")
    assert "[report]" in finding.message
    at(finding, "year.toml", 1, "documents")


@pytest.mark.parametrize("conclusion, flagged", [
    ("各项指标均完成，自评等级为“优”。", True),
    ("年度目标全部达成。", True),
    ("各项指标基本完成。", False),
    ("部分指标未全部完成。", False),
])
def test_text_claiming_every_target_met(check_project, conclusion, flagged):
    partial = ind("法定审限内结案率", ">=90%", "89.1", "20", "19.80", level2="质量指标", reason='"个别案件审限延长"')
    head = HEAD + 'deviation = "个别案件审限延长。"\n'
    text = project(head=head, output=OUTPUT_A + partial).replace("各项指标均完成，自评等级为“优”。", conclusion)
    findings = check_project(text)
    if not flagged:
        assert "W-TEXT-CLAIM" not in codes(findings)
        return
    f = only(findings, "W-TEXT-CLAIM")
    at(f, P, line_of(text, "conclusion ="), "conclusion")
    assert "“法定审限内结案率”（89.1，目标 >=90%）未达到年度指标值" in f.message
