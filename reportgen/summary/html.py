"""build/summary.html: the two tables of the summary, a self-contained page with links to each document."""

from __future__ import annotations

from decimal import Decimal
from html import escape

from reportgen.builders.html import CSP
from reportgen.summary.rows import COURT_HEADS, PROJECT_HEADS, CourtRow, Figures, ProjectRow

CSS = """
body { margin: 1.5rem auto; max-width: 72rem; padding: 0 1rem; font: 15px/1.6 "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; }
h1 { font-size: 1.4rem; } h2 { font-size: 1.15rem; margin-top: 2rem; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
th, td { border: 1px solid #999; padding: .25em .5em; }
th { background: #f0f0f0; } td.n { text-align: right; font-variant-numeric: tabular-nums; }
tr.failed td { background: #fde8e8; } a { margin-right: .6em; }
"""


def _n(value: Decimal | None, suffix: str = "") -> str:
    return "" if value is None else f"{value:f}{suffix}"


def _figures(f: Figures) -> str:
    return f'<td class="n">{_n(f.total)}</td><td>{escape(f.grade)}</td><td class="n">{_n(f.rate, "%")}</td>'


def _court(row: CourtRow) -> str:
    links = "".join(f'<a href="{escape(path)}">{escape(path.rsplit("/", 1)[-1])}</a>' for path in row.documents)
    counts = "".join(f'<td class="n">{"" if n is None else n}</td>' for n in (row.errors, row.warnings))
    failed = ' class="failed"' if row.errors is None else ""
    return (f"<tr{failed}><td>{escape(row.name)}</td><td>{escape(row.slug)}</td><td>{escape(row.year)}</td>"
            f"{_figures(row.figures)}{counts}<td>{escape(row.note)}</td><td>{links}</td></tr>")


def _project(row: ProjectRow) -> str:
    return (f"<tr><td>{escape(row.court)}</td><td>{escape(row.year)}</td><td>{escape(row.name)}</td>"
            f"{_figures(row.figures)}</tr>")


def _table(heads: tuple[str, ...], body: list[str]) -> str:
    head = "".join(f'<th scope="col">{escape(h)}</th>' for h in heads)
    return f"<table><thead><tr>{head}</tr></thead><tbody>\n" + "\n".join(body) + "\n</tbody></table>"


def render_html(courts: list[CourtRow], projects: list[ProjectRow]) -> bytes:
    page = f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="reportgen">
<title>各法院预算绩效自评汇总</title>
<style>{CSS}</style>
</head>
<body>
<h1>各法院预算绩效自评汇总</h1>
<p>共 {len(courts)} 个法院、{len(projects)} 个项目。得分与执行率按数据重新计算；错误、警告为数据核对结果，详见 make check COURT=&lt;代号&gt;。</p>
<h2>法院（部门整体）</h2>
{_table(COURT_HEADS, [_court(r) for r in courts])}
<h2>项目</h2>
{_table(PROJECT_HEADS, [_project(r) for r in projects])}
</body>
</html>
"""
    return page.encode("utf-8")
