"""Column widths fitted to the cells' text, shared by the DOCX and HTML builders.

Widths are measured in ems of the table's font: a CJK character is 1 em, Latin letters and digits
about 0.6 em (digits are 0.5 in Times New Roman, 0.64 in DejaVu Serif, which LibreOffice
substitutes where Times New Roman is missing, where % is 0.93 and = 0.84; the larger figures keep
figures whole in either). Every column gets at
least its longest unbreakable piece (a figure with its unit, a date, an operator with its number),
short columns get their natural width, and columns of long text share what is left (water
filling, weighted by the text's length). A court's preferred widths are honoured as far as no figure has to break.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from reportgen import doctree as dt

#: one text line of a vertical label: a column one character wide plus its leading
VERTICAL_EM = 1.3
#: measured widths are estimates: this much more per column keeps a piece whole in any font
SAFETY_EM = 0.15
#: a text column keeps at least this many characters a line where the table has room for it
READABLE_EM = 3.0
#: a spanned cell wider than this share of the table is long text that wraps, not a wish for width
SPAN_SHORT_SHARE = 0.35

_UNITS = "万元|亿元|元|%|％|‰|[年月日天个人次件项台套辆户家名份场批所处间张本册条篇笔吨亩米分秒倍]"
_OPEN = "（(“‘《【〔［[「『"
_CLOSE = "）)”’》】〕］]」』，。、；：！？,.;:!?"
#: pieces a line never breaks inside: dates, figures with operator and unit (and ranges of them:
#: 100%-80%), Latin words; brackets
#: and punctuation stay with their neighbour (no line starts with a closing mark)
_PIECE = re.compile(
    rf"[{re.escape(_OPEN)}]*"
    r"(?:\d{4}年\d{1,2}月(?:\d{1,2}日)?|\d{1,2}月\d{1,2}日"
    rf"|[<>＜＞≤≥=＝≈±~～+\-]*\d[\d,.:/]*(?:{_UNITS})?(?:[-~～至]\d[\d,.:/]*(?:{_UNITS})?)*"
    r"|[A-Za-z0-9_@#&*/\\.\-+%()=<>]+"
    r"|\S)"
    rf"[{re.escape(_CLOSE)}]*")


def char_em(ch: str) -> float:
    return _CHAR_EM.get(ch) or _measure_char(ch)


_CHAR_EM: dict[str, float] = {}


def _measure_char(ch: str) -> float:
    if ch in ".,:;'|!il":
        em = 0.32
    elif ch.isascii():
        em = 0.95 if ch in "@%&mwMW" else 0.84 if ch in "=+<>#~^" else 0.75 if ch.isupper() \
            else 0.64 if ch.isdigit() else 0.6
    elif unicodedata.east_asian_width(ch) in "WFA":
        em = 1.0
    else:
        em = 0.6
    _CHAR_EM[ch] = em
    return em


#: Word and LibreOffice put about a fifth of an em between CJK and Latin letters or digits (autoSpaceDE/DN)
AUTOSPACE_EM = 0.2


@lru_cache(maxsize=65536)
def text_em(text: str) -> float:
    """The width of `text` on one line, in ems; cached per distinct text (labels and figures recur)."""
    em = 0.0
    wide = None
    for ch in text:
        w = char_em(ch)
        em += w
        if (w == 1.0) != wide and wide is not None and (ch.isalnum() or ch in "%‰"):
            em += AUTOSPACE_EM
        wide = w == 1.0 if ch.isalnum() or w == 1.0 else None
    return em


@lru_cache(maxsize=65536)
def measure(text: str) -> tuple[float, float, tuple[float, ...]]:
    """(longest unbreakable piece, longest line, each line's width) of a cell's text in ems; cached
    per distinct text, as the same labels and figures recur in every table of every court."""
    longest = 0.0
    lines = tuple(text_em(line) for line in text.split("\n"))
    for piece in _PIECE.findall(text):
        width = text_em(piece)
        if width > longest:
            longest = width
    return longest, max(lines), lines


class Extent(NamedTuple):
    """One origin cell's place and measures (ems at any size: the text is measured once per table)."""

    row: int
    col: int
    rowspan: int
    colspan: int
    vertical: bool
    piece: float  # longest unbreakable piece
    line: float  # longest line
    lines: tuple[float, ...]  # each line's width; a vertical label: its length


def extents(table: dt.Table) -> list[Extent]:
    """Every origin cell with its first column, as doctree.place() places it.

    Raises ValueError when the grid is broken (see doctree.place)."""
    out = []
    for cell, r, c in dt.place(table):
        text = cell.plain
        if cell.vertical:
            out.append(Extent(r, c, cell.rowspan, cell.colspan, True, VERTICAL_EM, VERTICAL_EM,
                              (text_em(text.replace("\n", "")),)))
        else:
            piece, line, lines = measure(text)
            out.append(Extent(r, c, cell.rowspan, cell.colspan, False, piece, line, lines))
    return out


@dataclass(frozen=True)
class Fit:
    """Fitted widths in ems and each column's hard minimum (its longest piece)."""

    widths: list[float]
    minimum: list[float]
    cells: list[Extent]


#: a table whose unbreakable pieces alone fill more than this share of the width leaves its text
#: columns two characters wide: it is set one size smaller (小五) instead
TIGHT_SHARE = 0.75
#: 小五, also the size of every form table (ten columns of figures and reasons, as the published
#: forms): at 五号 the last 平塘 form takes two pages, at 小五 one
SMALL_SIZE_PT = 9.0


def fit_page(table: dt.Table, width_pt: float, size_pt: float, padding_pt: float) -> tuple[Fit, float]:
    """The fit for a table `width_pt` wide in text of `size_pt`, and the size it is to be set in:
    one size smaller where the table is tight at its own, a form table never above 小五. Kept on the
    table: the DOCX and the HTML builders ask for the same fit (a sixth of a build's time when
    measured twice)."""
    if table.style == "form" and size_pt > SMALL_SIZE_PT:
        size_pt = SMALL_SIZE_PT
    key = (width_pt, size_pt, padding_pt)
    found = table.measures.get(key)
    if found is None:
        found = table.measures[key] = _fit_page(table, width_pt, size_pt, padding_pt)
    return found


def _fit_page(table: dt.Table, width_pt: float, size_pt: float, padding_pt: float) -> tuple[Fit, float]:
    cells = table.measures.get("extents")
    if cells is None:
        cells = table.measures["extents"] = extents(table)
    fit = fit_columns(table, width_pt / size_pt, padding_pt / size_pt, cells)
    if sum(fit.minimum) > TIGHT_SHARE * sum(fit.widths) and size_pt > SMALL_SIZE_PT:
        size_pt = SMALL_SIZE_PT
        fit = fit_columns(table, width_pt / size_pt, padding_pt / size_pt, cells)
    return fit, size_pt


def fit_columns(table: dt.Table, available: float, padding: float, cells: list[Extent] | None = None) -> Fit:
    """Widths in ems summing to `available` for the table's grid; `padding` is a cell's left plus
    right margin in ems. Preferred relative widths (`table.widths`) are kept where they leave every
    column its minimum. `cells`: the table's extents, when already measured."""
    n = table.ncols
    cells = extents(table) if cells is None else cells
    low, high, area = [0.0] * n, [0.0] * n, [0.0] * n
    labels, others = [False] * n, [False] * n  # whether a column holds vertical labels, other cells
    spanned: list[tuple[int, int, float, float]] = []
    extra_em = padding + SAFETY_EM
    for cell in cells:
        c = cell.col
        piece = cell.piece + extra_em
        line = cell.line + extra_em
        if cell.colspan == 1:
            if cell.vertical:
                labels[c] = True
            else:
                others[c] = True
            if piece > low[c]:
                low[c] = piece
            if line > high[c]:
                high[c] = line
            area[c] += line
        else:
            spanned.append((c, cell.colspan, piece, line))
    # only vertical labels: one character wide, never given spare room
    rigid = [lab and not other for lab, other in zip(labels, others, strict=True)]
    for c, span, piece, line in sorted(spanned, key=lambda s: s[1]):
        _spread(low, c, span, piece, rigid)
        if line <= available * SPAN_SHORT_SHARE:
            _spread(high, c, span, line, rigid)
    high = [max(h, lo) for h, lo in zip(high, low, strict=True)]
    if sum(low) >= available:  # cannot fit whole: shrink everything alike
        scale = available / sum(low)
        return Fit([w * scale for w in low], low, cells)
    hard = low
    # raise text columns towards a readable width, as far as 90% of the table allows
    extra = [max(0.0, min(h, READABLE_EM + padding) - lo) for lo, h in zip(low, high, strict=True)]
    if sum(extra):
        share = min(1.0, max(0.0, 0.9 * available - sum(low)) / sum(extra))
        low = [lo + e * share for lo, e in zip(low, extra, strict=True)]
    if table.widths and len(table.widths) == n and sum(table.widths) > 0:
        return Fit(_preferred(table.widths, low, available), hard, cells)
    return Fit(_water_fill(low, high, area, available, rigid), hard, cells)


def _spread(widths: list[float], start: int, span: int, need: float, rigid: list[bool]) -> None:
    """Widen columns start…start+span−1 until they sum to `need`, the narrowest first (to one
    level); a vertical label's column stays one character wide where another column can widen."""
    have = sum(widths[start:start + span])
    if have >= need:
        return
    cols = [c for c in range(start, start + span) if not rigid[c]] or list(range(start, start + span))
    target = need - (have - sum(widths[c] for c in cols))  # what the widening columns must sum to
    ordered = sorted((widths[c] for c in cols), reverse=True)
    rest, level = target, target / len(cols)
    for i, w in enumerate(ordered):  # columns already wider than the level keep their width
        level = rest / (len(ordered) - i)
        if w <= level:
            break
        rest -= w
    for c in cols:
        widths[c] = max(widths[c], level)


def _water_fill(low: list[float], high: list[float], area: list[float], available: float,
                rigid: list[bool]) -> list[float]:
    """Short columns get their natural width; long ones share the rest, none below its minimum.

    A long column's share grows with all the text it holds (`area`, the sum of its cells' line
    lengths): a column of 150-character reasons in every row gets more than one of 8-character
    names, whose readable minimum is set before. One level for all, found by `_level`."""
    if all(rigid):
        rigid = [False] * len(rigid)
    if sum(high) <= available:  # everything on one line: the spare space in proportion to the text
        spare = available - sum(high)
        total = sum(h for h, r in zip(high, rigid, strict=True) if not r)
        return [h if r else h + spare * h / total for h, r in zip(high, rigid, strict=True)]
    weight = [max(a, 1e-6) for a in area]

    level = _level(low, high, weight, available)
    widths = [min(h, max(lo, level * k)) for lo, h, k in zip(low, high, weight, strict=True)]
    spare = available - sum(widths)
    flexible = [i for i, w in enumerate(widths) if w < high[i] and not rigid[i]] or \
        [i for i in range(len(widths)) if not rigid[i]]
    for i in flexible:
        widths[i] += spare / len(flexible)
    return widths


def _level(low: list[float], high: list[float], weight: list[float], available: float) -> float:
    """The level L at which Σ min(high, max(low, L·weight)) reaches `available`: the sum is piecewise
    linear in L, so a sweep over the points where a column starts and stops growing finds it exactly."""
    events = []  # (level, what leaves the constant part, change of slope)
    for lo, h, k in zip(low, high, weight, strict=True):
        if h > lo:
            events.append((lo / k, lo, k))  # starts growing: no longer counted at its minimum
            events.append((h / k, -h, -k))  # stops: counted at its natural width again
    events.sort()
    base, slope = sum(low), 0.0  # the sum is base + slope·L between two events
    for at, leaves, k in events:
        if slope > 0 and base + slope * at >= available:
            return (available - base) / slope
        base -= leaves
        slope += k
    return events[-1][0] if events else 0.0


def _preferred(relative: Sequence[int], low: list[float], available: float) -> list[float]:
    """The court's proportions, with every column raised to its minimum at the others' expense."""
    widths = [available * r / sum(relative) for r in relative]
    for _ in range(len(widths)):
        short = [i for i, w in enumerate(widths) if w < low[i] - 1e-9]
        if not short:
            break
        deficit = sum(low[i] - widths[i] for i in short)
        for i in short:
            widths[i] = low[i]
        room = {i: widths[i] - low[i] for i in range(len(widths)) if widths[i] > low[i]}
        total = sum(room.values())
        for i, r in room.items():
            widths[i] -= deficit * r / total
    return widths
