"""Row scores against the rules: above weight, contradicting the target, outside the tier."""

from __future__ import annotations

from collections.abc import Iterator

from reportgen.checks import CheckContext, check
from reportgen.findings import Finding
from reportgen.models.measure import TIER_BANDS
from reportgen.rounding import HUNDRED
from reportgen.scoring import rules

_TIER_NAMES = {"full": "达成", "partial": "部分达成", "poor": "未达成"}


@check
def indicator_scores(ctx: CheckContext) -> Iterator[Finding]:
    settings = ctx.cy.court.settings
    for label, ev, sc in ctx.evaluations():
        for s in sc.indicators:
            ind, path = s.indicator, ("indicators", s.index)
            what = f"{label}“{s.name}”"
            if ind.weight is None:
                continue
            if s.score is None:
                if not ctx.results_due:
                    continue
                # a leaf judged without a target is scored, not measured: its score is what is missing
                need = "实际完成值" if ind.actual is None and s.metric_value is None and ind.target else "自评得分"
                yield ctx.finding("E-MISSING", f"{what}尚未填写{need}", ev, *path,
                                  "actual" if need == "实际完成值" else "score")
                continue
            shown = s.score if s.stated is None else s.stated
            if shown > s.weight:
                yield ctx.finding("E-SCORE-ABOVE-WEIGHT",
                                  f"{what}得分 {shown} 超过分值 {s.weight}", ev, *path, "score")
            explained = ind.explained
            if s.stated is not None and s.rule_score is not None and s.stated != s.rule_score:
                target, actual, hit = ind.parsed_target, s.actual, s.met
                if not hit and s.stated >= s.weight:
                    why = f"实际 {actual.text if actual else ''} 未达到目标 {target.text}，却得满分"
                elif hit and s.stated < s.rule_score:
                    why = f"实际 {actual.text if actual else ''} 已达到目标 {target.text}，却扣分"
                else:
                    why = "与计分规则不符"
                if explained:
                    yield ctx.finding("W-SCORE-JUDGEMENT",
                                      f"{what}{why}：自评 {s.stated} 分，按规则应为 {s.rule_score} 分"
                                      "（已说明原因，按自评分保留）", ev, *path, "score")
                else:
                    yield ctx.finding("E-SCORE-RULE",
                                      f"{what}{why}：自评 {s.stated} 分，按规则应为 {s.rule_score} 分，"
                                      f"文件已按规则印为 {s.rule_score} 分。请把 score 改为 {s.rule_score}；"
                                      "如属评价判断，请在 reason 中说明原因", ev, *path, "score")
            if s.tier and not ind.is_quantitative and not rules.in_band(s.tier, s.score, s.weight):
                low, high = TIER_BANDS[s.tier]
                yield ctx.finding("E-QUAL-TIER",
                                  f"{what}实际完成值“{ind.actual}”属“{_TIER_NAMES[s.tier]}”档，得分应在分值的"
                                  f"{low * 100:.0f}%–{high * 100:.0f}%之间（{s.weight * low:.2f}–{s.weight * high:.2f}），现为 {s.score}",
                                  ev, *path, "score")
            if s.score < s.weight and not explained:
                yield ctx.finding("W-NO-REASON",
                                  f"{what}得分 {s.score} 低于分值 {s.weight}，但未填写偏差原因（reason）", ev, *path, "reason")
            completion = None if explained or ind.parsed_target.op in ("le", "lt") else s.completion
            if completion is not None and completion >= settings.over_achievement_ratio * HUNDRED:
                yield ctx.finding("W-OVER-ACHIEVED",
                                  f"{what}实际 {s.actual.text if s.actual else ''} 为目标 {ind.parsed_target.text} 的 "
                                  f"{completion}%，超额较大，请在 reason 中说明超额原因及改进措施", ev, *path, "reason")
