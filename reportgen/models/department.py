"""Department-wide (部门整体支出) data: the 决算 figures and the department indicators."""

from __future__ import annotations

from pydantic import Field

from reportgen.models.base import PER_YEAR, SHORT, NonNegative, Strict, Text
from reportgen.models.evaluation import Evaluation


class Finance(Strict):
    """决算 figures in the court's amount unit; the metrics of §6 are computed from them."""

    initial_budget: NonNegative | None = Field(None, description="年初预算数", json_schema_extra=PER_YEAR)
    budget: NonNegative | None = Field(None, description="全年预算数", json_schema_extra=PER_YEAR)
    spent: NonNegative | None = Field(None, description="实际支出数", json_schema_extra=PER_YEAR)
    basic_budget: NonNegative | None = Field(None, description="基本支出全年预算数", json_schema_extra=PER_YEAR)
    basic_spent: NonNegative | None = Field(None, description="基本支出实际支出数", json_schema_extra=PER_YEAR)
    project_budget: NonNegative | None = Field(None, description="项目支出全年预算数", json_schema_extra=PER_YEAR)
    project_spent: NonNegative | None = Field(None, description="项目支出实际支出数", json_schema_extra=PER_YEAR)
    carryover_previous: NonNegative | None = Field(None, description="上年结转结余资金总额", json_schema_extra=PER_YEAR)
    carryover: NonNegative | None = Field(None, description="本年结转结余资金总额", json_schema_extra=PER_YEAR)
    three_public_budget: NonNegative | None = Field(None, description="“三公经费”预算数", json_schema_extra=PER_YEAR)
    three_public_spent: NonNegative | None = Field(None, description="“三公经费”实际支出数", json_schema_extra=PER_YEAR)
    staff_quota: int | None = Field(None, ge=0, le=1_000_000, description="编制数")
    staff_actual: int | None = Field(None, ge=0, le=1_000_000, description="在职人员数（实有人数）", json_schema_extra=PER_YEAR)


class AccountLine(Strict):
    """One line of the 部门决算: a source of income or an economic class of spending."""

    name: str = Field(min_length=1, max_length=SHORT, description="名称，如 省级财政拨款、工资福利支出")
    amount: NonNegative | None = Field(None, description="金额", json_schema_extra=PER_YEAR)


class ProjectSpending(Strict):
    """项目支出 of one project as the 决算 lists it, compared with the evaluated project's funds."""

    name: str = Field(min_length=1, max_length=SHORT, description="项目名称，与项目文件的 name 一致")
    spent: NonNegative | None = Field(None, description="决算中该项目的支出数", json_schema_extra=PER_YEAR)


class Accounts(Strict):
    """部门决算 beyond the totals of [finance]: income by source, spending by economic class and by
    project. 年初/年末结转结余 are finance.carryover_previous and finance.carryover; 本年支出 is finance.spent."""

    income: list[AccountLine] = Field(default_factory=list, description="本年收入，按来源（省级财政拨款、市级财政拨款…）")
    stated_income_total: NonNegative | None = Field(None, description="文件中印出的本年收入合计（仅用于核对）", json_schema_extra=PER_YEAR)
    spending: list[AccountLine] = Field(
        default_factory=list, description="本年支出，按经济分类（工资福利支出、商品和服务支出、对个人和家庭的补助支出、资本性支出）")
    stated_spending_total: NonNegative | None = Field(None, description="文件中印出的本年支出合计（仅用于核对）", json_schema_extra=PER_YEAR)
    projects: list[ProjectSpending] = Field(default_factory=list, description="项目支出，按项目")


class Post(Strict):
    """People of one kind: 编制数 and 年末实有人数 (行政编制, 事业编制, 工勤编制…)."""

    kind: str = Field(min_length=1, max_length=SHORT, description="编制类别，如 行政编制、事业编制")
    quota: int | None = Field(None, ge=0, le=1_000_000, description="编制数")
    actual: int | None = Field(None, ge=0, le=1_000_000, description="年末实有人数", json_schema_extra=PER_YEAR)


class PeopleGroup(Strict):
    """People outside the 编制: 退休, 聘用, 遗属…"""

    kind: str = Field(min_length=1, max_length=SHORT, description="类别，如 退休人员、聘用人员")
    count: int | None = Field(None, ge=0, le=1_000_000, description="人数", json_schema_extra=PER_YEAR)


class Staff(Strict):
    posts: list[Post] = Field(default_factory=list, description="编制内人员，按编制类别")
    others: list[PeopleGroup] = Field(default_factory=list, description="其他人员：退休、聘用等")


class Equipment(Strict):
    name: str = Field(min_length=1, max_length=SHORT, description="设备名称")
    quantity: int = Field(ge=0, le=1_000_000, description="台（套）数")
    value: NonNegative | None = Field(None, description="价值（金额单位同上）", json_schema_extra=PER_YEAR)


class Assets(Strict):
    """资产 at the end of the year, amounts in the court's amount unit."""

    fixed_assets: NonNegative | None = Field(None, description="固定资产总额", json_schema_extra=PER_YEAR)
    office_area: NonNegative | None = Field(None, description="办公用房面积（平方米）")
    office_value: NonNegative | None = Field(None, description="办公用房价值", json_schema_extra=PER_YEAR)
    vehicles: int | None = Field(None, ge=0, le=100_000, description="公务用车数量（辆）")
    vehicles_value: NonNegative | None = Field(None, description="公务用车价值", json_schema_extra=PER_YEAR)
    equipment: list[Equipment] = Field(default_factory=list, description="大型设备（单价较高的专用设备）")


class ThreePublicItem(Strict):
    kind: str = Field(min_length=1, max_length=SHORT, description="因公出国（境）费、公务接待费、公务用车购置及运行维护费")
    budget: NonNegative | None = Field(None, description="预算数", json_schema_extra=PER_YEAR)
    spent: NonNegative | None = Field(None, description="实际支出数", json_schema_extra=PER_YEAR)


class Department(Evaluation):
    finance: Finance
    accounts: Accounts | None = Field(None, description="部门决算明细：收入按来源、支出按经济分类及项目")
    staff: Staff | None = Field(None, description="人员：编制、实有人数、退休、聘用")
    assets: Assets | None = Field(None, description="资产：固定资产、办公用房、公务用车、大型设备")
    three_public: list[ThreePublicItem] = Field(default_factory=list, description="“三公”经费，按类别")
    final_accounts_source: str = Field("", description="决算依据，如《……2024年度决算报表》")
    goal: Text = Field("", description="总体绩效目标")
    goal_actual: Text = Field("", description="实际完成情况", json_schema_extra=PER_YEAR)
    deviation: Text = Field("", description="偏离绩效目标的原因及下一步改进措施；空则写“无。”", json_schema_extra=PER_YEAR)
    change_reason: Text = Field("", description="预算、支出与上年相比变化较大的原因", json_schema_extra=PER_YEAR)
