"""Small typed builders for the WordprocessingML the builder writes, as text.

python-docx has no API for East Asian fonts, fields, merged-cell markup or table headers, and
its per-cell API is quadratic; so every piece of raw XML is made here, in schema order, and the
builder only composes these helpers. Lengths are twips (1/20 pt) unless a name says otherwise.

The body is written as text, prefixes bound by the document element (w:, r:, wp:): building
lxml elements and serialising them took 28 of a form document's 33 ms, joining strings takes 4
(measured on the synthetic benchmark courts). Property sets repeat thousands of times per
document and are cached as strings. lxml is kept where an existing part is edited, the reference
document's styles, settings and footers: `fragment()` turns a piece of text into an element there.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

from docx.oxml.ns import nsdecls, nsmap, qn
from lxml import etree

Element = etree._Element

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


# -- text ------------------------------------------------------------------------------------


def escape(text: str) -> str:
    """Character data as lxml writes it (the loader has refused characters XML cannot hold)."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace("\r", "&#13;") if "\r" in text else text


def quote(value: str | int) -> str:
    """An attribute value, double-quoted as lxml writes it."""
    text = escape(str(value)).replace('"', "&quot;")
    if "\n" in text or "\t" in text:
        text = text.replace("\n", "&#10;").replace("\t", "&#9;")
    return f'"{text}"'


def tag(name: str, **attrs: str | int) -> str:
    """An empty element; keyword `w_val=…` becomes the attribute w:val."""
    return f"<{name}{_attrs(attrs)}/>"


def wrap(name: str, content: str, **attrs: str | int) -> str:
    """An element around `content`, written empty (`<w:pPr/>`) when there is none."""
    return f"<{name}{_attrs(attrs)}>{content}</{name}>" if content else tag(name, **attrs)


def _attrs(attrs: dict[str, str | int]) -> str:
    if not attrs:  # most elements of a body: the cost of a call per cell matters here
        return ""
    return "".join(f" {key.replace('_', ':', 1)}={quote(value)}" for key, value in attrs.items())


def fragment(text: str) -> Element:
    """The element a piece of this module's text stands for, to insert into a part being edited."""
    wrapper = etree.fromstring(f"<wrapper {nsdecls('w', 'r')}>{text}</wrapper>")
    return wrapper[0]


# -- editing existing parts (lxml) -----------------------------------------------------------


@cache
def _clark(name: str) -> tuple[str, dict[str, str]]:
    prefix, local = name.split(":")
    return f"{{{nsmap[prefix]}}}{local}", {prefix: nsmap[prefix]}


def el(name: str, **attrs: str | int) -> Element:
    """A new lxml element, for editing a part; keyword `w_val=…` becomes the attribute w:val."""
    clark, ns = _clark(name)
    elm = etree.Element(clark, nsmap=ns)
    for key, value in attrs.items():
        elm.set(qn(key.replace("_", ":", 1)), str(value))
    return elm


def insert_in_order(parent: Element, child: Element, sequence: Sequence[str]) -> Element:
    """Insert `child` before the first sibling that comes after it in the schema `sequence`."""
    name = str(child.tag)
    names = [qn(t) for t in sequence]
    later = set(names[names.index(name) + 1:])
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


# -- run properties --------------------------------------------------------------------------


def rfonts(font: Font) -> str:
    """All four slots explicit and no theme attributes, so CJK text never falls back to a theme."""
    return tag("w:rFonts", w_ascii=font.latin, w_hAnsi=font.latin, w_eastAsia=font.east_asia,
               w_cs=font.latin)


def lang(east_asia: str = "zh-CN", latin: str = "en-US") -> str:
    return tag("w:lang", w_val=latin, w_eastAsia=east_asia, w_bidi="ar-SA")


@lru_cache(maxsize=1024)
def run_props(font: Font | None = None, size_pt: float | None = None, bold: bool | None = None,
              italic: bool = False, east_asia_lang: str | None = None) -> str:
    """w:rPr in schema order; `bold=False` writes an explicit off (to undo a style's bold); ""
    when there is nothing to say."""
    parts = []
    if font is not None:
        parts.append(rfonts(font))
    if bold is not None:
        off = {} if bold else {"w_val": "0"}
        parts += [tag("w:b", **off), tag("w:bCs", **off)]
    if italic:
        parts += [tag("w:i"), tag("w:iCs")]
    if size_pt is not None:
        half_points = round(size_pt * 2)
        parts += [tag("w:sz", w_val=half_points), tag("w:szCs", w_val=half_points)]
    if east_asia_lang is not None:
        parts.append(lang(east_asia_lang))
    return wrap("w:rPr", "".join(parts)) if parts else ""


#: East Asian punctuation that Latin fonts also carry: without w:hint="eastAsia" Word may draw
#: “quotes”, the dash or the ellipsis in the run's Latin font (Times New Roman), half width
_EAST_ASIAN_PUNCTUATION = re.compile("[\u2018\u2019\u201c\u201d\u2014\u2026\u00b7\u2500-\u257f]")
_RFONTS = re.compile(r"<w:rFonts\b([^>]*?)/>")


def text_run(text: str, rpr: str = "") -> str:
    """A run; newlines become w:br so multi-line cell text keeps its breaks."""
    if _EAST_ASIAN_PUNCTUATION.search(text):
        rpr = east_asia_hint(rpr)
    if "\n" not in text:
        return f'<w:r>{rpr}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>' if text else wrap("w:r", rpr)
    lines = [f'<w:t xml:space="preserve">{escape(line)}</w:t>' if line else "" for line in text.split("\n")]
    return wrap("w:r", rpr + "<w:br/>".join(lines))


@lru_cache(maxsize=256)
def east_asia_hint(rpr: str) -> str:
    """`rpr` with w:rFonts, the first child but w:rStyle, saying w:hint="eastAsia"."""
    if _RFONTS.search(rpr):
        return _RFONTS.sub(r'<w:rFonts\1 w:hint="eastAsia"/>', rpr, count=1)
    hint = '<w:rFonts w:hint="eastAsia"/>'
    if not rpr:
        return f"<w:rPr>{hint}</w:rPr>"
    if rpr.startswith("<w:rPr><w:rStyle"):
        end = rpr.index("/>") + 2
        return rpr[:end] + hint + rpr[end:]
    return "<w:rPr>" + hint + rpr.removeprefix("<w:rPr>")


def page_field_runs(rpr: str) -> str:
    """"— PAGE —" as a complex field (python-docx cannot write fields); 1 is the cached result."""
    def field(child: str) -> str:
        return f"<w:r>{rpr}{child}</w:r>"

    return "".join((text_run("— ", rpr),
                    field(tag("w:fldChar", w_fldCharType="begin")),
                    field('<w:instrText xml:space="preserve"> PAGE </w:instrText>'),
                    field(tag("w:fldChar", w_fldCharType="separate")),
                    text_run("1", rpr),
                    field(tag("w:fldChar", w_fldCharType="end")),
                    text_run(" —", rpr)))


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


@lru_cache(maxsize=1024)
def para_props(style: str | None = None, align: str | None = None, indent: Indent | None = None,
               spacing: Spacing | None = None, keep_next: bool = False, keep_lines: bool = False,
               outline_level: int | None = None, snap_to_grid: bool | None = None,
               widow_control: bool | None = None, page_break_before: bool = False) -> str:
    """w:pPr in schema order (pStyle … spacing, ind … jc … outlineLvl); "" when empty."""
    parts = []
    if style:
        parts.append(tag("w:pStyle", w_val=style))
    if keep_next:
        parts.append(KEEP_NEXT)
    if keep_lines:
        parts.append(tag("w:keepLines"))
    if page_break_before:
        parts.append(tag("w:pageBreakBefore"))
    if widow_control is not None:
        parts.append(tag("w:widowControl", w_val=int(widow_control)))
    if snap_to_grid is not None:
        parts.append(tag("w:snapToGrid", w_val=int(snap_to_grid)))
    if spacing is not None:
        parts.append(tag("w:spacing", w_before=spacing.before, w_after=spacing.after, w_line=spacing.line,
                         w_lineRule=spacing.rule))
    if indent is not None:
        sides: dict[str, str | int] = {}
        for side, chars in (("left", indent.left_chars), ("right", indent.right_chars)):
            if chars:
                sides[f"w_{side}Chars"] = chars
                sides[f"w_{side}"] = chars * indent.char_twips // 100
        parts.append(tag("w:ind", **sides, w_firstLineChars=indent.first_chars,
                         w_firstLine=indent.first_chars * indent.char_twips // 100))
    if align is not None:
        parts.append(tag("w:jc", w_val=JC[align]))
    if outline_level is not None:
        parts.append(tag("w:outlineLvl", w_val=outline_level))
    return wrap("w:pPr", "".join(parts)) if parts else ""


KEEP_NEXT = "<w:keepNext/>"
_STYLE_REF = re.compile(r"<w:pStyle [^>]*/>")


def keep_with_next(p: str) -> str:
    """A finished paragraph `p` with w:keepNext (after w:pStyle, the only element before it)."""
    if not p.startswith("<w:p><w:pPr>"):
        return f"<w:p><w:pPr>{KEEP_NEXT}</w:pPr>{p.removeprefix('<w:p>').removesuffix('</w:p>')}</w:p>" \
            if p != "<w:p/>" else f"<w:p><w:pPr>{KEEP_NEXT}</w:pPr></w:p>"
    head, ppr_end, rest = p.partition("</w:pPr>")
    if KEEP_NEXT in head:
        return p
    at = len("<w:p><w:pPr>")
    style = _STYLE_REF.match(head, at)
    at = style.end() if style else at
    return head[:at] + KEEP_NEXT + head[at:] + ppr_end + rest


def paragraph(ppr: str, runs: Iterable[str] = ()) -> str:
    content = ppr + "".join(runs)
    return f"<w:p>{content}</w:p>" if content else "<w:p/>"


# -- tables ----------------------------------------------------------------------------------

BORDER_SIDES = ("top", "left", "bottom", "right", "insideH", "insideV")


def borders(name: str = "w:tblBorders", size_eighths: int = 4) -> str:
    """Single black borders on every side (size in eighths of a point: 4 = ½ pt)."""
    return wrap(name, "".join(tag(f"w:{side}", w_val="single", w_sz=size_eighths, w_space=0, w_color="000000")
                              for side in BORDER_SIDES))


@lru_cache(maxsize=64)
def table_props(width: int, cell_margin: int = 40) -> str:
    """Fixed layout at the full text width, centred, with borders and narrow cell margins."""
    margins = "".join(tag(f"w:{side}", w_w=cell_margin, w_type="dxa") for side in ("left", "right"))
    return wrap("w:tblPr", tag("w:tblW", w_w=width, w_type="dxa") + tag("w:jc", w_val="center") + borders()
                + tag("w:tblLayout", w_type="fixed") + wrap("w:tblCellMar", margins)
                + tag("w:tblLook", w_val="0000", w_firstRow="0", w_lastRow="0", w_firstColumn="0",
                      w_lastColumn="0", w_noHBand="1", w_noVBand="1"))


def table_grid(widths: Iterable[int]) -> str:
    return wrap("w:tblGrid", "".join(tag("w:gridCol", w_w=w) for w in widths))


@lru_cache(maxsize=1024)
def row_props(header: bool, cant_split: bool, min_height: int | None = None) -> str:
    """w:cantSplit keeps a row on one page; w:tblHeader repeats it at the top of each page."""
    parts = []
    if cant_split:
        parts.append(tag("w:cantSplit"))
    if min_height:
        parts.append(tag("w:trHeight", w_val=min_height, w_hRule="atLeast"))
    if header:
        parts.append(tag("w:tblHeader"))
    return wrap("w:trPr", "".join(parts))


@lru_cache(maxsize=4096)
def cell_props(width: int, grid_span: int = 1, v_merge: str | None = None,
               v_align: str = "center", vertical: bool = False) -> str:
    """`v_merge` is "restart" on the origin of a vertical merge and "continue" on covered cells;
    `vertical` sets the text top to bottom with CJK characters upright (tbRlV, as Word and WPS
    write a 竖排 cell; LibreOffice reads it the same)."""
    parts = [tag("w:tcW", w_w=width, w_type="dxa")]
    if grid_span > 1:
        parts.append(tag("w:gridSpan", w_val=grid_span))
    if v_merge == "restart":
        parts.append(tag("w:vMerge", w_val="restart"))
    elif v_merge == "continue":
        parts.append(tag("w:vMerge"))
    if vertical:
        parts.append(tag("w:textDirection", w_val="tbRlV"))
    parts.append(tag("w:vAlign", w_val=v_align))
    return wrap("w:tcPr", "".join(parts))


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
               pitch: str = "fixed") -> str:
    """A fontTable entry; w:altName lets Word/WPS find a substitute (ECMA-376 §17.8.3.1)."""
    alt = tag("w:altName", w_val=alt_name) if alt_name else ""
    return wrap("w:font", alt + tag("w:charset", w_val=charset) + tag("w:family", w_val=family)
                + tag("w:pitch", w_val=pitch), w_name=name)


def style(style_id: str, name: str, kind: str = "paragraph", based_on: str | None = None,
          next_style: str | None = None, ppr: str = "", rpr: str = "",
          ui_priority: int | None = None, q_format: bool = True,
          default: bool = False) -> str:
    """A w:style in schema order (name, basedOn, next, uiPriority, qFormat, pPr, rPr)."""
    attrs: dict[str, str | int] = {"w_type": kind, "w_styleId": style_id}
    if default:
        attrs["w_default"] = "1"
    parts = [tag("w:name", w_val=name)]
    if based_on:
        parts.append(tag("w:basedOn", w_val=based_on))
    if next_style:
        parts.append(tag("w:next", w_val=next_style))
    if ui_priority is not None:
        parts.append(tag("w:uiPriority", w_val=ui_priority))
    if q_format:
        parts.append(tag("w:qFormat"))
    return wrap("w:style", "".join(parts) + ppr + rpr, **attrs)
