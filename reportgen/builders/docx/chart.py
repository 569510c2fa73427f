"""A native Word chart (DrawingML, ECMA-376 Part 1 §21.2): a chart part and the inline drawing that shows it.

Word and LibreOffice draw it from the cached values in the part, with the document's fonts; no
picture to rasterise, no embedded workbook (Word then offers no "edit data", which a published
report does not need). The part's XML is text with fixed ids, so the same chart is the same bytes.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportgen.builders.docx import oxml
from reportgen.doctree import Chart

CHART_TYPE = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
CHART_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart"
EMU_PER_TWIP = 635
BAR_HEIGHT_EMU = 400_000  # about 11 mm a bar, axis and margins added
CHART_MARGIN_EMU = 500_000  # the axis and the margins
FONT = "黑体"
COLOUR = "4472C4"


@dataclass(frozen=True)
class ChartPart:
    """A part the document needs besides its body: name in the package, its bytes and how it is linked."""

    name: str  # word/charts/chart1.xml
    rel_id: str
    blob: bytes
    content_type: str = CHART_TYPE
    rel_type: str = CHART_REL

    @property
    def target(self) -> str:
        """The relationship target, relative to word/document.xml."""
        return self.name.removeprefix("word/")


def chart_part(chart: Chart, number: int) -> ChartPart:
    """The chart's part, the `number`-th of the document (from 1)."""
    return ChartPart(f"word/charts/chart{number}.xml", f"rIdChart{number}", _chart_xml(chart))


def chart_paragraph(chart: Chart, part: ChartPart, number: int, text_width: int, style: str | None) -> str:
    """A centred paragraph holding the chart, as wide as the text; single line spacing, since the
    body's exact spacing would clip a drawing. The document element binds w:, wp: and r:."""
    width = text_width * EMU_PER_TWIP
    height = BAR_HEIGHT_EMU * len(chart.bars) + CHART_MARGIN_EMU
    ppr = oxml.para_props(style, align="center", spacing=oxml.Spacing(before=120, after=0, line=240, rule="auto"),
                          indent=oxml.Indent(first_chars=0), keep_next=bool(chart.caption))
    drawing = (
        '<w:drawing xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
        'xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart">'
        f'<wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="{width}" cy="{height}"/>'
        '<wp:effectExtent l="0" t="0" r="0" b="0"/>'
        f'<wp:docPr id="{1000 + number}" name="图表 {number}" descr={oxml.quote(chart.caption)}/>'
        '<wp:cNvGraphicFramePr/><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart">'
        f'<c:chart r:id="{part.rel_id}"/></a:graphicData></a:graphic></wp:inline></w:drawing>')
    return oxml.paragraph(ppr, [f"<w:r>{drawing}</w:r>"])


def _text_props(size: int) -> str:
    """Chart text in the document's heading font (Chinese labels), `size` in hundredths of a point."""
    return (f'<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="{size}"><a:latin typeface="Times New Roman"/>'
            f'<a:ea typeface="{FONT}"/></a:defRPr></a:pPr><a:endParaRPr lang="zh-CN"/></a:p></c:txPr>')


def _chart_xml(chart: Chart) -> bytes:
    n = len(chart.bars)
    labels = "".join(f'<c:pt idx="{i}"><c:v>{oxml.escape(b.label)}</c:v></c:pt>' for i, b in enumerate(chart.bars))
    values = "".join(f'<c:pt idx="{i}"><c:v>{b.value}</c:v></c:pt>' for i, b in enumerate(chart.bars))
    no_line = "<c:spPr><a:ln><a:noFill/></a:ln></c:spPr>"
    xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" '
        'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<c:date1904 val="0"/><c:lang val="zh-CN"/><c:roundedCorners val="0"/>'
        '<c:chart><c:autoTitleDeleted val="1"/><c:plotArea><c:layout/>'
        '<c:barChart><c:barDir val="bar"/><c:grouping val="clustered"/><c:varyColors val="0"/>'
        '<c:ser><c:idx val="0"/><c:order val="0"/><c:tx><c:v>得分率</c:v></c:tx>'
        f'<c:spPr><a:solidFill><a:srgbClr val="{COLOUR}"/></a:solidFill></c:spPr><c:invertIfNegative val="0"/>'
        '<c:dLbls><c:numFmt formatCode="0.00&quot;%&quot;" sourceLinked="0"/><c:spPr><a:noFill/><a:ln><a:noFill/></a:ln>'
        f'</c:spPr>{_text_props(1050)}<c:dLblPos val="outEnd"/><c:showLegendKey val="0"/><c:showVal val="1"/>'
        '<c:showCatName val="0"/><c:showSerName val="0"/><c:showPercent val="0"/><c:showBubbleSize val="0"/></c:dLbls>'
        f'<c:cat><c:strRef><c:f>Sheet1!$A$2:$A${n + 1}</c:f><c:strCache><c:ptCount val="{n}"/>{labels}'
        '</c:strCache></c:strRef></c:cat>'
        f'<c:val><c:numRef><c:f>Sheet1!$B$2:$B${n + 1}</c:f><c:numCache><c:formatCode>0.00</c:formatCode>'
        f'<c:ptCount val="{n}"/>{values}</c:numCache></c:numRef></c:val></c:ser>'
        '<c:gapWidth val="60"/><c:axId val="1001"/><c:axId val="1002"/></c:barChart>'
        # categories top to bottom in reading order, the value axis kept below them
        '<c:catAx><c:axId val="1001"/><c:scaling><c:orientation val="maxMin"/></c:scaling><c:delete val="0"/>'
        '<c:axPos val="l"/><c:numFmt formatCode="General" sourceLinked="0"/><c:majorTickMark val="none"/>'
        f'<c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>{_text_props(1050)}<c:crossAx val="1002"/>'
        '<c:crosses val="autoZero"/><c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/>'
        '<c:noMultiLvlLbl val="0"/></c:catAx>'
        f'<c:valAx><c:axId val="1002"/><c:scaling><c:orientation val="minMax"/><c:max val="{chart.maximum}"/>'
        '<c:min val="0"/></c:scaling><c:delete val="0"/><c:axPos val="b"/>'
        '<c:majorGridlines><c:spPr><a:ln w="6350"><a:solidFill><a:srgbClr val="CCCCCC"/></a:solidFill></a:ln>'
        '</c:spPr></c:majorGridlines><c:numFmt formatCode="0" sourceLinked="0"/><c:majorTickMark val="none"/>'
        f'<c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>{no_line}{_text_props(900)}<c:crossAx val="1001"/>'
        '<c:crosses val="max"/><c:crossBetween val="between"/><c:majorUnit val="20"/></c:valAx>'
        '</c:plotArea><c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart>'
        '<c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>'
        '</c:chartSpace>'
    )
    return xml.encode("utf-8")
