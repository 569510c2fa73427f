"""A budget project: its funds, goals and indicators, feeding report, form and declaration."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from reportgen.models.base import PER_YEAR, SHORT, NonNegative, Strict, Text
from reportgen.models.evaluation import Evaluation

FundSource = Literal["本级安排", "上级补助", "上年结转", "其他"]


class FundRow(Strict):
    """Funds of one source, in the court's amount unit."""

    source: FundSource = Field(description="资金来源：本级安排、上级补助、上年结转、其他")
    initial: NonNegative = Field(0, description="年初预算数", json_schema_extra=PER_YEAR)  # type: ignore[assignment]  # validated to Decimal
    budget: NonNegative | None = Field(None, description="全年预算数（A）", json_schema_extra=PER_YEAR)
    spent: NonNegative | None = Field(None, description="全年执行数（B）；申报时不填", json_schema_extra=PER_YEAR)


class Project(Evaluation):
    """One 预算项目 of a court's year."""

    name: str = Field(min_length=1, max_length=SHORT, description="项目名称")
    code: str | None = Field(None, description="项目编码；同名项目以此区分")
    supervisor: str | None = Field(None, description="主管部门及代码；不填时取法院设置")
    implementer: str | None = Field(None, description="实施单位；不填时为本院")
    fill_date: dt.date | None = Field(None, description="填报日期", json_schema_extra=PER_YEAR)
    contact: str = Field("", description="联系人")
    funds: list[FundRow] = Field(default_factory=list)
    goal: Text = Field("", description="年度总体目标（预期目标）")
    goal_actual: Text = Field("", description="实际完成情况", json_schema_extra=PER_YEAR)
    summary: Text = Field("", description="报告：总体绩效目标完成情况分析", json_schema_extra=PER_YEAR)
    deviation: Text = Field("", description="报告：偏离绩效目标的原因及下一步改进措施；空则写“无。”", json_schema_extra=PER_YEAR)
    change_reason: Text = Field("", description="预算、支出与上年相比变化较大的原因", json_schema_extra=PER_YEAR)
    conclusion: Text = Field("", description="自评表：自评结论", json_schema_extra=PER_YEAR)
    purpose: Text = Field("", description="申报表：项目资金主要用途")
    spending_plan: list[NonNegative] = Field(
        default_factory=list, description="申报表：资金支出计划（%），3月底、6月底、10月底、12月底累计")


def same_project(project: Project, others: list[Project]) -> int | None:
    """Where `project` is among `others` (last year's): the same code and name, the first when repeated."""
    key = (project.code, project.name)
    return next((i for i, p in enumerate(others) if (p.code, p.name) == key), None)
