"""Wording that betrays a copy or a slip: another body's words, a fund level the project's name contradicts,
the same long passage in several projects, and the confusions common in this field."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from reportgen.checks import CheckContext, check
from reportgen.checks.prose import TITLES, Prose, typed
from reportgen.findings import Finding
from reportgen.models import Project
from reportgen.models.settings import COMMON_CONFUSIONS


@functools.cache
def _alternation(words: tuple[str, ...]) -> re.Pattern[str] | None:
    """One pattern for a word list (longest first), compiled once per list however many courts share it."""
    if not words:
        return None
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))


# ---------------------------------------------------------------- words of another body

#: A mention of the other body as such ("与检察院联合", "公安、检察院", "检察院提起公诉") is no copy.
_WITH_BEFORE = re.compile(r"(?:与|和|、|及|同|向|会同|联合|协同|配合|公安|人大|政法委)[\u4e00-\u9fff]{0,6}$")
_WITH_AFTER = re.compile(r"(?:、|和|及|等|提起|抗诉|公诉|移送|起诉|建议|监督|派员|出庭|列席|联合|共同)")


@check
def other_body_words(ctx: CheckContext) -> Iterator[Finding]:
    settings = ctx.cy.court.settings
    pattern = _alternation(tuple(settings.other_body_words.get(settings.body, ())))
    if pattern is None:
        return
    for prose in ctx.prose:
        for m in pattern.finditer(prose.text):
            if _WITH_BEFORE.search(prose.text, max(0, m.start() - 8), m.start()) \
                    or _WITH_AFTER.match(prose.text, m.end()):
                continue
            yield ctx.text_finding("W-TEXT-INSTITUTION",
                                   f"{ctx.cy.court.name}的文字中出现“{m[0]}”，这是其他机关的用语，多半是照抄其他单位材料时留下的；"
                                   f"请改为本院的说法（如“{_ours(settings.body)}”）", prose, m.start())


def _ours(body: str) -> str:
    return {"法院": "审判执行工作、法官、干警", "检察院": "检察业务、检察官"}.get(body, "本单位的用语")


# ---------------------------------------------------------------- fund level

_LEVELS = ("中央", "省级", "市级", "县级")
_LEVEL_IN_NAME = re.compile("|".join(_LEVELS))
#: A level that speaks of money: "中央政法转移支付资金", "省级财政资金" (not "党中央", "中央八项规定").
_LEVEL_FUNDS = re.compile(rf"({'|'.join(_LEVELS)})(?:(?!{'|'.join(_LEVELS)})[\u4e00-\u9fff]){{0,6}}?(?:转移支付|补助|专项资金|财政资金|资金|经费)")
_LEVEL_FIELDS = ("goal", "goal_actual", "summary", "conclusion")


#: A transfer from a higher level ("中央政法转移支付资金"), unless the text speaks of matching it ("配套").
_TRANSFER = re.compile(rf"(?<!配套)(中央|省级|市级)(?:(?!{'|'.join(_LEVELS)})[\u4e00-\u9fff]){{0,6}}?转移支付")


@check
def fund_levels(ctx: CheckContext) -> Iterator[Finding]:
    """A goal or conclusion that speaks of funds of another level than the project's name says, or of a
    transfer from a higher level when all its funds are the court's own (本级安排)."""
    for p in ctx.cy.data.projects:
        levels = set(_LEVEL_IN_NAME.findall(p.name))
        own = bool(p.funds) and all(row.source == "本级安排" for row in p.funds)
        if len(levels) != 1 and not own:
            continue
        for name in _LEVEL_FIELDS:
            title = TITLES[name]
            prose = Prose(p, (name,), typed(getattr(p, name)))
            if len(levels) == 1:
                (level,) = levels
                found = list(_LEVEL_FUNDS.finditer(prose.text))
                if found and all(m[1] != level for m in found):
                    yield ctx.text_finding(
                        "W-TEXT-FUND-LEVEL",
                        f"项目“{p.name}”是{level}资金，“{title}”却写“{found[0][0]}”；多半是照抄其他项目的文字，请改为{level}资金的说法",
                        prose, found[0].start())
            elif (m := _TRANSFER.search(prose.text)) and "配套" not in prose.text:
                yield ctx.text_finding(
                    "W-TEXT-FUND-LEVEL",
                    f"项目“{p.name}”的资金全部是本级安排，“{title}”却写“{m[0]}”；转移支付资金应记为“上级补助”，"
                    "请核对资金来源，或改正这段照抄的文字", prose, m.start())


# ---------------------------------------------------------------- the same passage in several projects

#: A paragraph at least this long (without spaces) is too particular to be written twice by chance.
_LONG = 40
_PASTE_FIELDS = ("goal", "goal_actual", "summary", "deviation", "conclusion", "purpose", "change_reason")
_ROW_PASTE_FIELDS = {"reason": "原因分析", "measure": "改进措施"}
_SPACE = re.compile(r"\s+")


def _passages(p: Project) -> Iterator[tuple[tuple[str | int, ...], str, str]]:
    """(field path, title, text) of the long texts of a project."""
    for name in _PASTE_FIELDS:
        text = getattr(p, name)
        if len(text) >= _LONG:
            yield (name,), TITLES[name], text
    for i, ind in enumerate(p.indicators):
        for name, title in _ROW_PASTE_FIELDS.items():
            text = getattr(ind, name)
            if len(text) >= _LONG:
                yield ("indicators", i, name), f"“{ind.name}”的{title}", text


@check
def pasted_texts(ctx: CheckContext) -> Iterator[Finding]:
    """A long paragraph found word for word in another project's text: each paragraph is hashed once (a dict
    from the paragraph to where it was first seen), so the check is linear in the length of the texts.

    Projects of the same name (tranches of one fund) may share their texts, a text taken from the same
    Markdown file is shared on purpose, a paragraph with {{ }} is a template meant to be shared, and a goal
    copied whole is W-DUP-GOAL's."""
    first: dict[str, tuple[Project, tuple[str | int, ...]]] = {}
    reported: set[tuple[int, tuple[str | int, ...]]] = set()
    for p in ctx.cy.data.projects:
        src = ctx.cy.source_of(p)
        for path, title, text in _passages(p):
            for para in text.split("\n"):
                if len(para) < _LONG or "{" in para:
                    continue
                key = _SPACE.sub("", para)
                if len(key) < _LONG:
                    continue
                seen = first.setdefault(key, (p, path))
                other, other_path = seen
                if other is p or other.name == p.name or (id(p), path) in reported \
                        or (path == other_path == ("goal",) and p.goal == other.goal):
                    continue
                other_src = ctx.cy.source_of(other)
                mine = src.text_source(*path) if src else None
                if mine is not None and other_src is not None and other_src.text_source(*other_path) == mine:
                    continue
                reported.add((id(p), path))
                prose = Prose(p, path, text)
                yield ctx.text_finding("W-TEXT-PASTED",
                                       f"项目“{p.name}”的{title}中有一段与项目“{other.name}”的文字一字不差（“{key[:20]}……”），"
                                       "多半是复制后未按本项目修改；请按本项目的实际情况改写", prose, text.index(para))


# ---------------------------------------------------------------- confusions

@check
def confusions(ctx: CheckContext) -> Iterator[Finding]:
    table = {**COMMON_CONFUSIONS, **ctx.cy.court.settings.confusions}
    table = {wrong: right for wrong, right in table.items() if right}
    pattern = _alternation(tuple(sorted(table)))
    if pattern is None:
        return
    for prose in ctx.prose:
        for m in pattern.finditer(prose.text):
            yield ctx.text_finding("W-TEXT-CONFUSION",
                                   f"“{m[0]}”应为“{table[m[0]]}”（本领域常见的错用），请改正", prose, m.start())

