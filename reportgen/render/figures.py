"""The figures a clerk's sentence may quote, formatted as the documents print them.

The texts of a department or a project see the whole evaluation (`{{ total }}`,
`{{ indicator["结案率"].target_value }}`), and an indicator's texts its own figures by name
(`{{ actual }}`), so a sentence that quotes a figure cannot drift from the tables.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reportgen.render.format import Formatter
from reportgen.scoring.engine import Scored, ScoredIndicator

Escape = Callable[[object], str]


def indicator_figures(s: ScoredIndicator, fmt: Formatter, escape: Escape) -> dict[str, str]:
    """Data text goes through `escape` (Markdown escaping for prose; none for table cells)."""
    target = s.indicator.parsed_target
    return {
        "target": escape(fmt.prose(s.indicator.target)),  # 大于等于85%
        "target_value": escape(fmt.target_value(s.indicator.target)),  # 85%
        "actual": escape(fmt.actual(s.actual_text, target)),  # 89.1%
        "weight": fmt.short(s.weight),
        "score": fmt.short(s.score),
        "rate": fmt.percent(s.rate),
        "completion": fmt.percent(s.completion),  # 完成率: actual ÷ target
    }


class IndicatorLookup:
    """`indicator["名称"]` in a text: an unknown name is a KeyError, which Jinja reports as such."""

    def __init__(self, scored: Scored, fmt: Formatter, escape: Escape) -> None:
        self._scored, self._fmt, self._escape = scored, fmt, escape

    def __getitem__(self, name: str) -> dict[str, str]:
        found = next((s for s in self._scored.indicators if s.name == name), None)  # the first of a duplicate
        if found is None:
            raise KeyError(name)
        return indicator_figures(found, self._fmt, self._escape)


def text_names(scored: Scored, path: tuple[str | int, ...], fmt: Formatter, escape: Escape) -> dict[str, Any]:
    """Names for a text at `path` of one scored department or project: the evaluation's, and within
    an indicator (`indicators`, i, …) that indicator's own figures as well."""
    ex = scored.execution
    names: dict[str, Any] = {
        "total": fmt.score(scored.total),
        "total_rate": fmt.percent(scored.rate),
        "grade": scored.grade,
        "initial": fmt.amount(ex.initial),  # 年初预算数
        "budget": fmt.amount(ex.budget),  # 全年预算数
        "spent": fmt.amount(ex.spent),  # 全年执行数
        "execution_rate": fmt.percent(ex.rate),
        "indicator": IndicatorLookup(scored, fmt, escape),
    }
    if len(path) > 2 and path[0] == "indicators":
        own = next((s for s in scored.indicators if s.index == path[1]), None)
        if own is not None:
            names.update(indicator_figures(own, fmt, escape))
    return names
