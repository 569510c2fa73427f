"""The WordprocessingML text layer: what it writes parses to the elements Word expects."""

from __future__ import annotations

import pytest
from docx.oxml.ns import qn

from reportgen.builders.docx import oxml


def parsed(text: str):
    return oxml.fragment(text)


@pytest.mark.parametrize("text", ["A&B <c> “引号” 5>3", "第一行\n\n第三行", "回车\r保留", "", "\n"])
def test_a_run_keeps_its_text_and_line_breaks(text):
    run = parsed(oxml.text_run(text, oxml.run_props(bold=True)))
    assert run.find(qn("w:rPr")).find(qn("w:b")) is not None
    pieces = []
    for child in run:
        if child.tag == qn("w:t"):
            pieces.append(child.text)
        elif child.tag == qn("w:br"):
            pieces.append("\n")
    assert "".join(pieces) == text


def test_east_asian_punctuation_gets_the_hint_whatever_the_run_properties():
    for rpr in ("", oxml.run_props(bold=True), oxml.run_props(oxml.Font("黑体"), 12)):
        fonts = parsed(oxml.text_run("“是”", rpr)).find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
        assert fonts is not None and fonts.get(qn("w:hint")) == "eastAsia"
    assert parsed(oxml.text_run("是", "")).find(qn("w:rPr")) is None


@pytest.mark.parametrize("ppr", ["", oxml.para_props("TableText"), oxml.para_props(align="center"),
                                 oxml.para_props("TableText", keep_next=True)])
def test_keep_with_next_comes_right_after_the_style(ppr):
    p = parsed(oxml.keep_with_next(oxml.paragraph(ppr, [oxml.text_run("文字")])))
    children = [c.tag for c in p.find(qn("w:pPr"))]
    expected = 1 if children[0] == qn("w:pStyle") else 0
    assert children.index(qn("w:keepNext")) == expected and children.count(qn("w:keepNext")) == 1
    assert p.find(f"{qn('w:r')}/{qn('w:t')}").text == "文字"


def test_attribute_values_are_quoted():
    font = parsed(oxml.font_entry('A "B" & <C>', None))
    assert font.get(qn("w:name")) == 'A "B" & <C>'
