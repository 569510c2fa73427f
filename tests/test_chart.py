"""The chart of the 一级指标 score rates: inline SVG in HTML, a native chart in DOCX, from one directive."""

from __future__ import annotations

import io
import re
import zipfile

from conftest import CONTENT
from lxml import etree

from reportgen import markup
from reportgen.build import build_court

C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"


def test_report_shows_the_rates_of_its_summary_table_in_both_formats(tmp_path):
    build_court(CONTENT, "lanzhou-xinqu", None, tmp_path)
    folder = tmp_path / "lanzhou-xinqu" / "2024"
    page = (folder / "report.html").read_text(encoding="utf-8")
    figure = re.search(r'<figure class="chart".*?</figure>', page, re.S)
    assert figure and "<script" not in page
    svg = figure.group(0)
    assert svg.index("<svg") < svg.index("</svg>") < svg.index("<figcaption")
    labels = re.findall(r'text-anchor="end" fill="#111">([^<]+)<', svg)
    assert labels == ["预算执行率", "部门管理", "履职效果", "能力建设"]
    widths = [float(w) for w in re.findall(r'<rect [^>]*width="([\d.]+)"', svg)]
    assert len(widths) == 4 and abs(widths[1] / widths[0] - 85.00 / 99.80) < 0.002
    with zipfile.ZipFile(io.BytesIO((folder / "report.docx").read_bytes())) as z:
        chart = etree.fromstring(z.read("word/charts/chart1.xml"))
    cats = [pt.findtext(f"{C}v") for pt in chart.find(f".//{C}cat").iter(f"{C}pt")]
    vals = [pt.findtext(f"{C}v") for pt in chart.find(f".//{C}val").iter(f"{C}pt")]
    assert cats == labels and vals == ["99.80", "85.00", "98.23", "90.00"]


def test_a_bad_chart_is_a_warning_with_its_line_not_a_crash():
    warnings: list = []
    doc = markup.parse('前文\n\n```{chart}\n{"bars": []}\n```\n', title="t", kind="report", source_name="x.md",
                       warnings=warnings)
    assert [w.code for w in warnings] == ["W-MARKUP"] and warnings[0].location.line == 3
    assert "图表数据有误" in warnings[0].message
    assert len(doc.children) == 1
