"""The DOCX builder, checked on the XML it writes: styles, fonts, tables, page setup, determinism."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree

from reportgen.builders.base import BuildContext
from reportgen.builders.docx import DocxBuilder, default_reference_docx
from reportgen.builders.docx.reference import STYLE_SPECS
from reportgen.builders.docx.tables import CELL_MARGIN, column_widths
from reportgen.builders.widths import text_em
from reportgen.doctree import Cell, Document, Heading, PageBreak, Paragraph, Table, Text

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
TEXT_WIDTH = 11906 - 1587 - 1474


def w(name: str) -> str:
    return f"{{{W}}}{name}"


def render(children: list, title: str = "测试报告", **context) -> tuple[bytes, BuildContext]:
    ctx = BuildContext(**context)
    return DocxBuilder(ctx).render(Document(title, children)), ctx


def parts(data: bytes) -> dict[str, etree._Element]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n: etree.fromstring(z.read(n)) for n in z.namelist() if n.endswith((".xml", ".rels"))}


def xp(root: etree._Element, path: str) -> list:
    return etree.XPath(path, namespaces=NS)(root)  # python-docx elements override .xpath()


def body_of(data: bytes) -> etree._Element:
    return parts(data)["word/document.xml"].find(w("body"))


def style(styles: etree._Element, style_id: str) -> etree._Element:
    found = xp(styles, f"w:style[@w:styleId='{style_id}']")
    assert len(found) == 1, style_id
    return found[0]


def para(text: str, style: str = "body", **kw) -> Paragraph:
    return Paragraph([Text(text)], style, **kw)


def cell(text: str, **kw) -> Cell:
    return Cell([para(text)], **kw)


def merged_table() -> Table:
    """┌────┬──────────┐    A spans two rows, B two columns; C and D fill row 2.
       │ A  │    B     │
       │    ├────┬─────┤
       │    │ C  │  D  │
       └────┴────┴─────┘"""
    return Table([[cell("A", rowspan=2), cell("B", colspan=2)], [cell("C"), cell("D", align="right")]],
                 caption="表1 合并单元格", widths=[1, 2, 2], header_rows=1)


# -- styles and fonts ------------------------------------------------------------------------


def test_headings_use_real_word_heading_styles_with_outline_levels():
    data, ctx = render([Heading(n, [Text(f"第{n}级")], num) for n, num in
                        [(1, "一、"), (2, "（一）"), (3, "1."), (4, "（1）")]])
    p = parts(data)
    styles = p["word/styles.xml"]
    fonts = {1: "黑体", 2: "楷体_GB2312", 3: "仿宋_GB2312", 4: "仿宋_GB2312"}
    for n in range(1, 5):
        st = style(styles, f"Heading{n}")
        assert xp(st, "w:name/@w:val") == [f"heading {n}"]
        assert xp(st, "w:pPr/w:outlineLvl/@w:val") == [str(n - 1)]
        assert xp(st, "w:pPr/w:keepNext")
        assert xp(st, "w:pPr/w:ind/@w:firstLineChars") == ["200"]
        assert xp(st, "w:rPr/w:rFonts/@w:eastAsia") == [fonts[n]]
        assert xp(st, "w:rPr/w:sz/@w:val") == ["32"]
        assert not xp(st, "w:rPr/w:color"), "headings must not be coloured"
        bold = xp(st, "w:rPr/w:b/@w:val")
        assert (bold == []) if n == 3 else (bold == ["0"])
    paragraphs = xp(p["word/document.xml"], "//w:body/w:p")
    assert [xp(q, "string(w:pPr/w:pStyle/@w:val)") for q in paragraphs] == [
        "Heading1", "Heading2", "Heading3", "Heading4"]
    assert ["".join(xp(q, ".//w:t/text()")) for q in paragraphs] == [
        "一、第1级", "（一）第2级", "1.第3级", "（1）第4级"]
    assert not xp(p["word/document.xml"], "//w:numPr"), "numbers are text, not Word numbering"
    assert not xp(styles, "w:style[starts-with(@w:styleId, 'Heading')]/w:pPr/w:numPr")
    assert ctx.warnings == []


def test_fonts_are_east_asian_and_theme_free_in_zh_cn():
    data, _ = render([para("正文")])
    p = parts(data)
    styles = p["word/styles.xml"]
    for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        for name, root in p.items():
            assert not xp(root, f"//w:rFonts[@w:{attr}]"), (name, attr)
    defaults = xp(styles, "w:docDefaults/w:rPrDefault/w:rPr")[0]
    rfonts = defaults.find(w("rFonts"))
    assert rfonts.get(w("eastAsia")) == "仿宋_GB2312"
    assert {rfonts.get(w(a)) for a in ("ascii", "hAnsi", "cs")} == {"Times New Roman"}
    assert xp(defaults, "w:lang/@w:eastAsia") == ["zh-CN"]
    assert xp(defaults, "w:sz/@w:val") == ["32"]
    assert xp(p["word/settings.xml"], "w:themeFontLang/@w:eastAsia") == ["zh-CN"]
    assert "ja-JP" not in etree.tostring(p["word/settings.xml"], encoding=str)
    # every style the builder uses names all four slots
    for spec in STYLE_SPECS:
        rf = xp(style(styles, spec.style_id), "w:rPr/w:rFonts")[0]
        assert all(rf.get(w(a)) for a in ("ascii", "hAnsi", "eastAsia", "cs")), spec.style_id


def test_semantic_styles_map_to_gongwen_formatting():
    data, _ = render([para("标题", "title"), para("（2024年度）", "subtitle"), para("正文"),
                      para("落款", "signature"), para("自评表", "form-title"),
                      para("填报单位", "form-meta"), para("注：单位元", "note")])
    p = parts(data)
    used = xp(p["word/document.xml"], "//w:body/w:p/w:pPr/w:pStyle/@w:val")
    assert used == ["Title", "Subtitle", "BodyText", "Signature", "FormTitle", "FormMeta", "Note"]
    styles = p["word/styles.xml"]
    body = style(styles, "BodyText")
    assert xp(body, "w:pPr/w:ind/@w:firstLineChars") == ["200"]
    assert xp(body, "w:pPr/w:spacing/@w:lineRule") == ["exact"]
    assert xp(body, "w:pPr/w:jc/@w:val") == ["both"]
    assert xp(body, "w:rPr/w:sz/@w:val") == ["32"]
    title = style(styles, "Title")
    assert xp(title, "w:rPr/w:rFonts/@w:eastAsia") == ["方正小标宋简体"]
    assert xp(title, "w:rPr/w:sz/@w:val") == ["44"]
    assert xp(title, "w:pPr/w:jc/@w:val") == ["center"]
    assert xp(title, "w:pPr/w:ind/@w:firstLineChars") == ["0"]
    assert not xp(title, "w:pPr/w:pBdr"), "the template's blue rule under the title is gone"
    assert xp(style(styles, "Subtitle"), "w:rPr/w:rFonts/@w:eastAsia") == ["楷体_GB2312"]
    assert xp(style(styles, "Signature"), "w:pPr/w:jc/@w:val") == ["right"]
    assert xp(style(styles, "FormTitle"), "w:rPr/w:sz/@w:val") == ["44"]
    assert xp(style(styles, "FormMeta"), "w:rPr/w:sz/@w:val") == ["24"]
    caption = style(styles, "Caption")
    assert xp(caption, "w:pPr/w:keepNext") and xp(caption, "w:pPr/w:jc/@w:val") == ["center"]


def test_font_table_names_substitutes_for_gb2312_faces():
    fonts = parts(render([para("x")])[0])["word/fontTable.xml"]
    alt = {f.get(w("name")): xp(f, "string(w:altName/@w:val)") for f in xp(fonts, "w:font")}
    assert alt["仿宋_GB2312"] == "仿宋"
    assert alt["楷体_GB2312"] == "楷体"
    assert alt["方正小标宋简体"] == "宋体"
    assert not [n for n in alt if n.startswith("ＭＳ")], "Japanese fonts removed"
    # altName comes first in CT_Font
    first = xp(fonts, "w:font[@w:name='仿宋_GB2312']/*[1]")[0]
    assert first.tag == w("altName")


def test_runs_carry_bold_and_italic():
    data, _ = render([Paragraph([Text("粗", bold=True), Text("斜", italic=True), Text("常")])])
    runs = xp(body_of(data), "w:p/w:r")
    assert [bool(xp(r, "w:rPr/w:b")) for r in runs] == [True, False, False]
    assert [bool(xp(r, "w:rPr/w:i")) for r in runs] == [False, True, False]
    assert ["".join(xp(r, "w:t/text()")) for r in runs] == ["粗", "斜", "常"]


def test_explicit_alignment_and_page_break_before_the_next_paragraph():
    data, _ = render([para("居中", align="center"), PageBreak(), para("下一页")])
    body = body_of(data)
    assert xp(body, "w:p[1]/w:pPr/w:jc/@w:val") == ["center"]
    assert len(xp(body, "w:p")) == 2, "no paragraph of its own for the break"
    assert xp(body, "w:p[2]/w:pPr/w:pageBreakBefore") and not xp(body, "//w:br[@w:type='page']")
    assert xp(body, "string(w:p[2])") == "下一页"


# -- tables ----------------------------------------------------------------------------------


def test_rowspan_and_colspan_become_vmerge_and_gridspan():
    data, _ = render([merged_table()])
    body = body_of(data)
    caption, tbl = body[0], body[1]
    assert xp(caption, "w:pPr/w:pStyle/@w:val") == ["Caption"]
    assert xp(caption, "string(.)") == "表1 合并单元格"
    assert tbl.tag == w("tbl")
    widths = [int(v) for v in xp(tbl, "w:tblGrid/w:gridCol/@w:w")]
    assert widths == column_widths([1, 2, 2], TEXT_WIDTH) and sum(widths) == TEXT_WIDTH  # the table's own
    row1, row2 = xp(tbl, "w:tr")
    # row 1: A (vMerge restart) and B (gridSpan 2, covered column absent)
    a, b = xp(row1, "w:tc")
    assert xp(a, "w:tcPr/w:vMerge/@w:val") == ["restart"]
    assert xp(a, "string(.)") == "A"
    assert xp(b, "w:tcPr/w:gridSpan/@w:val") == ["2"]
    assert int(xp(b, "string(w:tcPr/w:tcW/@w:w)")) == widths[1] + widths[2]
    # row 2: a covered cell under A stays in the row, bare vMerge and an empty paragraph
    covered, c, d = xp(row2, "w:tc")
    vmerge = xp(covered, "w:tcPr/w:vMerge")
    assert len(vmerge) == 1 and vmerge[0].get(w("val")) is None
    assert len(xp(covered, "w:p")) == 1 and xp(covered, "string(.)") == ""
    assert [xp(x, "string(.)") for x in (c, d)] == ["C", "D"]
    assert xp(d, "w:p/w:pPr/w:jc/@w:val") == ["right"]
    # every row covers the whole grid
    for tr in (row1, row2):
        spans = [int(s) if s else 1 for s in (xp(tc, "string(w:tcPr/w:gridSpan/@w:val)")
                                             for tc in xp(tr, "w:tc"))]
        assert sum(spans) == 3


def test_header_rows_repeat_short_rows_do_not_split_and_tall_ones_may():
    long = "因项目内容变更，" * 60
    rows = [[cell("项目"), cell("金额")], [cell("合计"), cell("1")], [cell("办案"), cell(long)]]
    data, _ = render([Table(rows, widths=[1, 1], header_rows=1)])
    trs = xp(body_of(data), "w:tbl/w:tr")
    assert [bool(xp(tr, "w:trPr/w:tblHeader")) for tr in trs] == [True, False, False]
    assert [bool(xp(tr, "w:trPr/w:cantSplit")) for tr in trs] == [True, True, False]
    assert all(xp(tr, "w:tc/w:p/w:r/w:rPr/w:b") for tr in trs[:1])
    assert not any(xp(tr, "w:tc/w:p/w:r/w:rPr/w:b") for tr in trs[1:])


def test_table_borders_layout_and_vertical_centring():
    data, _ = render([merged_table()])
    tbl = xp(body_of(data), "w:tbl")[0]
    sides = xp(tbl, "w:tblPr/w:tblBorders/*")
    assert [s.tag.split("}")[1] for s in sides] == ["top", "left", "bottom", "right", "insideH",
                                                    "insideV"]
    assert {s.get(w("val")) for s in sides} == {"single"}
    assert xp(tbl, "w:tblPr/w:tblLayout/@w:type") == ["fixed"]
    assert set(xp(tbl, ".//w:tc/w:tcPr/w:vAlign/@w:val")) == {"center"}
    assert set(xp(tbl, ".//w:tc/w:p/w:pPr/w:pStyle/@w:val")) == {"TableText"}


def test_vertical_labels_are_vertical_text_not_one_character_per_line():
    rows = [[Cell([para("绩效指标")], vertical=True, rowspan=2), cell("产出")], [cell("效益")]]
    data, _ = render([Table(rows)])
    tbl = xp(body_of(data), "w:tbl")[0]
    origin, covered = xp(tbl, "w:tr/w:tc[1]")
    assert xp(origin, "w:tcPr/w:textDirection/@w:val") == ["tbRlV"]
    assert xp(covered, "w:tcPr/w:textDirection/@w:val") == ["tbRlV"]
    assert xp(origin, "string(.)") == "绩效指标" and not xp(origin, ".//w:br")
    # the label's column is one character wide, the text column takes the rest
    first, second = (int(v) for v in xp(tbl, "w:tblGrid/w:gridCol/@w:w"))
    assert first < 700 < second


def test_form_tables_use_their_style_and_body_size_tables_are_larger():
    rows = [[cell("项目名称"), cell("电力系统维修")]]
    data, _ = render([Table(rows, widths=[1, 2], style="form"),
                      Table(rows, widths=[1, 2], font_size="body")])
    p = parts(data)
    form, report = xp(p["word/document.xml"], "//w:tbl")
    assert set(xp(form, ".//w:p/w:pPr/w:pStyle/@w:val")) == {"FormTableText"}
    assert set(xp(report, ".//w:r/w:rPr/w:sz/@w:val")) == {"32"}
    size = {sid: xp(style(p["word/styles.xml"], sid), "string(w:rPr/w:sz/@w:val)")
            for sid in ("TableText", "FormTableText")}
    assert size == {"TableText": "21", "FormTableText": "18"}  # 五号, the convention for 公文 tables; forms 小五
    # two adjacent tables get a paragraph between them, and the body does not end with a table
    kinds = [el.tag.split("}")[1] for el in body_of(data)]
    assert kinds == ["tbl", "p", "tbl", "p", "sectPr"]


def test_a_broken_table_is_reported_not_fatal():
    rows = [[cell("a", colspan=3)]]  # three columns in a two-column table
    data, ctx = render([Table(rows, caption="表X", widths=[1, 1]), para("之后")])
    assert [f.code for f in ctx.warnings] == ["E-DOCX-TABLE"]
    assert "表X" in ctx.warnings[0].message
    assert not xp(body_of(data), "w:tbl")
    assert xp(body_of(data), "string(w:p[1])") == "之后"


def test_column_widths_are_proportional_and_exact():
    assert column_widths([1, 1, 1], 100) == [34, 33, 33]
    assert column_widths([1, 3], 8845) == [2211, 6634]
    assert sum(column_widths([3, 7, 2, 2, 5], TEXT_WIDTH)) == TEXT_WIDTH


# -- page setup ------------------------------------------------------------------------------


def test_page_is_a4_with_gbt9704_mirrored_margins_and_line_grid():
    p = parts(render([para("x")])[0])
    sect = xp(p["word/document.xml"], "//w:body/w:sectPr")[0]
    assert xp(sect, "w:pgSz/@w:w") == ["11906"] and xp(sect, "w:pgSz/@w:h") == ["16838"]
    mar = xp(sect, "w:pgMar")[0]
    assert {k: mar.get(w(k)) for k in ("top", "bottom", "left", "right", "footer")} == {
        "top": "2098", "bottom": "1984", "left": "1587", "right": "1474", "footer": "1304"}
    assert xp(sect, "w:docGrid/@w:type") == ["lines"]
    assert xp(sect, "w:docGrid/@w:linePitch") == ["579"]
    assert xp(p["word/settings.xml"], "w:mirrorMargins")


def test_page_numbers_are_page_fields_on_alternating_sides():
    data, _ = render([para("x")])
    p = parts(data)
    sect = xp(p["word/document.xml"], "//w:body/w:sectPr")[0]
    rels = {r.get("Id"): r.get("Target") for r in p["word/_rels/document.xml.rels"]}
    targets = {ref.get(w("type")): "word/" + rels[ref.get(
        "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")]
        for ref in xp(sect, "w:footerReference")}
    assert set(targets) == {"default", "even"}
    assert xp(p["word/settings.xml"], "w:evenAndOddHeaders")
    for kind, align, side in (("default", "right", "rightChars"), ("even", "left", "leftChars")):
        footer = p[targets[kind]]
        assert xp(footer, "string(//w:instrText)").strip() == "PAGE"
        assert xp(footer, "//w:fldChar/@w:fldCharType") == ["begin", "separate", "end"]
        texts = xp(footer, "//w:t/text()")
        assert texts[0] == "— " and texts[-1] == " —"
        assert xp(footer, "//w:p/w:pPr/w:jc/@w:val") == [align]
        assert xp(footer, f"//w:p/w:pPr/w:ind/@w:{side}") == ["100"]
    number = style(p["word/styles.xml"], "FooterPageNumber")
    assert xp(number, "w:rPr/w:rFonts/@w:eastAsia") == ["宋体"]
    assert xp(number, "w:rPr/w:sz/@w:val") == ["28"]


# -- package ---------------------------------------------------------------------------------


def test_output_is_byte_identical_and_dated_from_source_date_epoch(monkeypatch):
    children = [para("标题", "title"), Heading(1, [Text("概况")], "一、"), merged_table()]
    first, _ = render(children)
    second, _ = render(children)
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert z.namelist()[0] == "[Content_Types].xml"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1735689600")  # 2025-01-01T00:00:00Z
    dated, _ = render(children)
    assert dated != first
    assert dated == render(children)[0]
    props = docx.Document(io.BytesIO(dated)).core_properties
    assert props.created.isoformat().startswith("2025-01-01T00:00:00")
    assert props.modified == props.created


def test_output_opens_again_with_python_docx():
    data, _ = render([para("报告标题", "title"), Heading(1, [Text("概况")], "一、"), para("正文内容"),
                      merged_table()], title="平塘县人民法院自评报告")
    doc = docx.Document(io.BytesIO(data))
    assert [q.text for q in doc.paragraphs][:4] == ["报告标题", "一、概况", "正文内容", "表1 合并单元格"]
    assert doc.paragraphs[1].style.name == "Heading 1"
    assert len(doc.tables) == 1 and doc.tables[0].cell(1, 2).text == "D"
    props = doc.core_properties
    assert props.title == "平塘县人民法院自评报告"
    assert props.last_modified_by == "reportgen" and props.revision == 1


def test_body_of_the_reference_document_is_replaced(tmp_path: Path):
    ref = docx.Document(io.BytesIO(default_reference_docx()))
    ref.add_paragraph("模板里的旧内容")
    path = tmp_path / "court.docx"
    ref.save(str(path))
    data, ctx = render([para("新内容")], reference_doc=path)
    assert ctx.warnings == []
    assert xp(body_of(data), "string(.)") == "新内容"
    assert xp(body_of(data), "*[last()]")[0].tag == w("sectPr")


# -- a court's own reference document --------------------------------------------------------


def _reference_without(tmp_path: Path, *style_ids: str) -> Path:
    ref = docx.Document(io.BytesIO(default_reference_docx()))
    root = ref.styles.element
    for sid in style_ids:
        for st in xp(root, f"w:style[@w:styleId='{sid}']"):
            root.remove(st)
    path = tmp_path / "court-reference.docx"
    ref.save(str(path))
    return path


def test_a_missing_style_is_a_warning_and_falls_back(tmp_path: Path):
    path = _reference_without(tmp_path, "Heading2", "Caption")
    children = [Heading(2, [Text("部门职能")], "（一）"), Heading(2, [Text("第二个")], "（二）"),
                merged_table()]
    data, ctx = render(children, reference_doc=path)
    codes = [f.code for f in ctx.warnings]
    assert codes == ["W-DOCX-STYLE", "W-DOCX-STYLE"], "one warning per missing style"
    messages = " ".join(f.message for f in ctx.warnings)
    assert "2级标题" in messages and "表格标题" in messages
    assert all(f.location.file == str(path) for f in ctx.warnings)
    heading = xp(body_of(data), "w:p[1]")[0]
    assert xp(heading, "w:pPr/w:pStyle/@w:val") == ["BodyText"]
    assert xp(heading, "w:pPr/w:outlineLvl/@w:val") == ["1"], "still in the navigation pane"
    assert xp(body_of(data), "w:p[3]/w:pPr/w:pStyle/@w:val") == ["BodyText"]


def test_styles_are_found_by_name_when_word_localised_their_ids(tmp_path: Path):
    ref = docx.Document(io.BytesIO(default_reference_docx()))
    st = xp(ref.styles.element, "w:style[@w:styleId='Heading1']")[0]
    st.set(w("styleId"), "1")  # as a Chinese Word saves heading 1
    path = tmp_path / "zh-word.docx"
    ref.save(str(path))
    data, ctx = render([Heading(1, [Text("概况")], "一、")], reference_doc=path)
    assert ctx.warnings == []
    assert xp(body_of(data), "w:p/w:pPr/w:pStyle/@w:val") == ["1"]


def test_an_unreadable_reference_falls_back_to_the_built_in_one(tmp_path: Path):
    bad = tmp_path / "broken.docx"
    bad.write_bytes(b"not a zip")
    data, ctx = render([Heading(1, [Text("概况")], "一、")], reference_doc=bad)
    assert [f.code for f in ctx.warnings] == ["W-DOCX-REFERENCE"]
    assert xp(body_of(data), "w:p/w:pPr/w:pStyle/@w:val") == ["Heading1"]


def test_unknown_paragraph_style_is_warned_and_rendered_as_body():
    data, ctx = render([para("x", "sidebar")])
    assert [f.code for f in ctx.warnings] == ["W-DOCX-STYLE"]
    assert "sidebar" in ctx.warnings[0].message
    assert xp(body_of(data), "w:p/w:pPr/w:pStyle/@w:val") == ["BodyText"]


def test_the_built_in_reference_is_deterministic_and_drops_japanese_parts():
    data = default_reference_docx()
    default_reference_docx.cache_clear()
    assert default_reference_docx() == data
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert "word/stylesWithEffects.xml" not in names
    assert "docProps/thumbnail.jpeg" not in names


@pytest.mark.parametrize("level", [0, 7])
def test_out_of_range_heading_levels_are_clamped(level: int):
    data, _ = render([Heading(level, [Text("x")])])
    expected = "Heading1" if level < 1 else "Heading4"
    assert xp(body_of(data), "w:p/w:pPr/w:pStyle/@w:val") == [expected]


def test_tables_stay_together_only_where_they_fit_on_the_page():
    short = Table([[cell("h", header=True)]] + [[cell(str(i))] for i in range(5)], header_rows=1)
    long = Table([[cell("h", header=True)]] + [[cell(str(i))] for i in range(40)] + [[cell("合计")]],
                 header_rows=1, total_rows=1)
    data, _ = render([short, long])
    first, second = xp(parts(data)["word/document.xml"], "//w:tbl")

    def kept(tbl):
        return [bool(xp(tr, ".//w:p/w:pPr/w:keepNext")) for tr in xp(tbl, "w:tr")]

    assert kept(first) == [True] * 5 + [False]  # every row but the last: one page
    # too long for what is left of the page: the header with the first body row, the total with the one before
    assert kept(second) == [True, True] + [False] * 38 + [True, False]


def test_figures_set_the_minimum_width_of_their_column():
    figures = ["243313.19元", "2023年12月31日", "≥5000", "100.00%"]
    rows = [[cell("说明"), *(cell("值") for _ in figures)],
            [cell("很长的说明文字" * 30), *(cell(f) for f in figures)]]
    data, _ = render([Table(rows, header_rows=1)])
    tbl = xp(body_of(data), "w:tbl")[0]
    widths = [int(v) for v in xp(tbl, "w:tblGrid/w:gridCol/@w:w")]
    assert sum(widths) == TEXT_WIDTH
    em = 210  # 五号 in twips
    for figure, width in zip(figures, widths[1:], strict=True):
        assert width - 2 * CELL_MARGIN >= text_em(figure) * em, figure
    assert widths[0] > max(widths[1:]), "the long text takes what the figures leave"


def test_a_court_s_widths_never_break_a_figure():
    rows = [[cell("说明"), cell("金额")], [cell("文字"), cell("1,354,628.00元")]]
    data, _ = render([Table(rows, widths=[95, 5], header_rows=1)])
    first, second = (int(v) for v in xp(body_of(data), "w:tbl/w:tblGrid/w:gridCol/@w:w"))
    assert second - 2 * CELL_MARGIN >= text_em("1,354,628.00元") * 210
    assert first > second  # otherwise the court's proportions


def test_punctuation_that_latin_fonts_share_carries_the_east_asian_hint():
    data, _ = render([Paragraph([Text("“优”"), Text("无引号")])])
    first, second = xp(body_of(data), "w:p/w:r")
    assert xp(first, "w:rPr/w:rFonts/@w:hint") == ["eastAsia"]
    assert not xp(second, "w:rPr/w:rFonts")


def test_the_sentence_that_introduces_a_table_stays_with_it():
    intro, later = para("具体如下表："), para("表后的段落。")
    table = Table([[cell("h", header=True)], [cell("1")]], widths=[1], header_rows=1)
    body = body_of(render([intro, table, later])[0])
    first, last = xp(body, "w:p")[0], xp(body, "w:p")[-1]
    assert xp(first, "w:pPr/*[1]/self::w:pStyle") and xp(first, "w:pPr/*[2]/self::w:keepNext")
    assert not xp(last, "w:pPr/w:keepNext")


def test_zip_members_read_back_as_written():
    """Our zip writer (members deflated once, reused across documents) gives archives that zipfile,
    and so Word's and LibreOffice's readers, take as written: names, bytes, dates and modes."""
    from reportgen.builders.docx.package import ZIP_DATE, deflate, zip_members

    parts = [("[Content_Types].xml", b"<Types/>"), ("word/document.xml", "<w:t>正文</w:t>".encode() * 500),
             ("empty.bin", b"")]
    archive = zip_members(deflate(name, blob) for name, blob in parts)
    with zipfile.ZipFile(io.BytesIO(archive)) as z:
        assert z.testzip() is None
        assert [(i.filename, z.read(i), i.date_time, i.external_attr >> 16, i.compress_type) for i in z.infolist()] == \
            [(name, blob, ZIP_DATE, 0o644, zipfile.ZIP_DEFLATED) for name, blob in parts]
    assert zip_members(deflate(name, blob) for name, blob in parts) == archive


def test_core_dates_come_from_the_document_and_app_properties_claim_nothing_false(monkeypatch):
    import datetime

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1735689600")  # the data's date wins over it
    doc = Document("平塘县人民法院2024年度项目支出绩效目标自评表", [para("x")], date=datetime.date(2025, 1, 23))
    data = DocxBuilder(BuildContext()).render(doc)
    props = docx.Document(io.BytesIO(data)).core_properties
    assert props.created.isoformat().startswith("2025-01-23") and props.modified == props.created
    assert props.title == doc.title
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        app = etree.fromstring(z.read("docProps/app.xml"))
        settings = etree.fromstring(z.read("word/settings.xml"))
    ns = "{http://schemas.openxmlformats.org/officeDocument/2006/extended-properties}"
    assert app.findtext(f"{ns}Application") == "reportgen"
    assert app.find(f"{ns}Pages") is None and app.find(f"{ns}Words") is None
    assert xp(settings, "w:compat/w:compatSetting[@w:name='compatibilityMode']/@w:val") == ["15"]


def test_styles_are_trimmed_to_those_used_but_a_court_s_reference_keeps_its_own(tmp_path: Path):
    styles = parts(render([para("x")])[0])["word/styles.xml"]
    ids = set(xp(styles, "w:style/@w:styleId"))
    ours = {spec.style_id for spec in STYLE_SPECS}
    assert ours <= ids and ids - ours == {"Normal", "Footer", "FooterChar", "DefaultParagraphFont", "TableNormal",
                                          "NoList"}
    ref = docx.Document(io.BytesIO(default_reference_docx()))
    ref.styles.add_style("本院备注", docx.enum.style.WD_STYLE_TYPE.PARAGRAPH)
    path = tmp_path / "court.docx"
    ref.save(str(path))
    court = parts(render([para("x")], reference_doc=path)[0])["word/styles.xml"]
    assert "本院备注" in xp(court, "w:style/w:name/@w:val")


def test_a_label_merged_down_from_the_header_starts_in_the_body():
    """绩效指标 spans the repeated header row and the body: on a continuation page the repeated header
    would draw it again over the labels below, so the merge starts in the first body row."""
    import json

    from reportgen.markup.directives import table as table_directive

    spec = {"header_rows": 1, "rows": [
        [{"text": "绩效指标", "rowspan": 3, "vertical": True}, {"text": "一级指标", "header": True}],
        [{"text": "产出指标"}], [{"text": "效益指标"}]]}
    (node,) = table_directive("", json.dumps(spec, ensure_ascii=False))
    body = body_of(render([node])[0])
    header, first, second = xp(body, "w:tbl/w:tr")
    assert xp(header, "w:trPr/w:tblHeader")
    assert not xp(header, ".//w:vMerge") and xp(header, "string(w:tc[1])") == ""
    assert xp(first, "w:tc[1]/w:tcPr/w:vMerge/@w:val") == ["restart"] and xp(first, "string(w:tc[1])") == "绩效指标"
    assert xp(second, "w:tc[1]/w:tcPr/w:vMerge") and not xp(second, "w:tc[1]/w:tcPr/w:vMerge/@w:val")
