"""Per-court settings: where provinces differ in scoring rules and number style."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import Field

from reportgen.models.base import Num, Strict


class Grade(Strict):
    min: Num
    label: str


class Settings(Strict):
    """Every rule that differs between provinces, with the documented default."""

    reverse_rule: Literal["linear", "ratio"] = Field(
        "linear", description="反向指标计分：linear 超出目标按比例扣至2倍为0；ratio 目标值÷实际值×分值")
    qualitative_default: Num = Field(
        Decimal("1"), description="定性指标未填得分时，“达成”档按分值的此比例计分")
    over_achievement_ratio: Num = Field(
        Decimal("1.3"), description="实际值达到目标值的此倍数时须说明超额原因")
    cap_execution_score: bool = Field(True, description="执行率超过100%时得分以分值为限")
    amount_unit: Literal["元", "万元"] = Field("万元", description="数据文件中金额的单位")
    amount_decimals: Literal["fixed", "trim"] = Field(
        "fixed", description="fixed 总保留两位小数；trim 分为零时不显示小数")
    thousands_separator: bool = Field(False, description="金额是否用千分撇分节")
    operator_style: Literal["symbol", "ascii"] = Field("symbol", description="目标运算符：≥≤＝ 或 >= <= =")
    rate_style: Literal["percent", "number"] = Field(
        "percent", description="表格中执行率写法：99.83% 或 99.83")
    form_variant: Literal["local", "central"] = Field(
        "local", description="自评表样式：local（本级安排/上级补助，未完成原因分析+备注）或 central（万元，偏差原因分析及改进措施）")
    form_title: str = Field("项目支出绩效自评表", description="自评表标题，如 项目支出绩效目标自评表")
    grades: list[Grade] = Field(
        default_factory=lambda: [Grade(min=Decimal(90), label="优"), Grade(min=Decimal(80), label="良"),
                                 Grade(min=Decimal(60), label="中"), Grade(min=Decimal(0), label="差")],
        min_length=1, description="等级下限，从高到低")
    department_grade_words: dict[str, str] = Field(
        default_factory=lambda: {"优": "优秀", "良": "良好", "中": "中等", "差": "差"},
        description="部门整体自评结果的写法")
    change_warning_ratio: Num = Field(
        Decimal("0.3"), description="与上年相比变动超过此比例且无说明时提示")
    report_style: Literal["table", "narrative"] = Field(
        "table", description="自评报告样式：table（三级指标列表，兰州新区式）或 narrative（致财政部门的叙述式报告，逐项成段）")
    report_title: str = Field("预算执行情况自评报告", description="叙述式报告标题中年度与单位名称之后的文字，如 部门预算执行情况自评报告")
