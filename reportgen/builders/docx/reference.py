"""The built-in zh-CN reference document, built from python-docx's template and fixed for 公文.

python-docx's default.docx is Japanese-themed (themeFontLang ja-JP, eastAsiaTheme fonts), Letter
sized and styled in blue. We keep its package (parts, latent styles) and rewrite what matters:
theme-free fonts with zh-CN language, GB/T 9704 page setup and page numbers, and one paragraph
style per semantic name of the document tree. A court may replace the result with its own file,
as pandoc's --reference-doc; the builder relies only on the style ids listed in STYLE_SPECS.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import docx
from docx.document import Document as DocxDocument
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.shared import Twips
from lxml import etree

from reportgen.builders.docx import oxml
from reportgen.builders.docx.oxml import Font, Indent, Spacing
from reportgen.builders.docx.package import FIXED_DATE, save
from reportgen.builders.widths import SMALL_SIZE_PT

FANGSONG = Font("仿宋_GB2312")
KAITI = Font("楷体_GB2312")
HEITI = Font("黑体")
XIAOBIAOSONG = Font("方正小标宋简体")
SONG = Font.single("宋体")

#: GB/T 9704: 22 lines in the 225 mm text block → 28.95 pt per line
LINE_PITCH = 579
#: 11.25 pt, the row Excel gives 小五 text: the published forms are spreadsheets
FORM_LINE_PITCH = 225
GRID = Spacing(line=LINE_PITCH, rule="exact")
SINGLE = Spacing()
TWO_CHARS = Indent(first_chars=200)
NO_INDENT = Indent()

# A4 and GB/T 9704 margins in twips (mirrored: left = inside, right = outside)
PAGE_WIDTH, PAGE_HEIGHT = 11906, 16838
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_INSIDE, MARGIN_OUTSIDE = 2098, 1984, 1587, 1474
HEADER_DISTANCE, FOOTER_DISTANCE = 851, 1304

#: fontTable entries: name → the face Word/WPS should try when the name is not installed
FONT_ALTERNATES = {
    "仿宋_GB2312": "仿宋",
    "楷体_GB2312": "楷体",
    "方正小标宋简体": "宋体",
    "黑体": "SimHei",
    "宋体": "SimSun",
}


@dataclass(frozen=True)
class StyleSpec:
    """One paragraph style; `semantic` is the name the document tree uses for it."""

    semantic: str
    style_id: str
    name: str  # built-in styles keep Word's English name so Word localises and recognises them
    font: Font
    size_pt: float
    bold: bool = False
    align: str | None = None
    indent: Indent = NO_INDENT
    spacing: Spacing = GRID
    keep_next: bool = False
    outline_level: int | None = None
    snap_to_grid: bool | None = None
    based_on: str = "Normal"
    next_style: str | None = None


def _heading(level: int, font: Font, bold: bool) -> StyleSpec:
    return StyleSpec(f"heading{level}", f"Heading{level}", f"heading {level}", font, 16, bold=bold,
                     align="justify", indent=TWO_CHARS, keep_next=True, outline_level=level - 1,
                     next_style="BodyText")


STYLE_SPECS: tuple[StyleSpec, ...] = (
    StyleSpec("body", "BodyText", "Body Text", FANGSONG, 16, align="justify", indent=TWO_CHARS,
              next_style="BodyText"),
    # 22 pt lines may take two grid lines in readers that snap to the grid: keep them off it
    StyleSpec("title", "Title", "Title", XIAOBIAOSONG, 22, align="center",
              spacing=Spacing(LINE_PITCH, "exact", after=LINE_PITCH), snap_to_grid=False,
              next_style="BodyText"),
    StyleSpec("subtitle", "Subtitle", "Subtitle", KAITI, 16, align="center",
              spacing=Spacing(LINE_PITCH, "exact", after=LINE_PITCH), next_style="BodyText"),
    _heading(1, HEITI, False),
    _heading(2, KAITI, False),
    _heading(3, FANGSONG, True),
    _heading(4, FANGSONG, False),
    StyleSpec("caption", "Caption", "caption", FANGSONG, 14, bold=True, align="center",
              keep_next=True),
    StyleSpec("note", "Note", "附注", FANGSONG, 12, align="justify", spacing=SINGLE,
              snap_to_grid=False),
    StyleSpec("signature", "Signature", "Signature", FANGSONG, 16, align="right",
              indent=Indent(right_chars=400)),
    StyleSpec("form-title", "FormTitle", "表单标题", XIAOBIAOSONG, 22, align="center",
              snap_to_grid=False, keep_next=True),
    StyleSpec("form-meta", "FormMeta", "表单信息", FANGSONG, 12, align="left",
              spacing=Spacing(360, "auto"), snap_to_grid=False, keep_next=True),
    StyleSpec("table", "TableText", "表格文字", FANGSONG, 10.5, align="left", spacing=SINGLE, snap_to_grid=False),
    # forms are dense: 小五 on an exact pitch, the same in every reader whatever its CJK font's
    # single line (1.0–1.45 em)
    StyleSpec("form-table", "FormTableText", "表单表格文字", FANGSONG, SMALL_SIZE_PT, align="left",
              spacing=Spacing(FORM_LINE_PITCH, "exact"), snap_to_grid=False),
    StyleSpec("page-number", "FooterPageNumber", "页码", SONG, 14, spacing=SINGLE, snap_to_grid=False,
              based_on="Footer"),
)


@lru_cache(maxsize=1)
def default_reference_docx() -> bytes:
    """The built-in reference document as .docx bytes (deterministic, cached)."""
    doc = docx.Document()
    _fix_styles(doc.styles.element)
    _fix_settings(doc.settings.element)
    _fix_font_table(doc)
    _drop_japanese_extras(doc)
    _truthful_app_properties(doc)
    _set_page(doc)
    _add_page_numbers(doc)
    props = doc.core_properties
    props.author, props.comments, props.title = "reportgen", "", ""
    props.created = props.modified = FIXED_DATE
    return save(doc)


def style_element(spec: StyleSpec) -> etree._Element:
    ppr = oxml.para_props(align=spec.align, indent=spec.indent, spacing=spec.spacing,
                          keep_next=spec.keep_next, keep_lines=spec.keep_next,
                          outline_level=spec.outline_level, snap_to_grid=spec.snap_to_grid)
    rpr = oxml.run_props(spec.font, spec.size_pt, bold=spec.bold)
    return oxml.fragment(oxml.style(spec.style_id, spec.name, based_on=spec.based_on, next_style=spec.next_style,
                                    ppr=ppr, rpr=rpr, ui_priority=9 if spec.outline_level is not None else None))


def _found(element: etree._Element | None) -> etree._Element:
    """An element python-docx's default template always has."""
    assert element is not None, "python-docx's default template changed"
    return element


def _fix_styles(styles: etree._Element) -> None:
    """Theme-free docDefaults in 仿宋 三号 zh-CN, a plain Normal, and our styles replacing any
    of the same id (the template's headings are blue Cambria)."""
    oxml.strip_theme_fonts(styles)
    defaults = _found(styles.find(qn("w:docDefaults")))
    rpr = _found(defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}"))
    _found(rpr.getparent()).replace(rpr, oxml.fragment(oxml.run_props(FANGSONG, 16, east_asia_lang="zh-CN")))
    ppr = _found(defaults.find(f"{qn('w:pPrDefault')}/{qn('w:pPr')}"))
    _found(ppr.getparent()).replace(ppr, oxml.fragment(oxml.para_props(spacing=SINGLE)))
    replacements = [oxml.fragment(oxml.style("Normal", "Normal", default=True,
                                             ppr=oxml.para_props(align="justify", widow_control=False)))]
    replacements += [style_element(spec) for spec in STYLE_SPECS]
    for new in replacements:
        sid = new.get(qn("w:styleId"))
        for old in styles.findall(qn("w:style")):
            if old.get(qn("w:styleId")) == sid:
                styles.remove(old)
        styles.append(new)
    _keep_only_used(styles, {new.get(qn("w:styleId")) for new in replacements})


def _keep_only_used(styles: etree._Element, used: set[str | None]) -> None:
    """Drop the template's 160 styles the documents never use (Word lists them all in the gallery):
    keep ours, what they are based on, and each kind's default style."""
    by_id = {st.get(qn("w:styleId")): st for st in styles.findall(qn("w:style"))}
    keep = {sid for sid, st in by_id.items() if st.get(qn("w:default")) == "1"}
    todo = list(used)
    while todo:
        sid = todo.pop()
        if sid in keep or sid not in by_id:
            continue
        keep.add(sid)
        todo += [ref.get(qn("w:val")) for tag in ("w:basedOn", "w:next", "w:link")
                 for ref in by_id[sid].findall(qn(tag))]
    for sid, st in by_id.items():
        if sid not in keep:
            styles.remove(st)


def _fix_settings(settings: etree._Element) -> None:
    seq = oxml.SETTINGS_SEQ
    oxml.replace_child(settings, oxml.el("w:mirrorMargins"), seq)
    oxml.replace_child(settings, oxml.el("w:evenAndOddHeaders"), seq)
    oxml.replace_child(settings, oxml.el("w:themeFontLang", w_val="en-US", w_eastAsia="zh-CN"), seq)
    for tag in ("w:savePreviewPicture", "w:proofState"):
        for old in settings.findall(qn(tag)):
            settings.remove(old)
    # Word 2013 and later (15): mode 14 opens in 兼容模式
    for setting in settings.iter(qn("w:compatSetting")):
        if setting.get(qn("w:name")) == "compatibilityMode":
            setting.set(qn("w:val"), "15")


#: python-docx's template claims "Microsoft Macintosh Word", 1 page and 0 words; Word recounts these
APP_XML = (b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
           b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
           b"<Application>reportgen</Application><DocSecurity>0</DocSecurity></Properties>")


def _truthful_app_properties(doc: DocxDocument) -> None:
    for part in doc.part.package.iter_parts():
        if part.partname == "/docProps/app.xml":
            part._blob = APP_XML  # a plain Part: its bytes are what is saved


def _fix_font_table(doc: DocxDocument) -> None:
    """Drop the Japanese MS fonts; declare our CJK faces with alternates (w:altName)."""
    part = doc.part.part_related_by(RT.FONT_TABLE)
    fonts = etree.fromstring(part.blob)
    for font in fonts.findall(qn("w:font")):
        name = font.get(qn("w:name"), "")
        if name.startswith("ＭＳ") or name in FONT_ALTERNATES:
            fonts.remove(font)
    for name, alt in FONT_ALTERNATES.items():
        fonts.append(oxml.fragment(oxml.font_entry(name, alt)))
    part._blob = etree.tostring(fonts, xml_declaration=True, encoding="UTF-8", standalone=True)


def _drop_japanese_extras(doc: DocxDocument) -> None:
    """stylesWithEffects repeats the Japanese-themed styles; the thumbnail shows a blank page."""
    for rid, rel in list(doc.part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):
            doc.part.drop_rel(rid)
    package_rels = doc.part.package.rels
    for rid, rel in list(package_rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del package_rels[rid]


def _set_page(doc: DocxDocument) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Twips(PAGE_WIDTH), Twips(PAGE_HEIGHT)
    # with w:mirrorMargins, left is the inner (binding) side and right the outer side
    section.top_margin, section.right_margin = Twips(MARGIN_TOP), Twips(MARGIN_OUTSIDE)
    section.bottom_margin, section.left_margin = Twips(MARGIN_BOTTOM), Twips(MARGIN_INSIDE)
    section.header_distance, section.footer_distance, section.gutter = \
        Twips(HEADER_DISTANCE), Twips(FOOTER_DISTANCE), Twips(0)
    oxml.replace_child(section._sectPr, oxml.el("w:docGrid", w_type="lines", w_linePitch=LINE_PITCH),
                       oxml.SECTPR_SEQ)


def _add_page_numbers(doc: DocxDocument) -> None:
    """GB/T 9704 §7.5: "— 1 —" in 四号宋体; odd pages right, even pages left, 空一字."""
    doc.settings.odd_and_even_pages_header_footer = True
    section = doc.sections[0]
    for footer, align, indent in (  # 280 twips: one 四号 character
            (section.footer, "right", Indent(right_chars=100, char_twips=280)),
            (section.even_page_footer, "left", Indent(left_chars=100, char_twips=280))):
        footer.is_linked_to_previous = False
        root = footer.part.element
        for child in list(root):
            root.remove(child)
        ppr = oxml.para_props("FooterPageNumber", align=align, indent=indent)
        root.append(oxml.fragment(oxml.paragraph(ppr, [oxml.page_field_runs("")])))
