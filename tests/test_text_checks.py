# ruff: noqa: F811  (check_project is a fixture imported from test_checks)
"""The checks that read the prose: each code fires on a planted slip, with its file and line, and stays
silent on a near miss that is correct."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import CONTENT, line_of
from test_checks import (  # noqa: F401
    BENEFIT,
    FUNDS,
    HEAD,
    OUTPUT_A,
    OUTPUT_B,
    P,
    at,
    check_project,
    codes,
    ind,
    only,
    project,
    run,
)

from reportgen.checks import run_checks
from reportgen.loader import load
from reportgen.scoring import score_year

MISSED_ROW = ind("法定审限内结案率", ">=90%", "89.1", "20", "19.80", level2="质量指标", reason='"个别案件审限延长"')
DEVIATION = 'deviation = "个别案件审限延长，下一年加强审限管理。"\n'


# ---------------------------------------------------------------- W-TEXT-CLAIM (text_claims.py)

@pytest.mark.parametrize(("spent", "fires"), [("70", True), ("89.99", True), ("90", False), ("95", False)])
def test_every_target_met_while_the_budget_was_left_unspent(check_project, spent, fires):
    text = project(head=HEAD + DEVIATION, funds=FUNDS.replace("spent = 100", f"spent = {spent}"))
    findings = check_project(text)
    if not fires:
        assert "W-TEXT-CLAIM" not in codes(findings)
        return
    f = only(findings, "W-TEXT-CLAIM")
    at(f, P, line_of(text, "conclusion ="), "conclusion")
    assert f"预算执行率仅为 {float(spent):.2f}%（低于 90%）" in f.message


def test_the_execution_rate_a_claim_needs_is_a_setting(check_project):
    text = project(head=HEAD + DEVIATION, funds=FUNDS.replace("spent = 100", "spent = 95"))
    court = 'name = "测试法院"\n[settings]\nclaim_execution_rate = 96\n'
    assert codes(check_project(text, court=court)) == ["W-TEXT-CLAIM"]


@pytest.mark.parametrize(("actual", "score", "fires"), [
    ("部分达成预期指标", "20", True),  # 66.7% of 30: below the 达成 tier
    ("达成预期指标", "27", False),  # 90%: the 达成 tier, as courts that give it 90% score it
])
def test_every_target_met_while_a_qualitative_row_fell_short(check_project, actual, score, fires):
    benefit = BENEFIT.replace('actual = "达成预期指标"', f'actual = "{actual}"').replace("score = 30", f'score = {score}\nreason = "制度尚待完善"')
    findings = check_project(project(head=HEAD + DEVIATION, benefit=benefit))
    if fires:
        assert "“制度健全性”（部分达成预期指标）未达到年度指标值" in only(findings, "W-TEXT-CLAIM").message
    else:
        assert findings == []


def test_claim_in_a_markdown_text_names_its_own_line(check_project):
    head = HEAD.replace('conclusion = "各项指标均完成，自评等级为“优”。"', 'conclusion = { file = "../text/c.md" }') + DEVIATION
    files = {"2024/text/c.md": "\n本项目按计划实施。\n\n年度各项指标均完成，效果良好。\n"}
    f = only(check_project(project(head=head, output=OUTPUT_A + MISSED_ROW), files), "W-TEXT-CLAIM")
    at(f, "c.md", 4, "conclusion")


@pytest.mark.parametrize("conclusion", ["除法定审限内结案率外，其余指标均完成。", "各项指标基本完成。"])
def test_a_claim_that_names_its_exceptions_is_silent(check_project, conclusion):
    text = project(head=HEAD + DEVIATION, output=OUTPUT_A + MISSED_ROW).replace("各项指标均完成，自评等级为“优”。", conclusion)
    assert check_project(text) == []


@pytest.mark.parametrize(("deviation", "fires"), [
    (None, True),  # empty: the report prints 无。
    ('"无。"', True),
    ('"本年度无偏离。"', True),
    ('"个别案件审限延长，下一年加强审限管理。"', False),
])
def test_deviation_section_saying_none_while_a_target_was_missed(check_project, deviation, fires):
    head = HEAD.replace("各项指标均完成", "各项指标基本完成") + (f"deviation = {deviation}\n" if deviation else "")
    text = project(head=head, output=OUTPUT_A + MISSED_ROW)
    findings = check_project(text)
    if not fires:
        assert findings == []
        return
    f = only(findings, "W-TEXT-CLAIM")
    at(f, P, line_of(text, "deviation =") if deviation else 1, "deviation")
    assert "偏离绩效目标的原因" in f.message and "法定审限内结案率" in f.message


def test_deviation_section_is_only_read_when_the_report_is_built(check_project):
    head = HEAD.replace("各项指标均完成", "各项指标基本完成")
    forms = {"2024/year.toml": 'documents = ["forms"]\n'}
    assert check_project(project(head=head, output=OUTPUT_A + MISSED_ROW), forms) == []


@pytest.mark.parametrize(("sentence", "fires"), [
    ("审限管理到位，达到年度指标值。", True),
    ("审限管理到位，已完成目标。", True),
    ("审限管理到位，基本达到目标值。", False),
    ("个别案件未达到目标值。", False),
])
def test_row_text_saying_its_target_was_reached_while_it_was_missed(check_project, sentence, fires):
    row = MISSED_ROW + f'text = "{sentence}"\n'
    text = project(head=HEAD.replace("各项指标均完成", "各项指标基本完成") + DEVIATION, output=OUTPUT_A + row)
    findings = check_project(text)
    if fires:
        at(only(findings, "W-TEXT-CLAIM"), P, line_of(text, sentence), "indicators[1].text")
    else:
        assert findings == []


def test_row_text_saying_its_target_was_reached_when_it_was_is_silent(check_project):
    row = OUTPUT_B.replace("score = 20", 'score = 20\ntext = "验收全部合格，达到年度指标值。"')
    assert check_project(project(output=OUTPUT_A + row)) == []


# ---------------------------------------------------------------- targets and actuals (targets.py)

@pytest.mark.parametrize(("target", "fires"), [("≥", True), (">=%", True), ("≤万元", True), ("大于等于", True),
                                               ("≥90%", False), ("健全", False)])
def test_operator_without_a_number_is_an_error(check_project, target, fires):
    row = OUTPUT_B.replace('target = "≥90%"', f'target = "{target}"')
    text = project(output=OUTPUT_A + row)
    findings = check_project(text)
    if fires:
        f = only(findings, "E-TARGET-NO-NUMBER")
        assert f.severity == "error"
        at(f, P, line_of(text, f'target = "{target}"'), "indicators[1].target")
    else:
        assert "E-TARGET-NO-NUMBER" not in codes(findings)


@pytest.mark.parametrize(("name", "target", "fires"), [
    ("验收合格率", "≥100%", True), ("当事人满意度", ">100%", True), ("验收合格率", "=120%", True),
    ("验收合格率", "=100%", False), ("验收合格率", "≥95%", False), ("案件数量增长率", "≥120%", False),
    ("任务完成率", "≥100%", False), ("在职人员控制率", "≤100%", False),
])
def test_rate_target_above_100(check_project, name, target, fires):
    row = ind(name, target, "100%", "20", "20", level2="质量指标")
    text = project(output=OUTPUT_A + row)
    findings = check_project(text)
    if fires:
        at(only(findings, "W-TARGET-ABOVE-100"), P, line_of(text, f'target = "{target}"'), "indicators[1].target")
    else:
        assert "W-TARGET-ABOVE-100" not in codes(findings)


@pytest.mark.parametrize(("indicators", "fires"), [
    ("审限内结案率≥100%，平均审理时长≤85天。", True),
    ("当事人满意度达到100%以上。", True),
    ("工资发放准确率达到100%，出勤率在98%以上。", False),
    ("收案数增长率≥110%。", False),
])
def test_rate_target_above_100_in_a_declaration_text(make_court, indicators, fires):
    year = f'documents = ["declaration"]\n\n[declaration]\noverall = "完成审判任务"\n\n[[declaration.items]]\ngoal = "依法审判。"\nindicators = "{indicators}"\n'
    findings = run(make_court({"2024/year.toml": year}))
    if fires:
        at(only(findings, "W-TARGET-ABOVE-100"), "year.toml", line_of(year, "indicators ="), "declaration.items[0].indicators")
    else:
        assert findings == []


@pytest.mark.parametrize(("actual", "fires"), [("达成预期指标", True), ("已完成", True), ("5000平方米", False)])
def test_quantitative_target_met_by_a_word(check_project, actual, fires):
    text = project(output=OUTPUT_A.replace('actual = "5000平方米"', f'actual = "{actual}"') + OUTPUT_B)
    findings = check_project(text)
    if fires:
        at(only(findings, "W-ACTUAL-WORD"), P, line_of(text, f'actual = "{actual}"'), "indicators[0].actual")
    else:
        assert findings == []


@pytest.mark.parametrize(("target", "actual", "reason", "fires"), [
    ("≤25万元", "0万元", "因项目内容变更，该服务未采购。", True),
    ("≤25万元", "0万元", "全年未发生相关费用。", True),
    ("≤25万元", "0万元", "通过比价节约了全部费用。", False),  # nothing says it was not delivered
    ("≤3次", "0次", "全年未发生投诉。", False),  # a count of complaints: none is the best result
])
def test_nothing_delivered_under_a_ceiling_yet_full_marks(check_project, target, actual, reason, fires):
    level2 = "成本指标" if "元" in target else "质量指标"
    row = ind("服务费", target, actual, "20", "20", level2=level2, reason=f'"{reason}"')
    text = project(output=OUTPUT_A + row)
    findings = check_project(text)
    if fires:
        f = only(findings, "W-ZERO-DELIVERED")
        at(f, P, line_of(text, "score = 20", after='name = "服务费"'), "indicators[1].score")
    else:
        assert findings == []


def test_scoring_band_given_as_the_actual_of_qualitative_rows(check_project):
    benefit = BENEFIT.replace('actual = "达成预期指标"', 'actual = "100%-80%(含)"').replace("score = 30", 'score = 27\nreason = "尚待完善"')
    text = project(benefit=benefit)
    f = only(check_project(text), "W-ACTUAL-BAND")
    at(f, P, line_of(text, 'actual = "100%-80%(含)"'), "indicators[2].actual")
    assert "“制度健全性”" in f.message
    # the tier written as a result is what the row should say
    assert check_project(project(benefit=BENEFIT.replace('"达成预期指标"', '"达成年度指标"'))) == []


# ---------------------------------------------------------------- wording (wording.py)

@pytest.mark.parametrize(("conclusion", "fires"), [
    ("构建“检察+企业+N”模式，提升救助质效。", True),
    ("全院检察干警团结协作，完成任务。", True),
    ("加强与检察院、公安机关的协作配合。", False),  # the other body named as such
    ("对检察院提起公诉的案件依法及时审理。", False),
    ("配合纪检监察机关开展专项整治。", False),  # 纪检监察 is no 检察
])
def test_words_of_another_body(check_project, conclusion, fires):
    text = project().replace("各项指标均完成，自评等级为“优”。", conclusion)
    findings = check_project(text)
    if fires:
        f = only(findings, "W-TEXT-INSTITUTION")
        at(f, P, line_of(text, "conclusion ="), "conclusion")
    else:
        assert findings == []


def test_words_of_another_body_in_a_markdown_file_and_per_kind_of_body(check_project):
    head = HEAD.replace('goal = "完成年度工作。"', 'goal = { file = "../text/g.md" }')
    files = {"2024/text/g.md": "完成年度工作。\n\n保障法官依法履职。\n"}
    assert check_project(project(head=head), files) == []
    court = 'name = "测试人民检察院"\n[settings]\nbody = "检察院"\n'
    files["2024/text/g.md"] = "完成年度工作。\n\n提升我院审判质效。\n"
    at(only(check_project(project(head=head), files, court=court), "W-TEXT-INSTITUTION"), "g.md", 3, "goal")


@pytest.mark.parametrize(("name", "goal", "fires"), [
    ("省级政法转移支付资金（装备费）", "加强对中央政法转移支付资金的使用管理。", True),
    ("省级政法转移支付资金（装备费）", "加强对省级政法转移支付资金的使用管理。", False),
    ("省级政法转移支付资金（装备费）", "用好中央和省级转移支付资金。", False),  # both levels: mixed funds
    ("省级政法转移支付资金（装备费）", "贯彻落实中央八项规定精神。", False),  # 中央 not speaking of money
    ("法庭运维费", "用好中央政法补助资金。", False),  # the name gives no level (and no transfer is spoken of)
])
def test_fund_level_contradicting_the_project_name(check_project, name, goal, fires):
    head = HEAD.replace('name = "测试项目"', f'name = "{name}"').replace('goal = "完成年度工作。"', f'goal = "{goal}"')
    findings = check_project(project(head=head))
    if fires:
        at(only(findings, "W-TEXT-FUND-LEVEL"), P, line_of(head, "goal ="), "goal")
    else:
        assert findings == []


@pytest.mark.parametrize(("source", "goal", "fires"), [
    ("本级安排", "加强对中央政法转移支付资金的使用管理。", True),
    ("上级补助", "加强对中央政法转移支付资金的使用管理。", False),  # a transfer, recorded as one
    ("本级安排", "做好中央转移支付资金的配套保障。", False),  # matching a transfer with own funds
    ("本级安排", "保障法庭正常运转。", False),
])
def test_transfer_funds_in_a_project_of_the_courts_own_funds(check_project, source, goal, fires):
    head = HEAD.replace('goal = "完成年度工作。"', f'goal = "{goal}"')
    findings = check_project(project(head=head, funds=FUNDS.replace('source = "本级安排"', f'source = "{source}"')))
    if fires:
        f = only(findings, "W-TEXT-FUND-LEVEL")
        at(f, P, line_of(head, "goal ="), "goal")
        assert "上级补助" in f.message
    else:
        assert findings == []


PASSAGE = "精准资金分配，向审判执行主业倾斜，建立智慧法院体系，确保资金用于核心业务，严格按政府采购规定执行，提高采购效率。"


def _other(name: str, code: str, conclusion: str) -> str:
    head = HEAD.replace('name = "测试项目"', f'name = "{name}"').replace('code = "T-01"', f'code = "{code}"')
    return project(head=head.replace('goal = "完成年度工作。"', f'goal = "{name}的年度目标。"')
                   .replace('conclusion = "各项指标均完成，自评等级为“优”。"', f"conclusion = {conclusion}"))


def test_the_same_long_passage_pasted_into_another_project(check_project):
    second = _other("另一个项目", "T-02", '{ file = "../text/b.md" }')
    files = {"2024/projects/02-second.toml": second, "2024/text/b.md": f"本项目顺利完成。\n\n{PASSAGE}\n"}
    findings = check_project(project(head=HEAD.replace("各项指标均完成，自评等级为“优”。", PASSAGE)), files)
    f = only(findings, "W-TEXT-PASTED")
    at(f, "b.md", 3, "conclusion")
    assert "测试项目" in f.message and "另一个项目" in f.message


@pytest.mark.parametrize("case", ["short", "same name", "same file", "template"])
def test_shared_texts_that_are_no_paste(check_project, case):
    passage = {"short": "项目按计划顺利完成。", "template": PASSAGE + "执行率{{ execution_rate }}。"}.get(case, PASSAGE)
    name, conclusion = ("测试项目", f'"{passage}"') if case == "same name" else ("另一个项目", f'"{passage}"')
    files = {}
    if case == "same file":
        files["2024/text/shared.md"] = passage + "\n"
        conclusion = '{ file = "../text/shared.md" }'
    first = project(head=HEAD.replace('"各项指标均完成，自评等级为“优”。"', conclusion))
    files["2024/projects/02-second.toml"] = _other(name, "T-02", conclusion)
    assert "W-TEXT-PASTED" not in codes(check_project(first, files))


@pytest.mark.parametrize(("basis", "court", "fires"), [
    ("收益对象满意", None, True),
    ("受益对象满意", None, False),
    ("按排名确定", None, False),
    ("依据年度计划", 'name = "测试法院"\n[settings.confusions]\n"年度计划" = "年度工作计划"\n', True),  # a court's own
    ("收益对象满意", 'name = "测试法院"\n[settings.confusions]\n"收益对象" = ""\n', False),  # switched off
])
def test_confusions_common_in_this_field(check_project, basis, court, fires):
    row = OUTPUT_B.replace("score = 20", f'score = 20\nbasis = "{basis}"')
    text = project(output=OUTPUT_A + row)
    findings = check_project(text, court=court)
    if fires:
        at(only(findings, "W-TEXT-CONFUSION"), P, line_of(text, "basis ="), "indicators[1].basis")
    else:
        assert findings == []


# ---------------------------------------------------------------- W-TEXT-FIGURE (text_figures.py)

def _conclusion(sentence: str) -> str:
    return project().replace("各项指标均完成，自评等级为“优”。", sentence)


@pytest.mark.parametrize(("sentence", "says"), [
    ("验收合格率达到93%。", "“验收合格率”的实际完成值按数据为 95%"),
    ("维修改造面积达到6000平方米。", "“维修改造面积”的实际完成值按数据为 5000平方米"),
    ("验收合格率年度指标值大于等于85%。", "“验收合格率”的年度指标值按数据为 90%"),
    ("项目自评得分99分。", "总得分按数据为 100分"),
    ("产出指标得分48分。", "“产出指标”的得分按数据为 50分"),
    ("预算执行率为90%。", "预算执行率按数据为 100%"),
    ("项目预算135628元。", "已知的金额只有年初预算数、全年预算数、全年执行数 100万元"),
    ("各项指标均完成，自评等级为“良”。", "按总分 100.00 应为“优”"),
])
def test_figure_in_a_text_that_differs_from_the_data(check_project, sentence, says):
    text = _conclusion(sentence)
    f = only(check_project(text), "W-TEXT-FIGURE")
    at(f, P, line_of(text, "conclusion ="), "conclusion")
    assert says in f.message


@pytest.mark.parametrize("sentence", [
    "验收合格率达到95%，维修改造面积5000平方米。",  # as the data
    "验收合格率达到95.0%。",
    "验收合格率为90%以上。",  # a bound the actual meets
    "验收合格率较上年提高3%。",  # a change, not the value
    "验收合格率约93%。",
    "合格率达到93%。",  # no indicator of that name
    "项目自评得分100分，得分率100.00%，自评等级为“优”。",
    "项目预算100万元，实际支出100万元。",
    "其中：购置设备30万元。",  # a part of the budget the data does not list
    "共完成维修改造3处，2024年12月完工。",
    "执行率{{ execution_rate }}，验收合格率{{ indicator['验收合格率'].actual }}。",  # quoted, never typed
])
def test_figure_in_a_text_that_agrees_or_names_no_known_quantity(check_project, sentence):
    assert "W-TEXT-FIGURE" not in codes(check_project(_conclusion(sentence)))


def test_figure_in_an_indicators_own_text_in_a_markdown_file(check_project):
    row = OUTPUT_B.replace("score = 20", 'score = 20\ntext = { file = "../text/b.md" }')
    files = {"2024/text/b.md": "验收工作规范。\n\n实际完成96%，该指标分值20分，自评得分20分，得分率为100.00%。\n"}
    f = only(check_project(project(output=OUTPUT_A + row), files), "W-TEXT-FIGURE")
    at(f, "b.md", 3, "indicators[1].text")
    assert "按数据为 95%" in f.message and "{{ actual }}" in f.message  # its own figures need no indicator["…"]


def test_a_metric_named_in_a_department_text(make_court):
    dept = """\
goal_actual = "基本支出预算执行率为99.90%，编制数70人，实有人数39人。"
execution_weight = 10

[finance]
initial_budget = 100
budget = 100
spent = 100
basic_budget = 960.36
basic_spent = 960.06
staff_quota = 70
staff_actual = 40

[[groups]]
name = "部门管理"
weight = 90

[[indicators]]
level1 = "部门管理"
level2 = "资金投入"
name = "制度健全性"
target = "健全"
actual = "达成年度指标"
weight = 90
score = 90
"""
    findings = [f for f in run(make_court({"2024/department.toml": dept})) if f.code == "W-TEXT-FIGURE"]
    assert sorted(f.message.split("但")[1].split("；")[0] for f in findings) == [
        "“基本支出预算执行率”按数据为 99.97%", "在职人员数（实有人数）按数据为 40人"]
    assert all(f.location.field == "goal_actual" for f in findings)


# ---------------------------------------------------------------- the reference courts

PROSE_CODES = {"W-TEXT-CLAIM", "W-TEXT-FIGURE", "E-TARGET-NO-NUMBER", "W-TARGET-ABOVE-100", "W-ACTUAL-WORD",
               "W-ACTUAL-BAND", "W-ZERO-DELIVERED", "W-TEXT-INSTITUTION", "W-TEXT-FUND-LEVEL", "W-TEXT-PASTED",
               "W-TEXT-CONFUSION"}


@pytest.mark.parametrize(("slug", "expected"), [
    ("lanzhou-xinqu", [
        ("W-ACTUAL-BAND", "01-quansheng-yewufei.toml", 118), ("W-ACTUAL-BAND", "02-fating-yunweifei.toml", 102),
        ("W-ACTUAL-BAND", "department.toml", 131),
        ("W-TEXT-CLAIM", "department.toml", 16),  # “2024年预期目标均完成”
    ]),
    ("pingtang", [
        ("W-ACTUAL-WORD", "04-shengji-zhuangbeifei-62wan.toml", 86),  # 省级业务装备费 62 / 达成预期指标
        ("W-TEXT-CLAIM", "dianli-xitong-weixiu-gaizao-conclusion.md", 1),  # 均完成, 执行率 70.93
        ("W-TEXT-CONFUSION", "shenpan-fuzhu-shehuihua-fuwu-goal.md", 1),  # 权利打造
        ("W-TEXT-FUND-LEVEL", "shengji-zhuangbeifei-15wan-goal.md", 1),  # 省级 project, 中央 funds
        ("W-TEXT-FUND-LEVEL", "shengji-zhuangbeifei-62wan-goal.md", 1),
        ("W-TEXT-INSTITUTION", "sifa-jiuzhu-7wan-conclusion.md", 7),  # “检察+企业+N”
        ("W-TEXT-INSTITUTION", "sifa-jiuzhu-8wan-conclusion.md", 7),
        ("W-TEXT-PASTED", "zhongyang-zhuangbeifei-58wan-conclusion.md", 3),
        ("W-TEXT-PASTED", "zhongyang-zhuangbeifei-58wan-goal-actual.md", 1),
        ("W-TEXT-PASTED", "zhongyang-zhuangbeifei-58wan-goal.md", 1),
        ("W-ZERO-DELIVERED", "03-shenpan-fuzhu-shehuihua-fuwu.toml", 108),  # 卷宗管理中心服务费 0元, 项目内容变更
        ("W-ZERO-DELIVERED", "03-shenpan-fuzhu-shehuihua-fuwu.toml", 119),  # 中标服务费
    ]),
    ("example-tribunal", [
        ("W-TARGET-ABOVE-100", "year.toml", 60),  # 审限内结案率≥100%
        ("W-TEXT-CONFUSION", "01-long-term-staff.toml", 105), ("W-TEXT-CONFUSION", "02-travel.toml", 108),  # 收益对象
    ]),
])
def test_prose_findings_on_the_reference_courts_are_the_slips_of_the_published_documents(slug, expected):
    cy = load(CONTENT, slug)
    found = sorted((f.code, Path(f.location.file).name, f.location.line) for f in run_checks(cy, score_year(cy))
                   if f.code in PROSE_CODES)
    assert found == sorted(expected)


def test_the_published_lanzhou_paragraphs_typed_by_hand_are_caught(tmp_path):
    """The Lanzhou report's own sentences, with the figures it typed (the data quotes them through {{ }}):
    each figure that contradicts its table is found, and none that agrees."""
    court = tmp_path / "lanzhou-xinqu"
    shutil.copytree(CONTENT / "lanzhou-xinqu", court)
    dept = court / "2024" / "department.toml"
    published = {  # the data's text → the report's sentence (reference/lanzhou-xinqu-2024-report.txt)
        "能够为以后的工作明确目标、方向和内容，达到年度指标值。\"":
            "能够为以后的工作明确目标、方向和内容，达到年度指标值。该指标分值2.5分，自评得分为2.25分，得分率100.00%。\"",
        "{{ year }}年我院未出现违纪违法的情况。": "2024年我院未出现违纪违法的情况。该指标分值3.57分，自评得分3.57分，得分率为100.00%。",
        "我院{{ year }}年法定审限内结案率{{ actual }}，年度目标值{{ target }}。":
            "我院2024年法定审限内结案率89.1%，年度目标值大于等于90%。该指标分值3.57分，自评得分3.57分，得分率为100.00%。",
        "我院执行案件执结率年度指标值{{ target }}，实际完成{{ actual }}，":
            "我院执行案件执结率年度指标值大于等于85%，实际完成88.47%，该指标分值3.57分，自评得分3.57分，得分率为100.00%。",
    }
    text = dept.read_text(encoding="utf-8")
    for ours, theirs in published.items():
        assert ours in text
        text = text.replace(ours, theirs)
    dept.write_text(text, encoding="utf-8")
    cy = load(tmp_path, "lanzhou-xinqu")
    found = sorted(f.message.split("但")[1].split("；")[0] for f in run_checks(cy, score_year(cy))
                   if f.code == "W-TEXT-FIGURE")
    assert found == [
        "“中期规划建设完备程度”的得分率按数据为 90%",  # printed 2.25 of 2.5
        "“法定审限内结案率”的得分率按数据为 98.88%",  # its score is printed by the rule: 3.53
        "“法定审限内结案率”的自评得分按数据为 3.53分",
        "“违法违纪情况”的分值按数据为 3.59分",
        "“违法违纪情况”的自评得分按数据为 3.59分",
    ]
