"""Department-wide (部门整体支出) data: the 决算 figures and the department indicators."""

from __future__ import annotations

from pydantic import Field

from reportgen.models.base import NonNegative, Strict, Text
from reportgen.models.evaluation import Evaluation


class Finance(Strict):
    """决算 figures in the court's amount unit; the metrics of §6 are computed from them."""

    initial_budget: NonNegative | None = Field(None, description="年初预算数")
    budget: NonNegative | None = Field(None, description="全年预算数")
    spent: NonNegative | None = Field(None, description="实际支出数")
    basic_budget: NonNegative | None = Field(None, description="基本支出全年预算数")
    basic_spent: NonNegative | None = Field(None, description="基本支出实际支出数")
    project_budget: NonNegative | None = Field(None, description="项目支出全年预算数")
    project_spent: NonNegative | None = Field(None, description="项目支出实际支出数")
    carryover_previous: NonNegative | None = Field(None, description="上年结转结余资金总额")
    carryover: NonNegative | None = Field(None, description="本年结转结余资金总额")
    three_public_budget: NonNegative | None = Field(None, description="“三公经费”预算数")
    three_public_spent: NonNegative | None = Field(None, description="“三公经费”实际支出数")
    staff_quota: int | None = Field(None, ge=0, le=1_000_000, description="编制数")
    staff_actual: int | None = Field(None, ge=0, le=1_000_000, description="在职人员数（实有人数）")


class Department(Evaluation):
    finance: Finance
    final_accounts_source: str = Field("", description="决算依据，如《……2024年度决算报表》")
    goal: Text = Field("", description="总体绩效目标")
    goal_actual: Text = Field("", description="实际完成情况")
    deviation: Text = Field("", description="偏离绩效目标的原因及下一步改进措施；空则写“无。”")
    change_reason: Text = Field("", description="预算、支出与上年相比变化较大的原因")
