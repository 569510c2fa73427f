"""Chart specs built in Python and emitted through the chart directive as JSON, as tables are."""

from __future__ import annotations

from typing import Any

from reportgen.render.format import Formatter
from reportgen.rounding import ZERO, q2
from reportgen.scoring import Scored


class Charts:
    """The charts of the report, with values formatted as its tables print them."""

    def __init__(self, fmt: Formatter) -> None:
        self.fmt = fmt

    def rates(self, scored: Scored, caption: str) -> dict[str, Any]:
        """The 一级指标 score rates of the summary table (预算执行率 first), one bar each."""
        rows = [("预算执行率", scored.execution.score_rate)] + [(g.name, g.rate) for g in scored.groups]
        bars = [{"label": label, "value": f"{q2(rate if rate is not None else ZERO):f}",
                 "text": self.fmt.percent(rate) or "-"} for label, rate in rows]
        return {"caption": caption, "maximum": "100", "bars": bars}
