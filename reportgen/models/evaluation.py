"""The indicator tree (一级 → 二级 → 三级) shared by the department and every project.

Indicators are a flat list, one table per indicator, each naming its 一级 and 二级 group:
a clerk edits a row as in a spreadsheet, and the tree is built by grouping in order.
A row is scored where the tree ends: a row without `name` is a 二级 leaf, and one without
`level2` either is a 一级 leaf (a tree scored at 一级 only).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

from pydantic import ConfigDict, Field, PrivateAttr, field_validator, model_validator

from reportgen.models.base import PER_YEAR, SHORT, NonNegative, Num, Strict, Text
from reportgen.models.measure import Measure, parse_measure


def _as_list(value: object) -> object:
    return [value] if isinstance(value, str) else value


def _leaf_schema(schema: dict[str, Any]) -> None:
    """An editor must accept a 一级/二级 leaf and a judged row: level2 and target are filled in by
    the validator below, so the schema does not require them."""
    schema["required"] = [name for name in schema.get("required", []) if name not in ("level2", "target")]


class Indicator(Strict):
    """A scored leaf of the tree, usually a 三级 indicator: declared once with its target, evaluated at year end."""

    model_config = ConfigDict(**Strict.model_config, json_schema_extra=_leaf_schema)

    level1: str = Field(max_length=SHORT, description="一级指标，如 产出指标")
    level2: str = Field(max_length=SHORT, description="二级指标，如 数量指标；不填时本行即一级指标（只评到一级）")
    name: str | None = Field(None, min_length=1, max_length=SHORT,
                             description="三级指标名称；不填时本行即二级指标（只评到二级）")
    target: str | None = Field(min_length=1, max_length=SHORT,
                               description="年度指标值，如 ≥85%、＝2个、健全、2024年12月31日；一级、二级指标及评判给分的定性指标可不填")
    weight: NonNegative | None = Field(None, description="分值（申报表可不填）")
    actual: str | None = Field(None, max_length=SHORT, description="实际完成值，如 88.47、5000平方米、达成预期指标",
                               json_schema_extra=PER_YEAR)
    score: NonNegative | None = Field(None, description="自评得分；定量指标可不填，由规则计算",
                                      json_schema_extra=PER_YEAR)
    kind: Literal["quantitative", "qualitative"] | None = Field(
        None, description="定量/定性；不填时由年度指标值推断")
    metric: str | None = Field(None, description="部门指标：实际值由决算数据计算，如 basic_execution_rate")
    reason: Text = Field("", description="未完成（偏差）原因分析", json_schema_extra=PER_YEAR)
    measure: Text = Field("", description="改进措施", json_schema_extra=PER_YEAR)
    remark: Text = Field("", description="备注")
    text: Text = Field("", description="报告中该指标的说明文字（系统在其后生成分值与得分句）", json_schema_extra=PER_YEAR)
    description: Text = Field("", description="绩效指标描述（申报表）")
    basis: Text = Field("", description="指标值确定依据（申报表）")
    stated_rate: list[str] = Field(default_factory=list, description="文件中印出的得分率（仅用于核对）", json_schema_extra=PER_YEAR)

    _target: Measure = PrivateAttr()
    _actual: Measure | None = PrivateAttr(None)

    _list = field_validator("stated_rate", mode="before")(_as_list)

    @model_validator(mode="before")
    @classmethod
    def _judged_needs_no_target(cls, data: object) -> object:
        """A target is required only where it is printed and scored against: a 三级 row that is not
        a stated judgement. A 一级/二级 leaf, or a qualitative row with its score, may leave it out."""
        if not isinstance(data, dict):
            return data
        if "name" not in data and "level2" not in data:
            data = {**data, "level2": ""}
        if "target" not in data and (not data.get("name") or (data.get("kind") == "qualitative" and "score" in data)):
            data = {**data, "target": None}
        return data

    def model_post_init(self, _context: object) -> None:
        self._target = parse_measure(self.target or "")
        self._actual = parse_measure(self.actual) if self.actual else None

    @property
    def level(self) -> int:
        """The level this row scores: 3 (三级), 2 (a 二级 leaf) or 1 (a 一级 leaf)."""
        return 3 if self.name else 2 if self.level2 else 1

    @property
    def label(self) -> str:
        """The name of the leaf at its own level."""
        return self.name or self.level2 or self.level1

    # Read straight from pydantic's private store: its __getattr__ for a private attribute costs
    # 2 µs, and scoring, checks and rendering ask for these thousands of times per court.
    @property
    def parsed_target(self) -> Measure:
        return self.__pydantic_private__["_target"]  # type: ignore[index,no-any-return]

    @property
    def parsed_actual(self) -> Measure | None:
        return self.__pydantic_private__["_actual"]  # type: ignore[index,no-any-return]

    @property
    def explained(self) -> bool:
        """A deviation reason, measure or remark makes a stated score a judgement, not a slip."""
        return bool(self.reason or self.measure or self.remark)

    @property
    def is_quantitative(self) -> bool:
        if self.kind:
            return self.kind == "quantitative"
        return self.parsed_target.kind == "number"


class Group(Strict):
    """A 一级 indicator group with its weight and what the document printed for it."""

    name: str = Field(min_length=1, max_length=SHORT)
    weight: NonNegative
    text: Text = Field("", description="该一级指标的说明文字", json_schema_extra=PER_YEAR)
    stated_score: Num | None = Field(None, json_schema_extra=PER_YEAR)
    stated_rate: list[str] = Field(default_factory=list, json_schema_extra=PER_YEAR)
    stated_count: int | None = Field(None, description="文字中写的三级指标个数（仅用于核对）", json_schema_extra=PER_YEAR)

    _list = field_validator("stated_rate", mode="before")(_as_list)


class Evaluation(Strict):
    """What the department and a project have in common: execution rate plus the indicator tree."""

    execution_weight: NonNegative = Field(Decimal(10), description="预算执行率分值")
    groups: list[Group] = Field(default_factory=list, description="一级指标及分值，顺序即报告顺序")
    indicators: list[Indicator] = Field(default_factory=list)
    stated_execution_score: Num | None = Field(None, json_schema_extra=PER_YEAR)
    stated_execution_rate: list[str] = Field(default_factory=list, json_schema_extra=PER_YEAR)
    stated_total: Num | None = Field(None, description="文件中印出的总分（仅用于核对）", json_schema_extra=PER_YEAR)
    stated_total_rate: list[str] = Field(default_factory=list, json_schema_extra=PER_YEAR)
    stated_grade: str | None = Field(None, json_schema_extra=PER_YEAR)

    _list = field_validator("stated_execution_rate", "stated_total_rate", mode="before")(_as_list)
