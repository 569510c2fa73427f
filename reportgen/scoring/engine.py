"""Score a department or project: every row, group, total, rate and grade, computed once.

Judgement scores are kept as stated: qualitative ones, and a quantitative one that departs from
the rule with a reason given. An unexplained departure is a slip, so the rule's score is used and
the checks report what was stated. Totals, rates and grades are always computed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import groupby
from typing import Literal, cast

from reportgen.models import Evaluation, Finance, Indicator, Project, Settings
from reportgen.models.measure import Measure, Tier, parse_measure, tier_of
from reportgen.models.project import same_project
from reportgen.rounding import ZERO, percent, q2
from reportgen.scoring import rules

ScoreSource = Literal["stated", "rule", "default", "missing"]


@dataclass(eq=False)  # results are told apart by identity: they key the formatted figures
class ScoredIndicator:
    indicator: Indicator
    index: int  # position in the data file's indicator list
    weight: Decimal
    score: Decimal | None  # the score used: stated, else rule, else default
    rule_score: Decimal | None  # what the rule gives (quantitative only)
    stated: Decimal | None  # what the data says, even where the rule's score replaced it
    source: ScoreSource
    tier: Tier | None
    metric_value: Decimal | None = None  # actual computed from finance, when the indicator names a metric
    actual: Measure | None = None  # the actual used for scoring: the metric value, else the data

    @property
    def actual_text(self) -> str:
        """The actual as tables print it: the computed metric wins over the typed value."""
        if self.metric_value is not None:
            return f"{self.metric_value:f}"
        return self.indicator.actual or ""

    @property
    def rate(self) -> Decimal | None:
        return None if self.score is None else percent(self.score, self.weight)

    @property
    def met(self) -> bool | None:
        """Whether the actual meets the target; None unless the rule can score it (quantitative, both known)."""
        if self.rule_score is None or self.actual is None:
            return None
        return rules.met(self.indicator.parsed_target, self.actual)

    @property
    def completion(self) -> Decimal | None:
        """完成率: the actual as a percentage of the target (quantitative, with a non-zero target)."""
        target = self.indicator.parsed_target
        if not self.indicator.is_quantitative or not target.value or self.actual is None or self.actual.value is None:
            return None
        t, a = rules.comparable(target, self.actual)
        return percent(a, t)

    @property
    def name(self) -> str:
        return self.indicator.label

    @property
    def level(self) -> int:
        return self.indicator.level


@dataclass
class Level2:
    name: str
    indicators: list[ScoredIndicator]

    @property
    def leaf(self) -> ScoredIndicator | None:
        """The row itself when this 二级 indicator is scored as a whole (a tree scored at 二级)."""
        first = self.indicators[0] if len(self.indicators) == 1 else None
        return first if first is not None and first.level == 2 else None

    @property
    def rate(self) -> Decimal | None:
        return percent(self.score, self.weight)

    @property
    def weight(self) -> Decimal:
        return sum((i.weight for i in self.indicators), ZERO)

    @property
    def score(self) -> Decimal:
        return sum((i.score or ZERO for i in self.indicators), ZERO)


@dataclass
class Level1:
    name: str
    weight: Decimal  # declared in [[groups]], else the sum of its rows
    level2: list[Level2]
    group_index: int | None  # position in [[groups]], None when undeclared

    @property
    def indicators(self) -> list[ScoredIndicator]:
        return [i for l2 in self.level2 for i in l2.indicators]

    @property
    def leaf(self) -> ScoredIndicator | None:
        """The row itself when this 一级 indicator is scored as a whole (a tree scored at 一级 only)."""
        rows = self.indicators
        return rows[0] if len(rows) == 1 and rows[0].level == 1 else None

    @property
    def score(self) -> Decimal:
        return sum((l2.score for l2 in self.level2), ZERO)

    @property
    def rate(self) -> Decimal | None:
        return percent(self.score, self.weight)

    @property
    def row_weight(self) -> Decimal:
        return sum((l2.weight for l2 in self.level2), ZERO)


@dataclass
class Execution:
    initial: Decimal | None
    budget: Decimal | None
    spent: Decimal | None
    weight: Decimal
    rate: Decimal | None  # 执行率 %
    score: Decimal | None

    @property
    def score_rate(self) -> Decimal | None:
        return None if self.score is None else percent(self.score, self.weight)


@dataclass(eq=False)
class Scored:
    """The computed result of one Evaluation."""

    execution: Execution
    groups: list[Level1]
    total: Decimal
    total_weight: Decimal
    grade: str
    complete: bool  # every score known
    evaluation: Evaluation | None = field(default=None, repr=False)  # the model scored

    @property
    def rate(self) -> Decimal | None:
        return percent(self.total, self.total_weight)

    @property
    def indicators(self) -> list[ScoredIndicator]:
        return [i for g in self.groups for i in g.indicators]

    @property
    def level2_count(self) -> int:
        return sum(len(g.level2) for g in self.groups)


def score_indicator(ind: Indicator, index: int, settings: Settings,
                    metric_value: Decimal | None = None) -> ScoredIndicator:
    weight = ind.weight if ind.weight is not None else ZERO
    tier = tier_of(ind.actual)
    target, actual = ind.parsed_target, ind.parsed_actual
    if metric_value is not None:  # computed from the 决算 figures: wins over a typed value
        actual = parse_measure(f"{metric_value}{target.unit}")
    rule_score: Decimal | None = None
    score: Decimal | None
    if ind.is_quantitative and target.value is not None and actual is not None and actual.value is not None:
        rule_score = rules.quantitative_score(target, actual, weight, settings)
    stated = None if ind.score is None else q2(ind.score)
    if stated is not None and (rule_score is None or stated == rule_score or ind.explained):
        score, source = stated, "stated"
    elif rule_score is not None:
        score, source = rule_score, "rule"
    else:
        default = None if ind.is_quantitative else rules.qualitative_default(tier, weight, settings)
        score, source = default, ("default" if default is not None else "missing")
    return ScoredIndicator(ind, index, weight, score, rule_score, stated, source, tier, metric_value, actual)  # type: ignore[arg-type]  # source is one of the literals


def score_evaluation(ev: Evaluation, settings: Settings, execution: Execution,
                     metrics: dict[str, Decimal] | None = None) -> Scored:
    metrics = metrics or {}
    scored = [score_indicator(ind, i, settings, metrics.get(ind.metric or "")) for i, ind in enumerate(ev.indicators)]
    declared = {g.name: (i, g) for i, g in enumerate(ev.groups)}
    order = [g.name for g in ev.groups] + [s.indicator.level1 for s in scored if s.indicator.level1 not in declared]
    groups: list[Level1] = []
    for name in dict.fromkeys(order):
        rows = [s for s in scored if s.indicator.level1 == name]
        level2 = [Level2(k, list(v)) for k, v in groupby(rows, key=lambda s: s.indicator.level2)]
        index, group = declared.get(name, (None, None))
        weight = group.weight if group else sum((s.weight for s in rows), ZERO)
        groups.append(Level1(name, weight, level2, index))
    total = (execution.score or ZERO) + sum((g.score for g in groups), ZERO)
    total_weight = execution.weight + sum((g.weight for g in groups), ZERO)
    complete = execution.score is not None and all(s.score is not None for s in scored)
    return Scored(execution, groups, total, total_weight, rules.grade(total, settings), complete, ev)


def total_of(values: Sequence[Decimal | int | None]) -> Decimal | None:
    """Sum of figures (amounts, or counts of staff) that must all be known: None while any is still to be
    filled in. Counted from ZERO, the sum is a Decimal either way."""
    if not values or any(v is None for v in values):
        return None
    return cast(Decimal, sum((v for v in values if v is not None), ZERO))


def project_execution(project: Project, settings: Settings) -> Execution:
    funds = project.funds
    return _execution(total_of([f.initial for f in funds]), total_of([f.budget for f in funds]),
                      total_of([f.spent for f in funds]), project.execution_weight, settings)


def _execution(initial: Decimal | None, budget: Decimal | None, spent: Decimal | None, weight: Decimal,
               settings: Settings) -> Execution:
    if spent is None or budget is None or budget == 0:
        return Execution(initial, budget, spent, weight, None, None)
    rate, score = rules.execution_score(budget, spent, weight, settings.cap_execution_score)
    return Execution(initial, budget, spent, weight, rate, score)


def department_execution(initial: Decimal | None, budget: Decimal | None, spent: Decimal | None, weight: Decimal,
                         settings: Settings) -> Execution:
    return _execution(initial, budget, spent, weight, settings)


@dataclass
class YearResult:
    """Scores of a court's year: the department (if any) and each project, in file order."""

    department: Scored | None
    metrics: dict[str, Decimal]
    projects: list[Scored] = field(default_factory=list)
    previous: YearResult | None = None  # last year's scores, when its data exists
    finance: Finance | None = None  # the department's [finance], totals completed from their parts

    def of(self, model: object) -> Scored | None:
        """The scored result of the year's department or one of its projects (that very model)."""
        everything = [self.department, *self.projects] if self.department else self.projects
        return next((sc for sc in everything if sc.evaluation is model), None)

    def previous_project(self, project: Project, last_year: list[Project]) -> Scored | None:
        """Last year's scores of the same project (same code and name)."""
        if self.previous is None:
            return None
        index = same_project(project, last_year)
        return None if index is None else self.previous.projects[index]
