"""The scoring rules of domain-rules §5, checked on the worked examples of the reference documents."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal as D

import pytest
from conftest import CONTENT
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from reportgen.loader import load
from reportgen.models import Evaluation, Settings
from reportgen.models.measure import parse_measure, tier_of
from reportgen.rounding import percent, q2, to_decimal
from reportgen.scoring import rules, score_year
from reportgen.scoring.engine import Execution, score_evaluation, score_indicator

LINEAR = Settings()
RATIO = Settings(reverse_rule="ratio")


def qscore(target: str, actual: str, weight: str, settings: Settings = LINEAR) -> D:
    return rules.quantitative_score(parse_measure(target), parse_measure(actual), D(weight), settings)


# ---------------------------------------------------------------- §5.2 execution rate

@pytest.mark.parametrize(
    ("budget", "spent", "weight", "rate", "score"),
    [
        ("1483.36", "1480.88", "10", "99.83", "9.98"),  # Lanzhou department
        ("845371.59", "599619.76", "10", "70.93", "7.09"),  # Pingtang 电力系统维修改造
        ("1354628", "988000", "10", "72.94", "7.29"),  # Pingtang 审判辅助社会化服务
        ("136", "136", "10", "100.00", "10.00"),  # Lanzhou 业务费
        ("100", "50", "20", "50.00", "10.00"),  # local form "得分（20分*执行率）"
    ],
)
def test_execution_score_worked_examples(budget, spent, weight, rate, score):
    got_rate, got_score = rules.execution_score(D(budget), D(spent), D(weight), cap=True)
    assert (got_rate, got_score) == (D(rate), D(score))
    assert str(got_rate) == rate and str(got_score) == score  # two places, as printed


def test_execution_score_is_computed_from_the_unrounded_ratio():
    # 70945 / 100000: rate 70.945 → 70.95, but the score is 7.0945 → 7.09, not 70.95% × 10 = 7.095 → 7.10 (§5.9)
    assert rules.execution_score(D("100000"), D("70945"), D(10), cap=True) == (D("70.95"), D("7.09"))


@pytest.mark.parametrize("weight", ["10", "20", "3.57"])
def test_execution_score_spent_over_budget_is_capped_at_weight(weight):
    rate, score = rules.execution_score(D(100), D(120), D(weight), cap=True)
    assert rate == D("120.00")  # the rate itself is reported as it is
    assert score == q2(D(weight))


def test_execution_score_uncapped_when_the_setting_says_so():
    assert rules.execution_score(D(100), D(120), D(10), cap=False) == (D("120.00"), D("12.00"))


def test_execution_with_zero_budget_gives_no_rate_and_no_score():
    from reportgen.scoring.engine import department_execution

    ex = department_execution(D(0), D(0), D(5), D(10), LINEAR)
    assert ex.rate is None and ex.score is None


# ---------------------------------------------------------------- §5.3 quantitative

@pytest.mark.parametrize(
    ("target", "actual", "weight", "expected"),
    [
        ("≥55%", "50.33", "3.57", "3.27"),  # Lanzhou 执行标的到位率: 50.33 / 55 × 3.57 = 3.2669
        (">=55%", "50.33", "3.57", "3.27"),
        (">=90%", "89.1", "3.57", "3.53"),  # Lanzhou 法定审限内结案率 by the rule
        (">=90百分比", "89.1", "5", "4.95"),
        ("≥85%", "88.47", "3.57", "3.57"),  # met → full
        ("≥93%", "93", "3.57", "3.57"),  # exactly the target → full
        (">=50%", "64.36", "3.57", "3.57"),  # over-achieved → still full
        ("＞90%", "80", "10", "8.89"),  # > scores like ≥
        (">90", "90", "10", "10.00"),  # > treated exactly like ≥ [S8]
        ("≥480件", "240", "5", "2.50"),
        ("100%", "50", "4", "2.00"),  # no operator: positive
    ],
)
def test_positive_rule(target, actual, weight, expected):
    assert qscore(target, actual, weight) == D(expected)


@pytest.mark.parametrize(
    ("target", "actual", "expected"),
    [
        ("=0次", "0", "3.59"),  # Lanzhou 违法违纪情况
        ("＝0次", "0", "3.59"),
        ("=0次", "1", "0"),
        ("=0次", "0.5", "0"),
        ("=100%", "100", "3.59"),  # target > 0: as positive
        ("=100%", "90", "3.23"),  # 90 / 100 × 3.59 = 3.231
        ("＝1栋", "2", "3.59"),
    ],
)
def test_equal_rule(target, actual, expected):
    assert qscore(target, actual, "3.59") == D(expected)


@pytest.mark.parametrize(
    ("target", "actual", "weight", "expected"),
    [
        ("<=0%", "34.48", "2", "0"),  # Lanzhou 结转结余变动率
        ("≤0%", "0", "2", "2"),
        ("≤10", "15", "4", "2"),  # half way to double → half
        ("≤10", "10", "4", "4"),
        ("≤10", "5", "4", "4"),
        ("≤10", "12.5", "4", "3"),
        ("≤10", "20", "4", "0"),  # 2 × target → 0
        ("≤10", "35", "4", "0"),
        ("<10", "10", "4", "4"),
        ("＜10", "15", "4", "2"),
        ("<=100%", "98.31", "2", "2"),  # Lanzhou “三公经费”控制率
    ],
)
def test_reverse_rule_linear(target, actual, weight, expected):
    assert qscore(target, actual, weight, LINEAR) == D(expected)


@pytest.mark.parametrize(
    ("target", "actual", "weight", "expected"),
    [
        ("≤250000元", "0元", "2", "2"),  # Pingtang 卷宗管理中心服务费
        ("≤100", "125", "10", "8"),  # 100 / 125 × 10 = 0.8 × weight
        ("≤100", "125", "3.57", "2.86"),  # 0.8 × 3.57 = 2.856
        ("≤100", "400", "10", "2.5"),  # ratio never drops to 0 at double
        ("≤100", "99", "10", "10"),  # never above the weight
        ("<=0%", "34.48", "2", "0"),  # target 0: anything above it gets 0
    ],
)
def test_reverse_rule_ratio(target, actual, weight, expected):
    assert qscore(target, actual, weight, RATIO) == D(expected)


@pytest.mark.parametrize(
    ("target", "actual", "expected"),
    [
        ("≥10", "-5", "0"),  # -5 counts as 0 → 0 / 10
        ("≤10", "-5", "4"),  # 0 ≤ 10 → full
        ("=0次", "-3", "4"),  # 0 ≤ 0 → full
        ("≤10", "-50", "4"),  # not “more than double below” or anything odd
    ],
)
def test_negative_actual_counts_as_zero(target, actual, expected):
    for settings in (LINEAR, RATIO):
        assert qscore(target, actual, "4", settings) == D(expected)


@pytest.mark.parametrize(("target", "actual"), [(">0次", "2"), ("≥0次", "3"), (">=0", "1")])
def test_positive_rule_with_target_zero_met_gives_full_weight(target, actual):
    assert qscore(target, actual, "3.57") == D("3.57")


@pytest.mark.parametrize(
    ("target", "actual", "settings", "expected"),
    [
        ("≥200000元", "10万元", LINEAR, "2.50"),  # 100000 / 200000 × 5
        ("≤100000元", "25万元", RATIO, "2.00"),  # 100000 / 250000 × 5
        ("≤50万元", "400000元", LINEAR, "5.00"),  # 400000 ≤ 500000 → full
    ],
)
def test_money_units_are_converted_before_scoring(target, actual, settings, expected):
    assert qscore(target, actual, "5", settings) == D(expected)


@pytest.mark.parametrize(
    ("target", "actual", "met"),
    [
        ("≥90%", "89.1", False), ("≥90%", "90", True), (">90", "90", False), (">90", "90.01", True),
        ("=100%", "100", True), ("=100%", "99.99", False), ("=0次", "0", True), ("=0次", "1", False),
        ("≤0%", "34.48", False), ("≤0%", "0", True), ("<10", "10", False), ("<10", "9.99", True),
    ],
)
def test_met(target, actual, met):
    assert rules.met(parse_measure(target), parse_measure(actual)) is met


# ---------------------------------------------------------------- §5.4 qualitative

@pytest.mark.parametrize(
    ("weight", "expected"),
    [("3.57", "3.21"), ("13.34", "12.01"), ("6.67", "6.00"), ("2.5", "2.25"), ("2", "1.80"), ("10", "9.00")],
)
def test_qualitative_default_ninety_percent_rounded_half_up(weight, expected):
    settings = Settings(qualitative_default=D("0.9"))
    got = rules.qualitative_default("full", D(weight), settings)
    assert got == D(expected) and str(got) == expected


def test_qualitative_default_from_toml_text():
    # court.toml says `qualitative_default = 0.9`; TOML numbers are read as exact decimals
    import tomllib

    settings = Settings.model_validate(tomllib.loads("qualitative_default = 0.9", parse_float=D))
    assert rules.qualitative_default("full", D("13.34"), settings) == D("12.01")


def test_qualitative_default_is_full_weight_by_default_and_none_below_the_top_tier():
    assert rules.qualitative_default("full", D("3.57"), Settings()) == D("3.57")
    assert rules.qualitative_default("partial", D("3.57"), Settings()) is None
    assert rules.qualitative_default("poor", D("3.57"), Settings()) is None
    assert rules.qualitative_default(None, D("3.57"), Settings()) is None


@pytest.mark.parametrize(
    ("label", "tier"),
    [
        ("达成年度指标", "full"), ("达成预期指标", "full"), ("100%-80%(含)", "full"), ("100%-80%（含）", "full"),
        ("100% - 80%(含)", "full"),
        ("部分达成年度指标并具有一定效果", "partial"), ("部分达成预期指标", "partial"), ("80%-60%(含)", "partial"),
        ("未达成年度指标且效果较差", "poor"), ("未达成预期指标", "poor"), ("60%-0%", "poor"),
        ("100%", None), ("健全", None), ("", None), (None, None),
    ],
)
def test_tier_labels(label, tier):
    assert tier_of(label) == tier


@pytest.mark.parametrize(
    ("tier", "fraction", "inside"),
    [
        ("full", "1", True), ("full", "0.8", True), ("full", "0.79", False), ("full", "1.01", False),
        ("partial", "0.8", False), ("partial", "0.79", True), ("partial", "0.6", True), ("partial", "0.59", False),
        ("poor", "0.6", False), ("poor", "0.59", True), ("poor", "0", True),
    ],
)
def test_in_band_edges(tier, fraction, inside):
    weight = D(10)
    assert rules.in_band(tier, weight * D(fraction), weight) is inside


def test_in_band_with_an_uneven_weight():
    # 80% of 3.57 is 2.856: 2.86 is in the full tier, 2.85 is not
    assert rules.in_band("full", D("2.86"), D("3.57"))
    assert not rules.in_band("full", D("2.85"), D("3.57"))
    assert rules.in_band("partial", D("2.85"), D("3.57"))


# ---------------------------------------------------------------- §5.7 grades

@pytest.mark.parametrize(
    ("total", "grade"),
    [
        ("100", "优"), ("93.29", "优"), ("90", "优"), ("90.00", "优"), ("89.99", "良"), ("89.5", "良"),
        ("80", "良"), ("79.99", "中"), ("60", "中"), ("59.99", "差"), ("0", "差"),
    ],
)
def test_grade_edges(total, grade):
    assert rules.grade(D(total), Settings()) == grade


def test_grades_come_from_settings_in_any_order():
    settings = Settings.model_validate({"grades": [{"min": 0, "label": "不合格"}, {"min": 85, "label": "合格"}]})
    assert rules.grade(D(85), settings) == "合格"
    assert rules.grade(D("84.99"), settings) == "不合格"


# ---------------------------------------------------------------- §5.9 rounding

@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2.675", "2.68"),  # float round() gives 2.67
        ("2.665", "2.67"),  # banker's rounding gives 2.66
        ("0.125", "0.13"),  # banker's rounding gives 0.12
        ("3.2669", "3.27"), ("12.006", "12.01"), ("6.003", "6.00"), ("2.5", "2.50"),
        ("-2.665", "-2.67"), ("96.675", "96.68"),
    ],
)
def test_q2_rounds_half_up(value, expected):
    got = q2(D(value))
    assert str(got) == expected


def test_percent():
    assert percent(D("38.67"), D(40)) == D("96.68")  # 96.675 → 96.68 (the report printed 96.67%)
    assert percent(D("12.01"), D("13.34")) == D("90.03")
    assert percent(D(1), D(0)) is None


# ---------------------------------------------------------------- target parsing

@pytest.mark.parametrize(
    ("text", "op", "value", "unit"),
    [
        ("≥55%", "ge", "55", "%"), (">=85%", "ge", "85", "%"), ("＞＝85%", "ge", "85", "%"), ("≧3", "ge", "3", ""),
        (">90%", "gt", "90", "%"), ("＞90%", "gt", "90", "%"),
        ("=100%", "eq", "100", "%"), ("＝0次", "eq", "0", "次"), ("＝215000元", "eq", "215000", "元"),
        ("＝6万元", "eq", "6", "万元"),
        ("≤250000元", "le", "250000", "元"), ("<=0%", "le", "0", "%"), ("＜＝5", "le", "5", ""),
        ("<5", "lt", "5", ""), ("＜5", "lt", "5", ""),
        (">=85百分比", "ge", "85", "%"), ("≥90％", "ge", "90", "%"),  # units: 百分比 = ％ = %
        ("≥ 85 %", "ge", "85", "%"),
        ("845,371.59", None, "845371.59", ""), ("1,354,628元", None, "1354628", "元"),
        ("14 人", None, "14", "人"), ("88.47", None, "88.47", ""), ("100.00%", None, "100.00", "%"),
        ("≥1次", "ge", "1", "次"), ("≤1076430.57元", "le", "1076430.57", "元"),
    ],
)
def test_parse_quantitative_targets(text, op, value, unit):
    m = parse_measure(text)
    assert (m.kind, m.op, m.value, m.unit) == ("number", op, D(value), unit)
    assert type(m.value) is D
    assert m.text == text.strip()


@pytest.mark.parametrize(
    ("text", "date"),
    [("2024年12月31日", dt.date(2024, 12, 31)), ("2023年12月31日", dt.date(2023, 12, 31)),
     ("2024 年 6 月 1 日", dt.date(2024, 6, 1))],
)
def test_parse_dates(text, date):
    m = parse_measure(text)
    assert (m.kind, m.date, m.value) == ("date", date, None)


@pytest.mark.parametrize(
    "text", ["健全", "规范", "及时", "在预算范围内", "得到保障", "优", "100%-80%(含)", "达成预期指标",
             "以实际发生次数为准", "2024年2月30日"],
)
def test_parse_words(text):
    m = parse_measure(text)
    assert m.kind == "word" and m.value is None and m.op is None


def test_money_measure_in_yuan():
    assert parse_measure("＝6万元").in_yuan() == D(60000)
    assert parse_measure("215000元").in_yuan() == D(215000)
    assert parse_measure("≥90%").in_yuan() is None


def test_indicator_kind_inferred_from_target():
    from reportgen.models import Indicator

    base = {"level1": "产出指标", "level2": "数量指标", "name": "x"}
    assert Indicator(**base, target="≥5件").is_quantitative
    assert not Indicator(**base, target="健全").is_quantitative
    assert not Indicator(**base, target="2024年12月31日").is_quantitative
    assert not Indicator(**base, target="100%", kind="qualitative").is_quantitative


# ---------------------------------------------------------------- exact decimals only

@pytest.mark.parametrize(("value", "expected"), [("845,371.59", "845371.59"), (" 12 ", "12"), (7, "7"),
                                                 (D("0.9"), "0.9"), ("-3.5", "-3.5")])
def test_to_decimal_accepts(value, expected):
    got = to_decimal(value)
    assert type(got) is D and got == D(expected)


@pytest.mark.parametrize("value", [0.9, True, "十", "1,2345", "1.2.3", None, [1]])
def test_to_decimal_refuses(value):
    with pytest.raises(ValueError):
        to_decimal(value)


def test_settings_refuse_a_float():
    with pytest.raises(ValidationError):
        Settings(qualitative_default=0.9)


amounts = st.decimals(min_value=0, max_value=10**7, places=2, allow_nan=False, allow_infinity=False)
weights = st.decimals(min_value=0, max_value=100, places=2, allow_nan=False, allow_infinity=False)
ops = st.sampled_from([">=", ">", "=", "<=", "<", "≥", "≤", "＝", ""])


@given(op=ops, target=amounts, actual=st.decimals(min_value=-1000, max_value=10**7, places=2),
       weight=weights, reverse=st.sampled_from(["linear", "ratio"]))
def test_quantitative_score_is_a_decimal_between_zero_and_weight(op, target, actual, weight, reverse):
    settings = Settings(reverse_rule=reverse)
    score = rules.quantitative_score(parse_measure(f"{op}{target}%"), parse_measure(f"{actual}"), weight, settings)
    assert type(score) is D
    assert D(0) <= score <= weight


@given(op=ops, target=amounts.filter(lambda t: t > 0), actual=amounts, weight=weights,
       reverse=st.sampled_from(["linear", "ratio"]))
def test_quantitative_score_has_two_places(op, target, actual, weight, reverse):
    score = rules.quantitative_score(parse_measure(f"{op}{target}"), parse_measure(f"{actual}"), weight,
                                     Settings(reverse_rule=reverse))
    assert score.as_tuple().exponent == -2


def test_zero_target_score_has_two_places():
    assert qscore("=0次", "1", "3.59").as_tuple().exponent == -2


@given(budget=amounts.filter(lambda b: b > 0), spent=amounts, weight=weights)
def test_execution_score_is_decimal_and_never_above_weight(budget, spent, weight):
    rate, score = rules.execution_score(budget, spent, weight, cap=True)
    assert type(rate) is D and type(score) is D
    assert D(0) <= score <= weight
    assert rate.as_tuple().exponent == -2 and score.as_tuple().exponent == -2


# ---------------------------------------------------------------- engine

def _evaluation(indicators: list[dict], groups: list[dict]) -> Evaluation:
    return Evaluation.model_validate({"groups": groups, "indicators": indicators})


def _execution(score: str) -> Execution:
    return Execution(D(10), D(10), D(10), D(10), D(100), D(score))


def test_score_sources_stated_rule_default_missing():
    ev = _evaluation(
        [
            {"level1": "产出指标", "level2": "数量", "name": "stated", "target": "≥90%", "actual": "89.1",
             "weight": "3.57", "score": "3.57", "reason": "审限延长经批准"},
            {"level1": "产出指标", "level2": "数量", "name": "slip", "target": "≥90%", "actual": "89.1",
             "weight": "3.57", "score": "3.57"},
            {"level1": "产出指标", "level2": "数量", "name": "rule", "target": "≥55%", "actual": "50.33",
             "weight": "3.57"},
            {"level1": "产出指标", "level2": "质量", "name": "default", "target": "及时", "actual": "100%-80%(含)",
             "weight": "13.34"},
            {"level1": "产出指标", "level2": "质量", "name": "missing", "target": "≥1次", "weight": "2"},
        ],
        [{"name": "产出指标", "weight": "26.05"}],
    )
    sc = score_evaluation(ev, Settings(qualitative_default=D("0.9")), _execution("9.98"))
    rows = {s.name: s for s in sc.indicators}
    # a departure from the rule stands only with a reason; otherwise the rule's score is used
    assert (rows["stated"].source, rows["stated"].score, rows["stated"].rule_score) == ("stated", D("3.57"), D("3.53"))
    assert (rows["slip"].source, rows["slip"].score, rows["slip"].stated) == ("rule", D("3.53"), D("3.57"))
    assert (rows["rule"].source, rows["rule"].score) == ("rule", D("3.27"))
    assert (rows["default"].source, rows["default"].score) == ("default", D("12.01"))
    assert (rows["missing"].source, rows["missing"].score) == ("missing", None)
    group = sc.groups[0]
    assert [l2.name for l2 in group.level2] == ["数量", "质量"]
    assert group.score == D("3.57") + D("3.53") + D("3.27") + D("12.01")
    assert sc.total == D("9.98") + group.score
    assert sc.total_weight == D("36.05")
    assert not sc.complete


def test_totals_sum_quantized_rows_and_grade_from_total():
    # three rows of 1/3 × 10 each: 3.33 × 3 = 9.99, not 10 (sums use the quantized row scores, §5.9)
    rows = [{"level1": "产出指标", "level2": "数量", "name": f"r{i}", "target": "≥3", "actual": "1",
             "weight": "10"} for i in range(3)]
    ev = _evaluation(rows, [{"name": "产出指标", "weight": "30"}])
    sc = score_evaluation(ev, Settings(), _execution("10"))
    assert [s.score for s in sc.indicators] == [D("3.33")] * 3
    assert sc.groups[0].score == D("9.99")
    assert sc.groups[0].rate == D("33.30")
    assert sc.total == D("19.99")
    assert sc.rate == D("49.98")  # 19.99 / 40 = 49.975%
    assert sc.grade == "差"
    assert sc.complete


def test_undeclared_group_takes_the_sum_of_its_rows():
    ev = _evaluation(
        [{"level1": "效益指标", "level2": "社会", "name": "x", "target": "健全", "actual": "达成预期指标",
          "weight": "7", "score": "7"}],
        [{"name": "产出指标", "weight": "50"}],
    )
    sc = score_evaluation(ev, Settings(), _execution("10"))
    assert [(g.name, g.weight, g.group_index) for g in sc.groups] == [("产出指标", D(50), 0), ("效益指标", D(7), None)]


def test_metric_value_supplies_a_missing_actual():
    from reportgen.models import Indicator

    ind = Indicator(level1="部门管理", level2="资金投入", name="结转结余变动率", target="<=0%", weight=D(2),
                    metric="carryover_change_rate")
    s = score_indicator(ind, 0, Settings(), metric_value=D("34.48"))
    assert (s.score, s.source) == (D(0), "rule")


def _walk(value, path="result"):
    """Yield (path, value) of every leaf reachable from a scoring result."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            if f.name == "indicator":
                continue
            yield from _walk(getattr(value, f.name), f"{path}.{f.name}")
        for prop in ("rate", "score", "weight", "total", "row_weight", "score_rate"):
            if isinstance(getattr(type(value), prop, None), property):
                yield f"{path}.{prop}", getattr(value, prop)
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _walk(v, f"{path}[{k!r}]")
    elif isinstance(value, (list, tuple)):
        for i, v in enumerate(value):
            yield from _walk(v, f"{path}[{i}]")
    else:
        yield path, value


@pytest.mark.parametrize("slug", ["lanzhou-xinqu", "pingtang", "example-tribunal"])
def test_no_float_anywhere_in_the_computed_scores(slug):
    result = score_year(load(CONTENT, slug))
    leaves = list(_walk(result))
    assert len(leaves) > 20
    floats = [p for p, v in leaves if isinstance(v, float)]
    assert floats == []
    numbers = [v for _p, v in leaves if isinstance(v, D)]
    assert numbers, "expected Decimal values in the result"


@pytest.mark.parametrize("slug", ["lanzhou-xinqu", "pingtang"])
def test_no_float_in_the_loaded_models(slug):
    cy = load(CONTENT, slug)
    dumped = cy.data.model_dump()

    def floats(value):
        if isinstance(value, float):
            yield value
        elif isinstance(value, dict):
            for v in value.values():
                yield from floats(v)
        elif isinstance(value, list):
            for v in value:
                yield from floats(v)

    assert list(floats(dumped)) == []
    assert list(floats(cy.court.model_dump())) == []
    assert isinstance(cy.court.settings.qualitative_default, D)
