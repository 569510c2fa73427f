"""Small typed builders for the WordprocessingML the builder writes.

python-docx has no API for East Asian fonts, fields, merged-cell markup or table headers, and
its per-cell API is quadratic; so every piece of raw XML is made here, in schema order, and the
builder only composes these helpers. Lengths are twips (1/20 pt) unless a name says otherwise.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from copy import deepcopy
from dataclasses import dataclass
from functools import cache, lru_cache, wraps
from typing import TypeVar

from docx.oxml.ns import nsmap, qn
from lxml import etree

Element = etree._Element
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

#: theme attributes win over explicit names in the same slot (ECMA-376 §17.3.2.26)
THEME_FONT_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")

JC = {"left": "left", "center": "center", "right": "right", "justify": "both"}


@dataclass(frozen=True)
class Font:
    """The four rFonts slots: Latin text and digits, CJK text, complex scripts."""

    east_asia: str
    latin: str = "Times New Roman"

    @classmethod
    def single(cls, name: str) -> Font:
        return cls(east_asia=name, latin=name)


# -- generic ---------------------------------------------------------------------------------


@cache
def _clark(tag: str) -> tuple[str, dict[str, str]]:
    prefix, local = tag.split(":")
    return f"{{{nsmap[prefix]}}}{local}", {prefix: nsmap[prefix]}


@cache
def _attr(key: str) -> str:
    return qn(key.replace("_", ":", 1))


def el(tag: str, **attrs: str | int) -> Element:
    """A new element; keyword `w_val=…` becomes the attribute w:val. Plain lxml elements copied
    from a cached one: python-docx's OxmlElement cost a sixth of a build, and copying in C is
    three times faster than making an element with its namespace map."""
    return _element(tag, tuple(attrs.items())).__copy__()  # type: ignore[attr-defined,no-any-return]  # not in the stubs


@lru_cache(maxsize=4096)
def _element(tag: str, attrs: tuple[tuple[str, str | int], ...]) -> Element:
    clark, ns = _clark(tag)
    elm = etree.Element(clark, nsmap=ns)
    for key, value in attrs:
        elm.set(_attr(key), str(value))
    return elm


F = TypeVar("F", bound=Callable[..., Element])


def prototype(fn: F) -> F:
    """Same arguments, same XML: build it once, then copy it (lxml copies whole subtrees, in C).
    Table cells repeat the same few property sets thousands of times."""
    cached = lru_cache(maxsize=1024)(fn)

    @wraps(fn)
    def make(*args: object, **kwargs: object) -> Element:
        return cached(*args, **kwargs).__copy__()  # type: ignore[attr-defined,no-any-return]

    return make  # type: ignore[return-value]


def sub(parent: Element, tag: str, **attrs: str | int) -> Element:
    child = el(tag, **attrs)
    parent.append(child)
    return child


def insert_in_order(parent: Element, child: Element, sequence: Sequence[str]) -> Element:
    """Insert `child` before the first sibling that comes after it in the schema `sequence`."""
    tag = str(child.tag)
    names = [qn(t) for t in sequence]
    later = set(names[names.index(tag) + 1:])
    for existing in parent:
        if existing.tag in later:
            existing.addprevious(child)
            return child
    parent.append(child)
    return child


def replace_child(parent: Element, child: Element, sequence: Sequence[str]) -> Element:
    """Replace the child with the same tag (or insert it in schema order)."""
    for old in parent.findall(str(child.tag)):
        parent.remove(old)
    return insert_in_order(parent, child, sequence)


# -- run properties --------------------------------------------------------------------------


def rfonts(font: Font) -> Element:
    """All four slots explicit and no theme attributes, so CJK text never falls back to a theme."""
    return el("w:rFonts", w_ascii=font.latin, w_hAnsi=font.latin, w_eastAsia=font.east_asia,
              w_cs=font.latin)


def lang(east_asia: str = "zh-CN", latin: str = "en-US") -> Element:
    return el("w:lang", w_val=latin, w_eastAsia=east_asia, w_bidi="ar-SA")


def strip_theme_fonts(root: Element) -> int:
    """Drop theme font attributes everywhere below `root`; returns how many were removed."""
    removed = 0
    for rf in root.iter(qn("w:rFonts")):
        for attr in THEME_FONT_ATTRS:
            if qn(attr) in rf.attrib:
                del rf.attrib[qn(attr)]
                removed += 1
        parent = rf.getparent()
        if not rf.attrib and parent is not None:
            parent.remove(rf)
    return removed


@prototype
def run_props(font: Font | None = None, size_pt: float | None = None, bold: bool | None = None,
              italic: bool = False, east_asia_lang: str | None = None) -> Element:
    """w:rPr in schema order; `bold=False` writes an explicit off (to undo a style's bold)."""
    rpr = el("w:rPr")
    if font is not None:
        rpr.append(rfonts(font))
    if bold is not None:
        off = {} if bold else {"w_val": "0"}
        sub(rpr, "w:b", **off)
        sub(rpr, "w:bCs", **off)
    if italic:
        sub(rpr, "w:i")
        sub(rpr, "w:iCs")
    if size_pt is not None:
        half_points = round(size_pt * 2)
        sub(rpr, "w:sz", w_val=half_points)
        sub(rpr, "w:szCs", w_val=half_points)
    if east_asia_lang is not None:
        rpr.append(lang(east_asia_lang))
    return rpr


#: East Asian punctuation that Latin fonts also carry: without w:hint="eastAsia" Word may draw
#: “quotes”, the dash or the ellipsis in the run's Latin font (Times New Roman), half width
_EAST_ASIAN_PUNCTUATION = re.compile("[\u2018\u2019\u201c\u201d\u2014\u2026\u00b7\u2500-\u257f]")


def text_run(text: str, rpr: Element | None = None) -> Element:
    """A run; newlines become w:br so multi-line cell text keeps its breaks."""
    r = el("w:r")
    if _EAST_ASIAN_PUNCTUATION.search(text):
        rpr = east_asia_hint(rpr)
    if rpr is not None and len(rpr):
        r.append(rpr)
    for i, line in enumerate(text.split("\n")):
        if i:
            sub(r, "w:br")
        if line:
            t = sub(r, "w:t")
            t.text = line
            t.set(XML_SPACE, "preserve")
    return r


def east_asia_hint(rpr: Element | None) -> Element:
    """`rpr` (the caller's own copy, as run_props makes one) with w:rFonts, the first child but
    w:rStyle, saying w:hint="eastAsia"."""
    out = el("w:rPr") if rpr is None else rpr
    fonts = out.find(qn("w:rFonts"))
    if fonts is None:
        fonts = el("w:rFonts")
        style = out.find(qn("w:rStyle"))
        out.insert(0 if style is None else 1, fonts)
    fonts.set(qn("w:hint"), "eastAsia")
    return out


def page_field_runs(rpr: Element) -> list[Element]:
    """"— PAGE —" as a complex field (python-docx cannot write fields); 1 is the cached result."""
    def run(child: Element) -> Element:
        r = el("w:r")
        if len(rpr):
            r.append(deepcopy(rpr))
        r.append(child)
        return r

    code = el("w:instrText")
    code.text = " PAGE "
    code.set(XML_SPACE, "preserve")
    return [text_run("— ", deepcopy(rpr)),
            run(el("w:fldChar", w_fldCharType="begin")),
            run(code),
            run(el("w:fldChar", w_fldCharType="separate")),
            text_run("1", deepcopy(rpr)),
            run(el("w:fldChar", w_fldCharType="end")),
            text_run(" —", deepcopy(rpr))]


# -- paragraph properties --------------------------------------------------------------------


@dataclass(frozen=True)
class Indent:
    """Indents in characters (hundredths, as Word's *Chars attributes) with a twips fallback."""

    first_chars: int = 0
    left_chars: int = 0
    right_chars: int = 0
    char_twips: int = 320  # one 三号 character, for readers that ignore the *Chars attributes


@dataclass(frozen=True)
class Spacing:
    line: int = 240  # twips for exact/atLeast, 240ths of a line for auto
    rule: str = "auto"  # auto, exact, atLeast
    before: int = 0
    after: int = 0


@prototype
def para_props(style: str | None = None, align: str | None = None, indent: Indent | None = None,
               spacing: Spacing | None = None, keep_next: bool = False, keep_lines: bool = False,
               outline_level: int | None = None, snap_to_grid: bool | None = None,
               widow_control: bool | None = None, page_break_before: bool = False) -> Element:
    """w:pPr in schema order (pStyle … spacing, ind … jc … outlineLvl)."""
    ppr = el("w:pPr")
    if style:
        sub(ppr, "w:pStyle", w_val=style)
    if keep_next:
        sub(ppr, "w:keepNext")
    if keep_lines:
        sub(ppr, "w:keepLines")
    if page_break_before:
        sub(ppr, "w:pageBreakBefore")
    if widow_control is not None:
        sub(ppr, "w:widowControl", w_val=int(widow_control))
    if snap_to_grid is not None:
        sub(ppr, "w:snapToGrid", w_val=int(snap_to_grid))
    if spacing is not None:
        sub(ppr, "w:spacing", w_before=spacing.before, w_after=spacing.after, w_line=spacing.line,
            w_lineRule=spacing.rule)
    if indent is not None:
        ind = sub(ppr, "w:ind")
        for side, chars in (("left", indent.left_chars), ("right", indent.right_chars)):
            if chars:
                ind.set(qn(f"w:{side}Chars"), str(chars))
                ind.set(qn(f"w:{side}"), str(chars * indent.char_twips // 100))
        ind.set(qn("w:firstLineChars"), str(indent.first_chars))
        ind.set(qn("w:firstLine"), str(indent.first_chars * indent.char_twips // 100))
    if align is not None:
        sub(ppr, "w:jc", w_val=JC[align])
    if outline_level is not None:
        sub(ppr, "w:outlineLvl", w_val=outline_level)
    return ppr


def keep_with_next(p: Element) -> None:
    """Add w:keepNext to a finished paragraph (after w:pStyle, the only element before it)."""
    ppr = p.find(qn("w:pPr"))
    if ppr is None:
        ppr = el("w:pPr")
        p.insert(0, ppr)
    if ppr.find(qn("w:keepNext")) is None:
        style = ppr.find(qn("w:pStyle"))
        ppr.insert(0 if style is None else 1, el("w:keepNext"))


def paragraph(ppr: Element | None, runs: Iterable[Element] = ()) -> Element:
    p = el("w:p")
    if ppr is not None and len(ppr):
        p.append(ppr)
    p.extend(runs)
    return p


# -- tables ----------------------------------------------------------------------------------

BORDER_SIDES = ("top", "left", "bottom", "right", "insideH", "insideV")


def borders(tag: str = "w:tblBorders", size_eighths: int = 4) -> Element:
    """Single black borders on every side (size in eighths of a point: 4 = ½ pt)."""
    box = el(tag)
    for side in BORDER_SIDES:
        sub(box, f"w:{side}", w_val="single", w_sz=size_eighths, w_space=0, w_color="000000")
    return box


@prototype
def table_props(width: int, cell_margin: int = 40) -> Element:
    """Fixed layout at the full text width, centred, with borders and narrow cell margins."""
    tpr = el("w:tblPr")
    sub(tpr, "w:tblW", w_w=width, w_type="dxa")
    sub(tpr, "w:jc", w_val="center")
    tpr.append(borders())
    sub(tpr, "w:tblLayout", w_type="fixed")
    mar = sub(tpr, "w:tblCellMar")
    for side in ("left", "right"):
        sub(mar, f"w:{side}", w_w=cell_margin, w_type="dxa")
    sub(tpr, "w:tblLook", w_val="0000", w_firstRow="0", w_lastRow="0", w_firstColumn="0",
        w_lastColumn="0", w_noHBand="1", w_noVBand="1")
    return tpr


def table_grid(widths: Iterable[int]) -> Element:
    grid = el("w:tblGrid")
    for w in widths:
        sub(grid, "w:gridCol", w_w=w)
    return grid


@prototype
def row_props(header: bool, cant_split: bool, min_height: int | None = None) -> Element:
    """w:cantSplit keeps a row on one page; w:tblHeader repeats it at the top of each page."""
    trpr = el("w:trPr")
    if cant_split:
        sub(trpr, "w:cantSplit")
    if min_height:
        sub(trpr, "w:trHeight", w_val=min_height, w_hRule="atLeast")
    if header:
        sub(trpr, "w:tblHeader")
    return trpr


@prototype
def cell_props(width: int, grid_span: int = 1, v_merge: str | None = None,
               v_align: str = "center", vertical: bool = False) -> Element:
    """`v_merge` is "restart" on the origin of a vertical merge and "continue" on covered cells;
    `vertical` sets the text top to bottom with CJK characters upright (tbRlV, as Word and WPS
    write a 竖排 cell; LibreOffice reads it the same)."""
    tcpr = el("w:tcPr")
    sub(tcpr, "w:tcW", w_w=width, w_type="dxa")
    if grid_span > 1:
        sub(tcpr, "w:gridSpan", w_val=grid_span)
    if v_merge == "restart":
        sub(tcpr, "w:vMerge", w_val="restart")
    elif v_merge == "continue":
        sub(tcpr, "w:vMerge")
    if vertical:
        sub(tcpr, "w:textDirection", w_val="tbRlV")
    sub(tcpr, "w:vAlign", w_val=v_align)
    return tcpr


# -- section, settings, fonts, styles --------------------------------------------------------

SECTPR_SEQ = ("w:headerReference", "w:footerReference", "w:footnotePr", "w:endnotePr", "w:type",
              "w:pgSz", "w:pgMar", "w:paperSrc", "w:pgBorders", "w:lnNumType", "w:pgNumType",
              "w:cols", "w:formProt", "w:vAlign", "w:noEndnote", "w:titlePg", "w:textDirection",
              "w:bidi", "w:rtlGutter", "w:docGrid", "w:printerSettings", "w:sectPrChange")

#: the part of CT_Settings' sequence that matters for where we insert elements
SETTINGS_SEQ = ("w:writeProtection", "w:view", "w:zoom", "w:removePersonalInformation",
                "w:removeDateAndTime", "w:doNotDisplayPageBoundaries", "w:displayBackgroundShape",
                "w:printPostScriptOverText", "w:printFractionalCharacterWidth", "w:printFormsData",
                "w:embedTrueTypeFonts", "w:embedSystemFonts", "w:saveSubsetFonts",
                "w:saveFormsData", "w:mirrorMargins", "w:alignBordersAndEdges",
                "w:bordersDoNotSurroundHeader", "w:bordersDoNotSurroundFooter", "w:gutterAtTop",
                "w:hideSpellingErrors", "w:hideGrammaticalErrors", "w:activeWritingStyle",
                "w:proofState", "w:formsDesign", "w:attachedTemplate", "w:linkStyles",
                "w:stylePaneFormatFilter", "w:stylePaneSortMethod", "w:documentType",
                "w:mailMerge", "w:revisionView", "w:trackRevisions", "w:doNotTrackMoves",
                "w:doNotTrackFormatting", "w:documentProtection", "w:autoFormatOverride",
                "w:styleLockTheme", "w:styleLockQFSet", "w:defaultTabStop", "w:autoHyphenation",
                "w:consecutiveHyphenLimit", "w:hyphenationZone", "w:doNotHyphenateCaps",
                "w:showEnvelope", "w:summaryLength", "w:clickAndTypeStyle",
                "w:defaultTableStyle", "w:evenAndOddHeaders", "w:bookFoldRevPrinting",
                "w:bookFoldPrinting", "w:bookFoldPrintingSheets",
                "w:drawingGridHorizontalSpacing", "w:drawingGridVerticalSpacing",
                "w:displayHorizontalDrawingGridEvery", "w:displayVerticalDrawingGridEvery",
                "w:doNotUseMarginsForDrawingGridOrigin", "w:drawingGridHorizontalOrigin",
                "w:drawingGridVerticalOrigin", "w:doNotShadeFormData", "w:noPunctuationKerning",
                "w:characterSpacingControl", "w:printTwoOnOne", "w:strictFirstAndLastChars",
                "w:noLineBreaksAfter", "w:noLineBreaksBefore", "w:savePreviewPicture",
                "w:doNotValidateAgainstSchema", "w:saveInvalidXml", "w:ignoreMixedContent",
                "w:alwaysShowPlaceholderText", "w:doNotDemarcateInvalidXml",
                "w:saveXmlDataOnly", "w:useXSLTWhenSaving", "w:saveThroughXslt",
                "w:showXMLTags", "w:alwaysMergeEmptyNamespace", "w:updateFields",
                "w:hdrShapeDefaults", "w:footnotePr", "w:endnotePr", "w:compat", "w:docVars",
                "w:rsids", "m:mathPr", "w:attachedSchema", "w:themeFontLang",
                "w:clrSchemeMapping", "w:doNotIncludeSubdocsInStats",
                "w:doNotAutoCompressPictures", "w:forceUpgrade", "w:captions",
                "w:readModeInkLockDown", "w:smartTagType", "sl:schemaLibrary",
                "w:shapeDefaults", "w:doNotEmbedSmartTags", "w:decimalSymbol",
                "w:listSeparator")


def font_entry(name: str, alt_name: str | None, charset: str = "86", family: str = "modern",
               pitch: str = "fixed") -> Element:
    """A fontTable entry; w:altName lets Word/WPS find a substitute (ECMA-376 §17.8.3.1)."""
    font = el("w:font", w_name=name)
    if alt_name:
        sub(font, "w:altName", w_val=alt_name)
    sub(font, "w:charset", w_val=charset)
    sub(font, "w:family", w_val=family)
    sub(font, "w:pitch", w_val=pitch)
    return font


def style(style_id: str, name: str, kind: str = "paragraph", based_on: str | None = None,
          next_style: str | None = None, ppr: Element | None = None, rpr: Element | None = None,
          ui_priority: int | None = None, q_format: bool = True,
          default: bool = False) -> Element:
    """A w:style in schema order (name, basedOn, next, uiPriority, qFormat, pPr, rPr)."""
    st = el("w:style", w_type=kind, w_styleId=style_id)
    if default:
        st.set(qn("w:default"), "1")
    sub(st, "w:name", w_val=name)
    if based_on:
        sub(st, "w:basedOn", w_val=based_on)
    if next_style:
        sub(st, "w:next", w_val=next_style)
    if ui_priority is not None:
        sub(st, "w:uiPriority", w_val=ui_priority)
    if q_format:
        sub(st, "w:qFormat")
    for props in (ppr, rpr):
        if props is not None and len(props):
            st.append(props)
    return st
