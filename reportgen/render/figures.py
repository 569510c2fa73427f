"""The figures a clerk's sentence may quote, formatted as the documents print them.

An indicator's own text sees its figures by name (`{{ actual }}`); the texts of a department or a
project see the whole evaluation (`{{ total }}`, `{{ indicator["结案率"].target_value }}`), so a
summary that quotes a figure cannot drift from the tables.
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
        self._rows = {}
        for s in reversed(scored.indicators):  # the first of a duplicated name wins, as checks assume
            self._rows[s.name] = s
        self._fmt, self._escape = fmt, escape

    def __getitem__(self, name: str) -> dict[str, str]:
        return indicator_figures(self._rows[name], self._fmt, self._escape)


def evaluation_figures(scored: Scored, fmt: Formatter, escape: Escape) -> dict[str, Any]:
    """Names for the texts of one scored department or project."""
    return {
        "total": fmt.score(scored.total),
        "total_rate": fmt.percent(scored.rate),
        "grade": scored.grade,
        "indicator": IndicatorLookup(scored, fmt, escape),
    }
