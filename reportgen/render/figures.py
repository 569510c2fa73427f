"""The figures a clerk's sentence may quote, formatted as the documents print them.

The texts of a department or a project see the whole evaluation (`{{ total }}`,
`{{ indicator["结案率"].target_value }}`), and an indicator's texts its own figures by name
(`{{ actual }}`), so a sentence that quotes a figure cannot drift from the tables.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reportgen.findings import FieldPath
from reportgen.render.format import Formatter
from reportgen.scoring.engine import Scored, ScoredIndicator

Escape = Callable[[object], str]


class Figures:
    """Formats each figure once per build, however many texts quote it. Data text goes through
    `escape` (Markdown escaping for prose; none for table cells)."""

    def __init__(self, fmt: Formatter) -> None:
        self.fmt = fmt
        self._memo: dict[tuple[ScoredIndicator | Scored, Escape], dict[str, Any]] = {}

    def indicator(self, s: ScoredIndicator, escape: Escape) -> dict[str, str]:
        key: tuple[ScoredIndicator | Scored, Escape] = (s, escape)
        if key not in self._memo:
            f, target = self.fmt, s.indicator.parsed_target
            self._memo[key] = {
                "target": escape(f.prose(s.indicator.target)),  # 大于等于85%
                "target_value": escape(f.target_value(s.indicator.target)),  # 85%
                "actual": escape(f.actual(s.actual_text, target)),  # 89.1%
                "weight": f.short(s.weight),
                "score": f.short(s.score),
                "rate": f.percent(s.rate),
                "completion": f.percent(s.completion),  # 完成率: actual ÷ target
            }
        return self._memo[key]

    def evaluation(self, scored: Scored, escape: Escape) -> dict[str, Any]:
        key: tuple[ScoredIndicator | Scored, Escape] = (scored, escape)
        if key not in self._memo:
            f, ex = self.fmt, scored.execution
            self._memo[key] = {
                "total": f.score(scored.total),
                "total_rate": f.percent(scored.rate),
                "grade": scored.grade,
                "initial": f.amount(ex.initial),  # 年初预算数
                "budget": f.amount(ex.budget),  # 全年预算数
                "spent": f.amount(ex.spent),  # 全年执行数
                "execution_rate": f.percent(ex.rate),
                "indicator": IndicatorLookup(self, scored, escape),
            }
        return self._memo[key]

    def text_names(self, scored: Scored, path: FieldPath, escape: Escape) -> dict[str, Any]:
        """Names for a text at `path` of one scored department or project: the evaluation's, and
        within an indicator (`indicators`, i, …) that indicator's own figures as well."""
        names = self.evaluation(scored, escape)
        if len(path) > 2 and path[0] == "indicators":
            own = next((s for s in scored.indicators if s.index == path[1]), None)
            if own is not None:
                return {**names, **self.indicator(own, escape)}
        return names


class IndicatorLookup:
    """`indicator["名称"]` in a text: an unknown name is a KeyError, which Jinja reports as such."""

    def __init__(self, figures: Figures, scored: Scored, escape: Escape) -> None:
        self._figures, self._scored, self._escape = figures, scored, escape

    def __getitem__(self, name: str) -> dict[str, str]:
        found = next((s for s in self._scored.indicators if s.name == name), None)  # the first of a duplicate
        if found is None:
            raise KeyError(name)
        return self._figures.indicator(found, self._escape)
