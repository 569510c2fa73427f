"""W-TEXT-FIGURE: a figure typed in a text that names a known quantity and differs from the computed value.

A figure is judged only when its sentence says which quantity it is: an indicator, a 一级指标 or a metric
by name ("法定审限内结案率达到89.1%"), or a keyword right before it ("分值3.57分", "自评得分", "得分率为",
"完成率", "年度指标值大于等于", "实际完成", "执行率", "预算数", "编制数"). In an indicator's own texts that
indicator is meant unless another is named, and "该指标" carries the indicator named earlier in the
sentence; "项目" or "部门" before the keyword means the evaluation as a whole. A figure agrees with the data
when it is the computed value written to the places typed ("99.8%" for 99.83%), "85%以上" agrees with
any actual from 85% up, and an amount agrees when it is one of the evaluation's known amounts. Figures
quoted through {{ }} are never seen (see prose.py): the message of a wrong figure names the {{ }} that
would have kept it right.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import cast

from reportgen.checks import CheckContext, check
from reportgen.checks.prose import BLANK, Prose
from reportgen.findings import Finding
from reportgen.models import Department, Evaluation, Project
from reportgen.models.measure import MONEY_UNITS, Measure
from reportgen.scoring import Level1, Scored, ScoredIndicator
from reportgen.scoring.metrics import METRICS

_FIGURE = re.compile(r"(?<![\d.,])(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*"
                     r"(?P<unit>%|％|百分比|万元|元|分(?![之钟])|个百分点)?")
#: After the unit of a count ("560件以上") or right after the figure.
_BOUND = re.compile(r"[^\W\d]{0,4}?(及以上|以上|以下|以内|及以下|左右|余)")
_NOT_A_VALUE = tuple("年月日倍号届期批岁、.．)）")  # a date, a multiple, an ordinal, a list number
_CLAUSE_END = re.compile(rf"[，,；;。！？!?\n：:、（）()“”\"{BLANK}]")
_SENTENCE_END = re.compile(rf"[；;。！？!?\n{BLANK}]")
#: Keyword, connector and operator right before a figure (each list longest first where one contains another).
_KEYWORD_WORDS = ("得分率", "自评得分", "得分", "总分", "分值", "实际完成值", "实际完成率", "实际完成", "实际值", "完成值", "完成率",
                  "年度指标值", "年度目标值", "指标值", "目标值", "目标", "预算执行率", "执行率", "年初预算数", "年初预算",
                  "全年预算数", "全年预算", "预算数", "预算资金", "预算", "执行数", "实际支出数", "实际支出", "实际执行", "支出数",
                  "决算数", "编制数", "编制", "实有人数", "实有", "在职人员数", "在职人数")
_CONNECTORS = ("仅为", "为", "是", "达到", "达", "完成", "实现", "保持在", "共计", "合计", "共")
_OPERATOR_WORDS = ("大于等于", "小于等于", "不低于", "不高于", "不少于", "不超过", "大于", "小于", "等于",
                   "≥", "≤", ">=", "<=", "＞", "＜", ">", "<", "=", "＝")
_LEAD = re.compile(rf"(?P<kw>{'|'.join(_KEYWORD_WORDS)})?(?P<conn>{'|'.join(_CONNECTORS)})?"
                   rf"(?P<op>{'|'.join(map(re.escape, _OPERATOR_WORDS))})?\s*$")
#: The last character of every keyword, connector and operator: a figure after any other character names no
#: quantity, unless a name ends right before it.
_LEAD_ENDS = frozenset(word[-1] for word in (*_KEYWORD_WORDS, *_CONNECTORS, *_OPERATOR_WORDS))
_CANDIDATE = re.compile(f"[{re.escape(''.join(sorted(_LEAD_ENDS)))}] *(?=\\d)")
#: What each keyword names; a keyword not listed names an amount.
_KEYWORDS = {
    "得分率": "rate", "自评得分": "score", "得分": "score", "总分": "score", "分值": "weight",
    "实际完成值": "actual", "实际完成率": "actual", "实际完成": "actual", "实际值": "actual", "完成值": "actual",
    "完成率": "completion", "年度指标值": "target", "年度目标值": "target", "指标值": "target", "目标值": "target",
    "目标": "target", "预算执行率": "execution", "执行率": "execution", "编制数": "staff_quota", "编制": "staff_quota",
    "实有人数": "staff_actual", "实有": "staff_actual", "在职人员数": "staff_actual", "在职人数": "staff_actual",
}
_ROW_QUANTITIES = {"rate", "score", "weight", "completion", "target", "actual"}
_WHOLE = re.compile(r"项目|部门|整体|全院|合计|总体")
#: Between a name and its figure: no change ("较上年提高"), no approximation ("约"), no other number.
_NOT_A_GAP = re.compile(r"较|比|同比|环比|增|减|提升|提高|下降|降低|上升|超|多|少|约|近|逾|低于|高于|不到|其中|\d")
_GRADE = re.compile(r"(?:等级|(?:自评|评价|评定)结果)(?:评定)?(?:为|是|：|:)?\s*[“\"「『](优秀|良好|中等|优|良|中|差)[”\"」』]"
                    r"|(?:等级|(?:自评|评价|评定)结果)(?:评定)?(?:为|是)(优秀|良好|中等|优|良|中|差)")
#: An evaluation's own texts; `purpose` is W-TEXT-AMOUNT's.
_EVALUATION_FIELDS = {"goal", "goal_actual", "summary", "deviation", "change_reason", "conclusion"}
_FINANCE_LABELS = {name: str(info.description) for name, info in Department.model_fields["finance"].annotation.model_fields.items()}  # type: ignore[union-attr]


@dataclass(frozen=True)
class Anchor:
    """What a sentence can name: an indicator, a 一级指标 or a department metric."""

    name: str
    indicator: ScoredIndicator | None = None
    group: Level1 | None = None
    metric: str | None = None  # METRICS key


@dataclass(frozen=True)
class Expected:
    value: Decimal  # amounts in 元
    unit: str  # "%", "分", "元", or the unit of a count ("" when none)
    label: str  # "“结案率”的实际完成值"
    ref: str = ""  # the {{ }} that quotes it


@dataclass(frozen=True)
class Typed:
    number: Decimal
    places: int
    unit: str  # "%", "分", "元" (万元 converted), or the word after the figure
    factor: Decimal  # 元 per typed unit, 1 otherwise
    bound: str

    @property
    def value(self) -> Decimal:
        return self.number * self.factor

    def agrees(self, e: Expected, actual: bool) -> bool:
        if self.bound in ("左右", "余"):
            return True
        if actual and self.bound in ("以上", "及以上"):
            return e.value >= self.value
        if actual and self.bound in ("以下", "以内", "及以下"):
            return e.value <= self.value
        return abs(e.value - self.value) * 2 <= self.factor * Decimal(1).scaleb(-self.places)


def _typed(m: re.Match[str], after: str) -> Typed | None:
    """The figure as typed; None when it is no value (a date, a change in points, a multiple)."""
    unit = m["unit"] or ""
    if unit == "个百分点" or (not unit and after.startswith(_NOT_A_VALUE)):
        return None
    number = Decimal(m["num"].replace(",", ""))
    places = max(-int(number.as_tuple().exponent), 0)
    b = _BOUND.match(after)
    bound = b[1] if b else ""
    if unit in MONEY_UNITS:
        return Typed(number, places, "元", MONEY_UNITS[unit], bound)
    return Typed(number, places, {"％": "%", "百分比": "%"}.get(unit, unit) or after[:4], Decimal(1), bound)


def _last_end(delimiters: re.Pattern[str], text: str, at: int, reach: int) -> int:
    """Where the clause or sentence around `at` starts: after the last delimiter within `reach` characters
    before it (a longer one is read from there: a name and its figure are never that far apart)."""
    start = max(0, at - reach)
    found = start
    for m in delimiters.finditer(text, start, at):
        found = m.end()
    return found


def _fits(t: Typed, e: Expected) -> bool:
    """Whether the figure is written in the unit of the quantity (a bare number fits a rate or a count)."""
    if e.unit in ("元", "分"):
        return t.unit == e.unit
    if e.unit == "%":
        return t.unit == "%" or not t.unit[:1].isalpha()
    if t.unit in ("%", "分", "元"):
        return False
    return not e.unit or not t.unit[:1].isalpha() or t.unit.startswith(e.unit)


class _Reader:
    """Reads the figures of one evaluation's texts."""

    def __init__(self, ctx: CheckContext, label: str, ev: Evaluation, sc: Scored) -> None:
        self.ctx, self.label, self.ev, self.sc = ctx, label, ev, sc
        self._amounts: dict[Decimal, str] | None = None
        anchors: dict[str, Anchor] = {}
        for s in sc.indicators:
            anchors.setdefault(s.name, Anchor(s.name, indicator=s))
        for g in sc.groups:
            anchors.setdefault(g.name, Anchor(g.name, group=g))
        if isinstance(ev, Department):
            for key, (name, _parts) in METRICS.items():
                if key in ctx.result.metrics:
                    anchors.setdefault(name, Anchor(name, metric=key))
        self.anchors = sorted(anchors.values(), key=lambda a: len(a.name), reverse=True)
        self.own: Anchor | None = None

    def candidates(self, text: str) -> list[int]:
        """Where the figures that may name a quantity start: right after a keyword, connector or operator, or
        right after a name. Most figures (list numbers, dates, figures of no known quantity) are never looked at."""
        found = {m.end() for m in _CANDIDATE.finditer(text)}
        for a in self.anchors:
            at = text.find(a.name)
            while at >= 0:
                end = at + len(a.name)
                while end < len(text) and text[end] == " ":
                    end += 1
                if end < len(text) and text[end].isdigit():
                    found.add(end)
                at = text.find(a.name, at + 1)
        return sorted(found)

    def named_last(self, text: str) -> tuple[Anchor, int] | None:
        """The anchor named last in `text` (the longest of those ending there) and where its name ends."""
        best: tuple[Anchor, int] | None = None
        for a in self.anchors:
            at = text.rfind(a.name)
            if at >= 0 and (best is None or at + len(a.name) > best[1]):
                best = (a, at + len(a.name))
        return best

    def read(self, prose: Prose, own: Anchor | None) -> Iterator[Finding]:
        self.own, text = own, prose.text
        for at in self.candidates(text):
            m = _FIGURE.match(text, at)
            if m is None:
                continue
            typed = _typed(m, text[m.end():m.end() + 12].lstrip())
            if typed is None:
                continue
            clause_start = _last_end(_CLAUSE_END, text, m.start(), 60)
            found = self.quantity(text, clause_start, m.start(), typed)
            if found is None:
                continue
            expected, actual = found
            fitting = [e for e in expected if _fits(typed, e)]
            if not fitting or any(typed.agrees(e, actual) for e in fitting):
                continue
            e = fitting[0]
            end = m.end() + (len(e.unit) if e.unit and typed.unit.startswith(e.unit) and e.unit not in ("%", "分", "元") else 0)
            if e.ref == "" and e.unit == "元":
                said = "已知的金额只有" + "；".join(f"{x.label} {self.show(x)}" for x in fitting[:6]) + "，都与之不同"
            else:
                said = f"{e.label}按数据为 {self.show(e)}"
            yield self.ctx.text_finding(
                "W-TEXT-FIGURE",
                f"{self.label}的文字写“{text[clause_start:end].strip()}”，但{said}；请改正"
                + (f"，或写成 {{{{ {e.ref} }}}} 由系统填入，以后也不会错" if e.ref else ""), prose, m.start())

    def show(self, e: Expected) -> str:
        if e.unit == "元":
            unit = self.ctx.cy.court.settings.amount_unit
            return f"{(e.value / MONEY_UNITS[unit]).normalize():f}{unit}"
        return f"{e.value.normalize():f}{e.unit}"

    def quantity(self, text: str, clause_start: int, at: int, typed: Typed) -> tuple[list[Expected], bool] | None:
        """What the figure at `at` stands for: the values it may equal, and whether it is an actual."""
        clause = text[clause_start:at]
        lead = _LEAD.search(clause, max(0, len(clause) - 16))  # a keyword, connector and operator: 16 characters at most
        assert lead is not None  # every part of it is optional
        kw, conn, op = lead["kw"], lead["conn"], lead["op"]
        named = self.named_last(clause[:lead.start("conn") if conn else lead.start("op") if op else len(clause)])
        if named is not None and kw and named[1] > lead.start():
            kw = None  # the keyword is the end of the name: "基本支出预算执行率为…"
        before = clause[:lead.start()] if kw else clause[:lead.start("conn") if conn else lead.start("op") if op else len(clause)]
        anchor = None
        if named is not None and named[1] <= len(before):
            gap = before[named[1]:]
            if not _NOT_A_GAP.search(gap) and len(gap) <= (8 if kw else 4) and (kw or conn or op or not gap.strip()):
                anchor = named[0]
        if anchor is None and not kw:
            return None
        if before.endswith(("约", "近", "逾", "超过", "不到")):
            return None
        quantity = _KEYWORDS.get(kw, "amount") if kw else ("target" if op else "actual")
        whole = bool(_WHOLE.search(before)) and anchor is None
        if anchor is None and quantity in _ROW_QUANTITIES and not whole:
            sentence_start = _last_end(_SENTENCE_END, text, clause_start, 120)
            carried = self.named_last(text[sentence_start:clause_start])
            anchor = carried[0] if carried else self.own
        if anchor is not None and anchor.indicator is not None and quantity == "amount":
            quantity = "actual"  # "项目经费预算6万元" of an indicator whose value is money
        if quantity == "amount":
            if self._amounts is None:
                self._amounts = _amounts(self.ctx, self.ev, self.sc)
            return ([Expected(v, "元", label) for v, label in self._amounts.items()], False) \
                if typed.unit == "元" and not re.search(r"其中|包括|含|分别|占", clause) else None
        if quantity in ("staff_quota", "staff_actual"):
            e = self.staff(quantity)
            return ([e], False) if e else None
        if anchor is None or quantity == "execution":
            e = self.of_evaluation(quantity) if anchor is None or anchor.indicator is None else None
            return ([e], False) if e else None
        e = self.of_anchor(anchor, quantity)
        return ([e], quantity == "actual") if e else None

    def of_evaluation(self, q: str) -> Expected | None:
        sc, ex = self.sc, self.sc.execution
        if q == "score":
            return Expected(sc.total, "分", "总得分", "total")
        if q == "rate" and sc.rate is not None:
            return Expected(sc.rate, "%", "总得分率", "total_rate")
        if q == "execution" and ex.rate is not None:
            return Expected(ex.rate, "%", "预算执行率", "execution_rate")
        return None

    def of_anchor(self, a: Anchor, q: str) -> Expected | None:
        if a.metric is not None:
            return Expected(self.ctx.result.metrics[a.metric], "%", f"“{a.name}”", f"metrics.{a.metric}") if q == "actual" else None
        if a.group is not None:
            g = a.group
            values: dict[str, tuple[Decimal | None, str, str]] = {
                "score": (g.score, "分", "得分"), "weight": (g.weight, "分", "分值"), "rate": (g.rate, "%", "得分率")}
            value, unit, what = values.get(q, (None, "", ""))
            return None if value is None else Expected(value, unit, f"“{g.name}”的{what}")
        s = cast(ScoredIndicator, a.indicator)
        ref = "" if a is self.own else f'indicator["{s.name}"].'
        simple: dict[str, tuple[Decimal | None, str, str]] = {
            "score": (s.score, "分", "自评得分"), "weight": (s.weight, "分", "分值"), "rate": (s.rate, "%", "得分率"),
            "completion": (s.completion, "%", "完成率")}
        if q in simple:
            found, unit, what = simple[q]
            return None if found is None else Expected(found, unit, f"“{s.name}”的{what}", f"{ref}{q}")
        target = s.indicator.parsed_target
        if q == "target":
            return _of_measure(target, target, f"“{s.name}”的年度指标值", f"{ref}target_value")
        return None if s.actual is None else _of_measure(s.actual, target, f"“{s.name}”的实际完成值", f"{ref}actual")

    def staff(self, q: str) -> Expected | None:
        if not isinstance(self.ev, Department):
            return None
        value = getattr(self.ev.finance, q)
        return None if value is None else Expected(Decimal(value), "人", _FINANCE_LABELS[q], f"finance.{q}")


def _of_measure(m: Measure, target: Measure, label: str, ref: str) -> Expected | None:
    if m.kind != "number" or m.value is None:
        return None
    unit = m.unit or target.unit
    if unit in MONEY_UNITS:
        return Expected(m.value * MONEY_UNITS[unit], "元", label, ref)
    return Expected(m.value, unit, label, ref)


def _amounts(ctx: CheckContext, ev: Evaluation, sc: Scored) -> dict[Decimal, str]:
    """Every amount an evaluation's texts may quote, in 元: its funds (a department's: its 决算 figures and
    every project's), and its indicators' amounts."""
    unit = MONEY_UNITS[ctx.cy.court.settings.amount_unit]
    out: dict[Decimal, str] = {}
    projects = [ev] if isinstance(ev, Project) else ctx.cy.data.projects

    def add(value: Decimal | None, label: str) -> None:
        if value is not None:
            labels = out.get(value * unit, "")
            if label not in labels.split("、"):
                out[value * unit] = f"{labels}、{label}" if labels else label

    if isinstance(ev, Department):
        for name, value in ev.finance:
            if isinstance(value, Decimal):
                add(value, _FINANCE_LABELS[name])
    for p in projects:
        for row in p.funds:
            add(row.initial, "年初预算数")
            add(row.budget, "全年预算数")
            add(row.spent, "全年执行数")
    ex = sc.execution
    for value, label in ((ex.initial, "年初预算数"), (ex.budget, "全年预算数"), (ex.spent, "全年执行数")):
        add(value, label)
    for s in sc.indicators:
        for m in (s.indicator.parsed_target, s.actual):
            yuan = None if m is None else m.in_yuan()
            if yuan is not None:
                add(yuan / unit, f"“{s.name}”")
    return out


_DIGIT_OR_GRADE = re.compile(r"\d|等级|结果")


@check
def figures_in_text(ctx: CheckContext) -> Iterator[Finding]:
    words = ctx.cy.court.settings.department_grade_words
    by_owner: dict[int, list[Prose]] = {}
    for prose in ctx.prose:
        if _DIGIT_OR_GRADE.search(prose.text):
            by_owner.setdefault(id(prose.owner), []).append(prose)
    for label, ev, sc in ctx.evaluations():
        texts = by_owner.get(id(ev))
        if not texts:
            continue
        reader = _Reader(ctx, label, ev, sc)
        rows = {a.indicator.index: a for a in reader.anchors if a.indicator is not None}
        scored_rows = {s.index: s for s in sc.indicators}
        groups = {a.group.group_index: a for a in reader.anchors if a.group is not None}
        for prose in texts:
            path = prose.path
            own = None
            if path[0] == "indicators":
                s = scored_rows.get(cast(int, path[1]))
                own = None if s is None else rows.get(s.index) or Anchor(s.name, indicator=s)  # a duplicate name
            elif path[0] == "groups" and isinstance(path[1], int):
                own = groups.get(path[1])
            elif path[0] not in _EVALUATION_FIELDS:
                continue
            yield from reader.read(prose, own)
            if path[0] in _EVALUATION_FIELDS:
                for m in _GRADE.finditer(prose.text):
                    grade = m[1] or m[2]
                    if grade not in (sc.grade, words.get(sc.grade)):
                        yield ctx.text_finding("W-TEXT-FIGURE",
                                               f"{label}的文字写等级“{grade}”，但按总分 {sc.total} 应为“{sc.grade}”；请改正，"
                                               "或写成 {{ grade }} 由系统填入，以后也不会错", prose, m.start())
