"""Figures a year-end document needs that are still empty (after `new-year`, or never entered)."""

from __future__ import annotations

from collections.abc import Iterator

from reportgen.checks import CheckContext, check
from reportgen.findings import Finding

_FINANCE = {"initial_budget": "年初预算数", "budget": "全年预算数", "spent": "实际支出数"}
_FUNDS = {"initial": "年初预算数", "budget": "全年预算数", "spent": "全年执行数"}


@check
def missing_figures(ctx: CheckContext) -> Iterator[Finding]:
    data = ctx.cy.data
    if not ctx.results_due:
        return
    dept = data.department
    if dept is not None:
        for name, label in _FINANCE.items():
            if getattr(dept.finance, name) is None:
                yield ctx.finding("E-MISSING", f"部门决算数据尚未填写{label}（finance.{name}）",
                                  dept, "finance", name)
        yield from _missing_lines(ctx)
    for p in data.projects:
        if not p.funds:
            yield ctx.finding("E-MISSING", f"项目“{p.name}”尚未填写资金（[[funds]]）", p, "funds")
        for i, row in enumerate(p.funds):
            for name, label in _FUNDS.items():
                if getattr(row, name) is None:
                    yield ctx.finding("E-MISSING", f"项目“{p.name}”{row.source}资金尚未填写{label}",
                                      p, "funds", i, name)


_FORM_FIELDS = {"goal": "年度总体目标（预期目标）", "goal_actual": "实际完成情况", "conclusion": "自评结论",
                "contact": "联系人", "fill_date": "填报日期"}


@check
def empty_form_fields(ctx: CheckContext) -> Iterator[Finding]:
    """A project form with blank cells is not ready to submit."""
    if "forms" not in ctx.cy.data.info.documents:
        return
    for p in ctx.cy.data.projects:
        empty = [label for name, label in _FORM_FIELDS.items() if not getattr(p, name)]
        if empty:
            yield ctx.finding("W-FORM-EMPTY",
                              f"项目“{p.name}”的自评表中{'、'.join(empty)}为空，打印出来是空白格，请补充", p, "name")


@check
def document_sections(ctx: CheckContext) -> Iterator[Finding]:
    """A document listed in `documents` needs its section of year.toml."""
    info = ctx.cy.data.info
    for kind, section, label in (("report", "report", "[report]（报告文字）"),
                                 ("declaration", "declaration", "[declaration]（申报文字）")):
        if kind in info.documents and getattr(info, section) is None:
            yield ctx.finding("E-MISSING", f"documents 中列了 {kind}，但 year.toml 缺少 {label} 部分",
                              info, "documents")


def _missing_lines(ctx: CheckContext) -> Iterator[Finding]:
    """Lines of the accounts, staff and 三公经费 that are listed (so printed) but not yet filled in."""
    dept = ctx.cy.data.department
    assert dept is not None
    lines: list[tuple[str, list[object], str, str]] = []
    if dept.accounts is not None:
        lines += [("accounts.income", list(dept.accounts.income), "amount", "本年收入"),
                  ("accounts.spending", list(dept.accounts.spending), "amount", "本年支出"),
                  ("accounts.projects", list(dept.accounts.projects), "spent", "项目支出")]
    if dept.staff is not None:
        lines += [("staff.posts", list(dept.staff.posts), "quota", "编制数"),
                  ("staff.posts", list(dept.staff.posts), "actual", "年末实有人数"),
                  ("staff.others", list(dept.staff.others), "count", "人数")]
    lines += [("three_public", list(dept.three_public), "budget", "“三公”经费预算数"),
              ("three_public", list(dept.three_public), "spent", "“三公”经费实际支出数")]
    for table, items, name, label in lines:
        for i, item in enumerate(items):
            if getattr(item, name) is None:
                what = getattr(item, "name", None) or getattr(item, "kind", "")
                yield ctx.finding("E-MISSING", f"“{what}”尚未填写{label}（{table}[{i}].{name}）",
                                  dept, *table.split("."), i, name)
