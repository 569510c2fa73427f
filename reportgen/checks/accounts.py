"""The 部门决算 against itself: totals against their parts, the carry-over balance, and project
spending against the evaluated projects' funds."""

from __future__ import annotations

from collections.abc import Iterator

from reportgen.checks import CheckContext, check
from reportgen.findings import Finding
from reportgen.scoring.engine import total_of


@check
def account_totals(ctx: CheckContext) -> Iterator[Finding]:
    dept = ctx.cy.data.department
    if dept is None:
        return
    f, unit = dept.finance, ctx.cy.court.settings.amount_unit
    for part, whole in (("budget", "budget"), ("spent", "spent")):
        basic, project, total = getattr(f, f"basic_{part}"), getattr(f, f"project_{part}"), getattr(f, whole)
        if basic is not None and project is not None and total is not None and basic + project != total:
            label = "全年预算数" if part == "budget" else "实际支出数"
            yield ctx.finding("E-ACCOUNTS-SUM",
                              f"部门决算{label} {total}{unit}，不等于基本支出 {basic} 与项目支出 {project} 之和 "
                              f"{basic + project}{unit}；请核对决算报表", dept, "finance", whole)
    accounts = dept.accounts
    if accounts is None:
        return
    income = total_of([line.amount for line in accounts.income])  # None while a line is still to be filled in
    if income is not None and accounts.stated_income_total is not None and accounts.stated_income_total != income:
        parts = "、".join(f"{line.name}{line.amount}" for line in accounts.income)
        yield ctx.finding("E-ACCOUNTS-SUM",
                          f"本年收入合计印为 {accounts.stated_income_total}{unit}，而各项收入（{parts}）之和为 "
                          f"{income}{unit}", dept, "accounts", "stated_income_total")
    spending = total_of([line.amount for line in accounts.spending])
    if spending is not None and accounts.stated_spending_total is not None \
            and accounts.stated_spending_total != spending:
        yield ctx.finding("E-ACCOUNTS-SUM",
                          f"本年支出合计印为 {accounts.stated_spending_total}{unit}，而按经济分类的各项支出之和为 "
                          f"{spending}{unit}", dept, "accounts", "stated_spending_total")
    if spending is not None and f.spent is not None and spending != f.spent:
        yield ctx.finding("E-ACCOUNTS-SUM",
                          f"按经济分类的各项支出之和为 {spending}{unit}，与实际支出数（finance.spent）{f.spent}{unit} "
                          "不一致", dept, "accounts", "spending")
    start, end = f.carryover_previous, f.carryover
    if income is not None and start is not None and end is not None and f.spent is not None \
            and start + income - f.spent != end:
        yield ctx.finding("E-ACCOUNTS-BALANCE",
                          f"结转结余不平衡：年初结转结余 {start} + 本年收入 {income} − 本年支出 {f.spent} = "
                          f"{start + income - f.spent}{unit}，而年末结转结余为 {end}{unit}；请核对决算报表",
                          dept, "finance", "carryover")


@check
def project_spending(ctx: CheckContext) -> Iterator[Finding]:
    """A project's spending as the 决算 lists it against the funds its own evaluation reports."""
    dept = ctx.cy.data.department
    if dept is None or dept.accounts is None:
        return
    unit = ctx.cy.court.settings.amount_unit
    evaluated = {p.name: p for p in ctx.cy.data.projects}
    for i, line in enumerate(dept.accounts.projects):
        project = evaluated.get(line.name)
        spent = total_of([r.spent for r in project.funds]) if project is not None else None
        if spent is not None and line.spent is not None and spent != line.spent:
            yield ctx.finding("E-ACCOUNTS-PROJECT",
                              f"部门决算中项目“{line.name}”支出 {line.spent}{unit}，而该项目自评的全年执行数为 "
                              f"{spent}{unit}；两处应一致", dept, "accounts", "projects", i, "spent")
