"""Per-court settings: where provinces differ in scoring rules and number style."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import Field, PositiveInt, field_validator, model_validator

from reportgen.models.base import Num, Strict

#: the tables whose column widths a court may set (settings.table_widths), with their column count
TABLE_COLUMNS = {"group": 7, "form_head": 10, "form_indicators": 10, "declaration_head": 6,
                 "declaration_indicators": 6}


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
    form_unit_blank: bool = Field(
        False, description="自评表“单位（盖章）：”后留空（盖章用），默认填本院名称")
    table_widths: dict[str, list[PositiveInt]] = Field(
        default_factory=dict,
        description="表格列宽（相对比例），如 form_indicators = [3, 8, 8, 14, 10, 10, 5, 5, 20, 17]；"
                    "表名：" + "、".join(f"{k}（{n}列）" for k, n in TABLE_COLUMNS.items())
                    + "。数字、日期、金额所在列仍至少保留其完整宽度，不会折断")
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

    @field_validator("table_widths")
    @classmethod
    def _known_tables(cls, value: dict[str, list[int]]) -> dict[str, list[int]]:
        for name, widths in value.items():
            if name not in TABLE_COLUMNS:
                raise ValueError(f"没有名为“{name}”的表格，可设列宽的表格：{'、'.join(TABLE_COLUMNS)}")
            if len(widths) != TABLE_COLUMNS[name]:
                raise ValueError(f"表格“{name}”有{TABLE_COLUMNS[name]}列，这里给了{len(widths)}个列宽")
        return value

    # ── Prose checks (issue #15): words and limits of the checks that read the texts ──
    body: str = Field("法院", description="本单位属哪类机关（other_body_words 的键），决定哪些词出自其他机关的文件")
    other_body_words: dict[str, list[str]] = Field(
        default_factory=lambda: {kind: list(words) for kind, words in OTHER_BODY_WORDS.items()},
        description="每类机关的文件中不应出现的其他机关用语（照抄他单位材料的痕迹）")
    confusions: dict[str, str] = Field(
        default_factory=dict,
        description="本院另增的常见错用词：错误写法 = 正确写法，与内置词表合并；正确写法留空则停用该条内置词")
    claim_execution_rate: Num = Field(
        Decimal(90), description="预算执行率（%）低于此值时，“各项指标均完成”之类的说法视为与数据不符")

    @model_validator(mode="after")
    def _known_body(self) -> Settings:
        if self.body not in self.other_body_words:
            raise ValueError(f"body“{self.body}”不在 other_body_words 中（可选：{'、'.join(self.other_body_words)}）")
        return self


#: Words of another kind of body, by the kind whose documents they must not appear in: a court's text that
#: speaks of 检察 work was copied from a procuratorate's (纪检监察 contains no 检察 and is not caught).
OTHER_BODY_WORDS: dict[str, tuple[str, ...]] = {
    "法院": ("检察院", "检察官", "检察干警", "检察业务", "检察工作", "检察机关", "检察长", "检察+", "检察＋"),
    "检察院": ("法院干警", "审判业务", "审判执行工作", "法官助理", "我院审判"),
}
#: Confusions common in this field: as typed → as meant. A court adds its own in `confusions`.
COMMON_CONFUSIONS: dict[str, str] = {
    "收益对象": "受益对象", "收益群众": "受益群众", "收益群体": "受益群体", "收益人群": "受益人群",
    "权利打造": "全力打造", "截止目前": "截至目前", "帐务": "账务", "帐目": "账目",
    "对帐": "对账", "即定目标": "既定目标", "签定合同": "签订合同", "布署": "部署",
    "结转节余": "结转结余", "事实求是": "实事求是",
}
