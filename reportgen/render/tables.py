"""Table specs built in Python and emitted through the table directive as JSON.

Templates choose which tables appear and where; the cells, spans and alignment come from here,
so no template hand-builds a cell and no figure is formatted twice.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from reportgen.models import Project
from reportgen.render.environment import Narratives
from reportgen.render.format import Formatter
from reportgen.scoring import Level1, Scored
from reportgen.scoring.engine import total_of

Spec = dict[str, Any]


def cell(text: object, *, rowspan: int = 1, colspan: int = 1, align: str | None = None,
         header: bool = False, vertical: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {"text": "" if text is None else str(text)}
    if rowspan > 1:
        out["rowspan"] = rowspan
    if colspan > 1:
        out["colspan"] = colspan
    if align:
        out["align"] = align
    if header:
        out["header"] = True
    if vertical:
        out["vertical"] = True
    return out


def num(text: str) -> dict[str, Any]:
    return cell(text, align="center")


def heads(*labels: str) -> list[dict[str, Any]]:
    return [cell(label, header=True, align="center") for label in labels]


class Tables:
    """The tables of the three documents, formatted with the court's style. Column widths are fitted
    to the text by the builders, unless the court sets a table's widths (settings.table_widths)."""

    def __init__(self, fmt: Formatter, text: Narratives) -> None:
        self.fmt = fmt
        self.text = text  # every free text of a cell is a template too, rendered as plain text

    def spec(self, name: str, rows: list[list[dict[str, Any]]], *, caption: str = "", header_rows: int = 1,
             total_rows: int = 0, style: str = "grid") -> Spec:
        out: Spec = {"caption": caption, "header_rows": header_rows, "style": style, "rows": rows}
        widths = self.fmt.settings.table_widths.get(name)
        if widths:
            out["widths"] = widths
        if total_rows:
            out["total_rows"] = total_rows
        return out

    # -- report --

    def summary(self, scored: Scored, caption: str, previous: Scored | None = None) -> Spec:
        """TABLE A / C: 一级指标 | 分值 | 自评得分 | 得分率, and 上年得分 when last year is known."""
        f = self.fmt
        ex = scored.execution
        before = {g.name: g.score for g in previous.groups} if previous else {}

        def last(name: str, value: object) -> list[dict[str, Any]]:
            return [num(f.score(value) if value is not None else "-")] if previous else []  # type: ignore[arg-type]

        head = ["一级指标", "分值", "自评得分", "得分率"] + (["上年得分"] if previous else [])
        rows = [heads(*head),
                [cell("预算执行率"), num(f.score(ex.weight)), num(f.score(ex.score)), num(f.percent(ex.score_rate)),
                 *last("", previous.execution.score if previous else None)]]
        rows += [[cell(g.name), num(f.score(g.weight)), num(f.score(g.score)), num(f.percent(g.rate)),
                  *last(g.name, before.get(g.name))] for g in scored.groups]
        rows.append([cell("合计", align="center"), num(f.score(scored.total_weight)), num(f.score(scored.total)),
                     num(f.percent(scored.rate)), *last("", previous.total if previous else None)])
        return self.spec("summary", rows, caption=caption, total_rows=1)

    def group(self, group: Level1) -> Spec:
        """TABLE B: one 一级 group, 二级 cells merged over their rows, a 合计 row."""
        f = self.fmt
        rows = [heads("二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "自评得分", "得分率")]
        for l2 in group.level2:
            for i, s in enumerate(l2.indicators):
                first = [cell(l2.name, rowspan=len(l2.indicators), align="center")] if i == 0 else []
                rows.append(first + [cell(s.name), num(f.target(s.indicator.target)),
                                     num(s.actual_text), num(f.score(s.weight)), num(f.score(s.score)),
                                     num(f.percent(s.rate))])
        rows.append([cell("合计", colspan=4, align="center"), num(f.score(group.weight)), num(f.score(group.score)),
                     num(f.percent(group.rate))])
        return self.spec("group", rows, total_rows=1)

    # -- project form --

    def form_head(self, project: Project, scored: Scored, supervisor: str, implementer: str, unit: str,
                  variant: str) -> Spec:
        """Top of the 项目支出绩效自评表: project, funds by source, annual goal."""
        f = self.fmt
        ex = scored.execution
        fund_rows = self._fund_rows(project, variant)
        rows = [
            [cell("项目名称", colspan=2, align="center"), cell(project.name, colspan=8)],
            [cell("主管部门及代码" if variant == "local" else "主管部门", colspan=2, align="center"),
             cell(supervisor, colspan=3), cell("实施单位", colspan=2, align="center"), cell(implementer, colspan=3)],
            [cell(f"项目资金（{unit}）", rowspan=len(fund_rows) + 1, align="center", vertical=True),
             cell("资金来源" if variant == "local" else "", colspan=3, align="center", header=True),
             *heads("年初预算数", "全年预算数（A）", "全年执行数（B）", "分值", "执行率", "得分")],
        ]
        for i, (label, initial, budget, spent) in enumerate(fund_rows):
            scored_cells = [num(f.short(ex.weight)), num(f.rate(ex.rate)), num(f.short(ex.score))] if i == 0 \
                else [num("-"), num("-"), num("-")]
            rows.append([cell(label, colspan=3), num(f.amount(initial)), num(f.amount(budget)),
                         num(f.amount(spent)), *scored_cells])
        rows += [
            [cell("年度总体目标", rowspan=2, align="center", vertical=True),
             cell("预期目标", colspan=4, align="center", header=True),
             cell("实际完成情况", colspan=5, align="center", header=True)],
            [cell(self.text(project, "goal"), colspan=4), cell(self.text(project, "goal_actual"), colspan=5)],
        ]
        return self.spec("form_head", rows, header_rows=0, style="form")

    def _fund_rows(self, project: Project, variant: str) -> list[tuple[str, Any, Any, Any]]:
        def total(*sources: str) -> tuple[Any, Any, Any]:
            rows = [r for r in project.funds if r.source in sources]
            if not rows:
                return Decimal(0), Decimal(0), Decimal(0)
            return (total_of([r.initial for r in rows]), total_of([r.budget for r in rows]),
                    total_of([r.spent for r in rows]))

        everything = ("本级安排", "上级补助", "上年结转", "其他")
        if variant == "central":
            return [("年度资金总额", *total(*everything)), ("其中：本年财政拨款", *total("本级安排", "上级补助")),
                    ("上年结转资金", *total("上年结转")), ("其他资金", *total("其他"))]
        return [("年度资金总额：", *total(*everything)), ("\u3000财政拨款：", *total("本级安排", "上级补助")),
                ("\u3000\u3000本级安排：", *total("本级安排")), ("\u3000\u3000其中：上级补助：", *total("上级补助")),
                ("\u3000其他：", *total("其他", "上年结转"))]

    def form_indicators(self, project: Project, scored: Scored, variant: str) -> Spec:
        """The indicator part of the form: header repeated on each page, 一级/二级 merged, 总分, 自评结论."""
        f = self.fmt
        n = len(scored.indicators)
        reason_heads = ("未完成原因分析", "备注") if variant == "local" else ("偏差原因分析及改进措施",)
        head = heads("一级指标", "二级指标", "三级指标", "年度指标值(A)", "实际完成值(B)", "分值", "得分", *reason_heads)
        if variant != "local":
            head[-1]["colspan"] = 2
        rows = [[cell("绩效指标", rowspan=n + 1, align="center", vertical=True), *head]]
        for g in scored.groups:
            for j, l2 in enumerate(g.level2):
                for k, s in enumerate(l2.indicators):
                    row = []
                    if j == 0 and k == 0:
                        row.append(cell(f"{g.name}({f.short(g.weight)}分)", rowspan=len(g.indicators), align="center"))
                    if k == 0:
                        row.append(cell(l2.name, rowspan=len(l2.indicators), align="center"))
                    ind = s.indicator
                    row += [cell(s.name), num(f.target(ind.target)), num(ind.actual or ""), num(f.short(s.weight)),
                            num(f.short(s.score))]
                    reason, remark, measure = (self.text(project, "indicators", s.index, name)
                                               for name in ("reason", "remark", "measure"))
                    if variant == "local":
                        row += [cell(reason), cell(remark)]
                    else:
                        row.append(cell("\n".join(t for t in (reason, measure) if t), colspan=2))
                    rows.append(row)
        rows.append([cell("总分", colspan=6, align="center"), num(f.short(scored.total_weight)),
                     num(f.short(scored.total)), cell("", colspan=2)])
        rows.append([cell("自评结论", align="center", vertical=True), cell(self.text(project, "conclusion"), colspan=9)])
        return self.spec("form_indicators", rows, header_rows=1, total_rows=2, style="form")

    # -- targets declaration --

    def declaration(self, project: Project) -> list[Spec]:
        plan = [f"{self.fmt.short(p)}%" for p in project.spending_plan] or ["", "", "", ""]
        head = self.spec("declaration_head", [
            [cell("项目编码", align="center"), cell(project.code or ""), cell("预算项目名称", align="center"),
             cell(project.name, colspan=3)],
            [cell("项目资金主要用途", align="center"), cell(self.text(project, "purpose"), colspan=5)],
            [cell("资金支出计划（%）", rowspan=2, align="center"), *heads("3月底", "6月底", "10月底"),
             cell("12月底", colspan=2, header=True, align="center")],
            [num(plan[0]), num(plan[1]), num(plan[2]), cell(plan[3], colspan=2, align="center")],
            [cell("绩效目标", align="center"), cell(self.text(project, "goal"), colspan=5)],
        ], header_rows=0, style="form")
        rows = [heads("一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据")]
        inds = project.indicators
        for i, ind in enumerate(inds):
            row = []
            if i == 0 or inds[i - 1].level1 != ind.level1:
                row.append(cell(ind.level1, rowspan=_run(inds, i, lambda x: x.level1), align="center"))
            if i == 0 or (inds[i - 1].level1, inds[i - 1].level2) != (ind.level1, ind.level2):
                row.append(cell(ind.level2, rowspan=_run(inds, i, lambda x: (x.level1, x.level2)), align="center"))
            row += [cell(ind.name), cell(self.text(project, "indicators", i, "description")),
                    num(self.fmt.target(ind.target)), cell(self.text(project, "indicators", i, "basis"))]
            rows.append(row)
        return [head, self.spec("declaration_indicators", rows, header_rows=1, style="form")]


def _run(items: list[Any], start: int, key: Any) -> int:
    n = 1
    while start + n < len(items) and key(items[start + n]) == key(items[start]):
        n += 1
    return n
