"""The whole pipeline on the reference courts: determinism, structure of both outputs, escaping,
template overrides, template errors with atomic writes, and the command line."""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest
from conftest import CONTENT, REPO
from lxml import etree
from lxml import html as lxml_html

from reportgen import doctree as dt
from reportgen import markup
from reportgen.build import build_court, render_markdown
from reportgen.documents import documents_for
from reportgen.findings import InputError
from reportgen.loader import load
from reportgen.scoring import score_year

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
DOCS = [("lanzhou-xinqu", "report"), ("lanzhou-xinqu", "forms"), ("pingtang", "forms"),
        ("example-tribunal", "declaration")]
DOC_IDS = [f"{s}-{k}" for s, k in DOCS]
SCRIPT = "<script>alert(1)</script>"
CLI_TIMEOUT = 120


def w(name: str) -> str:
    return f"{{{W}}}{name}"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def copy_court(tmp_path: Path, slug: str) -> Path:
    """A private copy of a reference court under tmp_path/content/; returns the content root."""
    content = tmp_path / "content"
    shutil.copytree(CONTENT / slug, content / slug)
    return content


def tree_of(content: Path, slug: str, kind: str) -> dt.Document:
    cy = load(content, slug, None)
    scores = score_year(cy)
    spec = next(s for s in documents_for(cy) if s.kind == kind)
    return markup.parse(render_markdown(cy, scores, spec, set()), title=spec.title, kind=kind,
                        source_name=spec.template, warnings=[])


def document_xml(path: Path) -> etree._Element:
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read("word/document.xml"))


def docx_text(path: Path) -> list[str]:
    """Every paragraph text of the DOCX, in body paragraphs and in table cells (python-docx)."""
    d = docx.Document(str(path))
    texts = [p.text for p in d.paragraphs]
    for table in d.tables:
        for tc in table._tbl.iter(w("tc")):
            texts += ["".join(t.text or "" for t in p.iter(w("t"))) for p in tc.iter(w("p"))]
    return texts


def html_doc(path: Path) -> lxml_html.HtmlElement:
    return lxml_html.document_fromstring(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each reference court built once; maps "<court>-<kind>" to the output path without extension."""
    root = tmp_path_factory.mktemp("build")
    paths: dict[str, Path] = {}
    for slug in sorted({s for s, _ in DOCS}):
        result = build_court(CONTENT, slug, None, root)
        for p in result.written:
            paths[f"{slug}-{p.stem}"] = p.with_suffix("")
    return paths


@pytest.fixture(autouse=True)
def _no_source_date_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)


# ── determinism ──────────────────────────────────────────────────────────────


@pytest.mark.parametrize("slug", ["lanzhou-xinqu", "pingtang", "example-tribunal"])
def test_two_builds_are_byte_identical(tmp_path, slug):
    first = build_court(CONTENT, slug, None, tmp_path / "a")
    second = build_court(CONTENT, slug, None, tmp_path / "b")
    names = sorted(p.relative_to(tmp_path / "a").as_posix() for p in first.written)
    assert names == sorted(p.relative_to(tmp_path / "b").as_posix() for p in second.written)
    assert {Path(n).suffix for n in names} == {".docx", ".html"}
    for name in names:
        assert sha256(tmp_path / "a" / name) == sha256(tmp_path / "b" / name), name


def test_zip_entries_have_fixed_dates(outputs):
    with zipfile.ZipFile(outputs["pingtang-forms"].with_suffix(".docx")) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert z.testzip() is None


# ── DOCX structure ───────────────────────────────────────────────────────────

HEADING_NUMBER = {1: r"[一二三四五六七八九十]+、", 2: r"（[一二三四五六七八九十]+）", 3: r"\d+\.", 4: r"（\d+）"}


def test_docx_headings(outputs):
    path = outputs["lanzhou-xinqu-report"].with_suffix(".docx")
    d = docx.Document(str(path))
    headings = [(p.style.name, p.text) for p in d.paragraphs if p.style.name.startswith("Heading")]
    tree = tree_of(CONTENT, "lanzhou-xinqu", "report")
    assert headings == [(f"Heading {h.level}", h.plain) for h in tree.children if isinstance(h, dt.Heading)]
    assert {name for name, _ in headings} == {"Heading 1", "Heading 2", "Heading 3", "Heading 4"}
    for name, text in headings:
        level = int(name[-1])
        assert re.match(HEADING_NUMBER[level], text), (name, text)
    assert headings[0] == ("Heading 1", "一、基本情况")
    assert ("Heading 2", "（二）法庭运维费") in headings
    assert ("Heading 3", "3.各项指标完成情况分析") in headings
    assert ("Heading 4", "（4）满意度指标") in headings
    titles = [p.text for p in d.paragraphs if p.style.name == "Title"]
    assert titles == ["兰州新区人民法院2024年度", "预算执行情况自评报告"]


def expected_docx_rows(table: dt.Table) -> list[list[tuple[int, str | None, str]]]:
    """Per row, the w:tc elements Word needs: (gridSpan, vMerge, text of the origin or "")."""
    rows = []
    for _r, row in enumerate(dt.expand_grid(table)):
        cells, c = [], 0
        while c < len(row):
            slot = row[c]
            merge = None
            if slot.cell.rowspan > 1:
                merge = "restart" if slot.origin else "continue"
            cells.append((slot.cell.colspan, merge, "".join(slot.cell.plain.split("\n")) if slot.origin else ""))
            c += slot.cell.colspan
        rows.append(cells)
    return rows


def actual_docx_rows(tbl: etree._Element) -> list[list[tuple[int, str | None, str]]]:
    rows = []
    for tr in tbl.findall(w("tr")):
        cells = []
        for tc in tr.findall(w("tc")):
            span = tc.find(f"{w('tcPr')}/{w('gridSpan')}")
            vmerge = tc.find(f"{w('tcPr')}/{w('vMerge')}")
            merge = None if vmerge is None else vmerge.get(w("val"), "continue")
            text = "".join(t.text or "" for t in tc.iter(w("t")))
            cells.append((1 if span is None else int(span.get(w("val"))), merge, text))
        rows.append(cells)
    return rows


@pytest.mark.parametrize(("slug", "kind"), DOCS, ids=DOC_IDS)
def test_docx_tables_and_merged_cells(outputs, slug, kind):
    path = outputs[f"{slug}-{kind}"].with_suffix(".docx")
    tables = [b for b in tree_of(CONTENT, slug, kind).children if isinstance(b, dt.Table)]
    assert len(docx.Document(str(path)).tables) == len(tables)
    tbls = document_xml(path).iter(w("tbl"))
    merges = 0
    for table, tbl in zip(tables, tbls, strict=True):
        assert len(tbl.findall(f"{w('tblGrid')}/{w('gridCol')}")) == table.ncols
        expected = expected_docx_rows(table)
        assert actual_docx_rows(tbl) == expected
        merges += sum(1 for row in expected for span, merge, _ in row if span > 1 or merge)
        header_rows = [tr.find(f"{w('trPr')}/{w('tblHeader')}") is not None for tr in tbl.findall(w("tr"))]
        assert header_rows == [r < table.header_rows for r in range(len(table.rows))]
    assert merges > 0, "every reference document has merged cells"


def test_docx_table_counts(outputs):
    counts = {doc_id: len(docx.Document(str(outputs[doc_id].with_suffix(".docx"))).tables) for doc_id in DOC_IDS}
    # report: 部门 summary + 3 groups, then per project summary + 4 groups; forms: 2 per project
    assert counts == {"lanzhou-xinqu-report": 14, "lanzhou-xinqu-forms": 4, "pingtang-forms": 20,
                      "example-tribunal-declaration": 4}


# ── HTML structure and safety ────────────────────────────────────────────────


@pytest.mark.parametrize(("slug", "kind"), DOCS, ids=DOC_IDS)
def test_html_tables_and_spans(outputs, slug, kind):
    page = html_doc(outputs[f"{slug}-{kind}"].with_suffix(".html"))
    tables = [b for b in tree_of(CONTENT, slug, kind).children if isinstance(b, dt.Table)]
    html_tables = page.xpath("//table")
    assert len(html_tables) == len(tables)
    for table, el in zip(tables, html_tables, strict=True):
        rows = el.xpath("./tr|./thead/tr|./tbody/tr")
        assert len(rows) == len(table.rows)
        for row, tr in zip(table.rows, rows, strict=True):
            cells = tr.xpath("./td|./th")
            assert [(int(c.get("rowspan", 1)), int(c.get("colspan", 1))) for c in cells] == \
                   [(c.rowspan, c.colspan) for c in row]
            assert [c.text_content() for c in cells] == ["".join(c.plain.split("\n")) for c in row]
        assert len(el.xpath("./colgroup/col")) == table.ncols
        if table.caption:
            assert el.xpath("string(./caption)") == table.caption


@pytest.mark.parametrize(("slug", "kind"), DOCS, ids=DOC_IDS)
def test_html_is_self_contained_and_script_free(outputs, slug, kind):
    raw = outputs[f"{slug}-{kind}"].with_suffix(".html").read_text(encoding="utf-8")
    page = lxml_html.document_fromstring(raw)
    csp = page.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")
    assert len(csp) == 1
    policy = {d.split()[0]: d.split()[1:] for d in csp[0].split(";") if d.strip()}
    assert policy["default-src"] == ["'none'"]
    assert policy.get("script-src", ["'none'"]) == ["'none'"], "scripts must fall back to default-src 'none'"
    assert "'unsafe-inline'" not in policy.get("script-src", [])
    assert page.xpath("//script") == [] and "<script" not in raw.lower()
    assert page.xpath("//@*[starts-with(name(), 'on')]") == []
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", raw), "no network resources"
    assert page.get("lang") == "zh-CN"
    assert page.xpath("//meta[@charset]/@charset") == ["utf-8"]
    form_title = {"pingtang": "项目支出绩效目标自评表"}.get(slug, "项目支出绩效自评表")  # the court's form_title
    assert page.xpath("string(//title)").endswith({"report": "预算执行情况自评报告", "forms": form_title,
                                                   "declaration": "绩效目标申报表"}[kind])
    for th in page.xpath("//th"):
        assert th.get("scope") in ("col", "row"), lxml_html.tostring(th, encoding="unicode")


def test_html_report_tables_have_thead_with_column_headers(outputs):
    page = html_doc(outputs["lanzhou-xinqu-report"].with_suffix(".html"))
    tables = page.xpath("//table")
    assert len(tables) == 14
    for table in tables:
        heads = table.xpath("./thead/tr/th")
        assert [th.get("scope") for th in heads] == ["col"] * len(heads) and heads
        assert table.xpath("./thead/tr/td") == []
        assert table.xpath("./tbody/tr")
    h = [(int(e.tag[1]) - 1, e.text_content()) for e in page.xpath("//main/*[self::h2 or self::h3 or self::h4 "
                                                                   "or self::h5]")]
    tree = tree_of(CONTENT, "lanzhou-xinqu", "report")
    assert h == [(b.level, b.plain) for b in tree.children if isinstance(b, dt.Heading)]


def test_html_form_tables_have_a_thead_and_the_label_starts_in_the_body(outputs):
    """The vertical 绩效指标 label spanned from the header row into the body: it now starts in the
    first body row (doctree.close_header), so the header row is a <thead> repeated on each printed page."""
    page = html_doc(outputs["pingtang-forms"].with_suffix(".html"))
    indicator_tables = page.xpath("//table[.//th[normalize-space()='一级指标']]")
    assert len(indicator_tables) == 10
    for table in indicator_tables:
        assert table.xpath("./thead/tr/th[normalize-space()='一级指标']")
        first = table.xpath("./tbody/tr[1]/th")
        assert first[0].get("rowspan") and first[0].text_content() == "绩效指标"


def test_html_form_column_labels_are_column_headers(outputs):
    page = html_doc(outputs["pingtang-forms"].with_suffix(".html"))
    labels = page.xpath("//th[normalize-space()='年初预算数' or normalize-space()='全年预算数（A）']")
    assert labels
    assert {th.get("scope") for th in labels} == {"col"}


# ── a <script> in a clerk's text ─────────────────────────────────────────────


@pytest.mark.parametrize(("slug", "text_file", "kind"), [
    ("pingtang", "2024/text/dianli-xitong-weixiu-gaizao-conclusion.md", "forms"),  # a table cell
    ("lanzhou-xinqu", "2024/text/scope.md", "report"),  # a body paragraph, through markdown-it
], ids=["table-cell", "markdown-paragraph"])
def test_script_in_text_is_escaped(tmp_path, slug, text_file, kind):
    content = copy_court(tmp_path, slug)
    path = content / slug / text_file
    path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + f"\n\n{SCRIPT}\n", encoding="utf-8")
    result = build_court(content, slug, None, tmp_path / "out")
    out = {p.name: p for p in result.written}

    raw = out[f"{kind}.html"].read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in raw
    assert "<script" not in raw.lower()
    page = lxml_html.document_fromstring(raw)
    assert page.xpath("//script") == []
    assert any(SCRIPT in e.text_content() for e in page.xpath("//p|//td|//th"))

    texts = docx_text(out[f"{kind}.docx"])
    assert any(SCRIPT in t for t in texts), "the text reaches Word literally"
    with zipfile.ZipFile(out[f"{kind}.docx"]) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in xml
    assert not [e for e in etree.fromstring(xml.encode()).iter() if etree.QName(e).localname == "script"]


# ── templates: court overrides, extends, errors ──────────────────────────────

OTHER = "report/06-other.md.j2"


def _section_after(doc: dt.Document, heading: str) -> list[str]:
    i = next(i for i, b in enumerate(doc.children) if isinstance(b, dt.Heading) and b.plain.endswith(heading))
    texts = []
    for b in doc.children[i + 1:]:
        if isinstance(b, dt.Heading):
            break
        if isinstance(b, dt.Paragraph):
            texts.append(b.plain)
    return texts


def _used_templates(content: Path, slug: str, kind: str) -> set[Path]:
    cy = load(content, slug, None)
    spec = next(s for s in documents_for(cy) if s.kind == kind)
    used: set[Path] = set()
    render_markdown(cy, score_year(cy), spec, used)
    return {p.resolve() for p in used}


def test_court_template_overrides_the_default(tmp_path):
    content = copy_court(tmp_path, "lanzhou-xinqu")
    override = content / "lanzhou-xinqu" / "templates" / OTHER
    override.parent.mkdir(parents=True)
    override.write_text("# 其他需要说明的问题\n\n本院另行说明：{{ court.name }}无其他需要说明的问题。\n", encoding="utf-8")

    assert _section_after(tree_of(CONTENT, "lanzhou-xinqu", "report"), "其他需要说明的问题") == ["无。"]
    tree = tree_of(content, "lanzhou-xinqu", "report")
    assert _section_after(tree, "其他需要说明的问题") == ["本院另行说明：兰州新区人民法院无其他需要说明的问题。"]
    used = _used_templates(content, "lanzhou-xinqu", "report")
    assert override.resolve() in used
    assert (REPO / "templates" / OTHER).resolve() not in used
    assert (REPO / "templates" / "report" / "05-results.md.j2").resolve() in used  # the others stay default

    result = build_court(content, "lanzhou-xinqu", None, tmp_path / "out")
    out = {p.name: p for p in result.written}
    assert "<h2>六、其他需要说明的问题</h2>\n<p>本院另行说明：兰州新区人民法院无其他需要说明的问题。</p>" in \
        out["report.html"].read_text(encoding="utf-8")
    assert docx.Document(str(out["report.docx"])).paragraphs[-1].text == "本院另行说明：兰州新区人民法院无其他需要说明的问题。"


def test_court_template_extends_the_builtin_one(tmp_path):
    """`{% extends "default/…" %}` under the same name reaches the built-in template (no recursion)."""
    content = copy_court(tmp_path, "lanzhou-xinqu")
    override = content / "lanzhou-xinqu" / "templates" / OTHER
    override.parent.mkdir(parents=True)
    override.write_text('{% extends "default/report/06-other.md.j2" %}\n', encoding="utf-8")
    year = content / "lanzhou-xinqu" / "2024" / "year.toml"
    year.write_text(year.read_text(encoding="utf-8").replace('other = ""', 'other = "经核实，{{ year }}年度无其他事项。"'),
                    encoding="utf-8")

    tree = tree_of(content, "lanzhou-xinqu", "report")
    assert _section_after(tree, "其他需要说明的问题") == ["经核实，2024年度无其他事项。"]
    used = _used_templates(content, "lanzhou-xinqu", "report")
    assert override.resolve() in used
    assert (REPO / "templates" / OTHER).resolve() in used


@pytest.mark.parametrize(("template", "source", "line"), [
    (OTHER, "# 其他需要说明的问题\n\n{{ no_such_variable }}\n", 3),
    ("forms/form.md.j2", "```{para} form-title\n项目支出绩效自评表\n```\n\n{{ p.name }}{{ no_such_variable }}\n", 5),
], ids=["report-chapter", "second-document"])
def test_undefined_variable_is_a_template_error_and_nothing_is_written(tmp_path, template, source, line):
    content = copy_court(tmp_path, "lanzhou-xinqu")
    override = content / "lanzhou-xinqu" / "templates" / template
    override.parent.mkdir(parents=True)
    override.write_text(source, encoding="utf-8")
    out_dir = tmp_path / "out" / "lanzhou-xinqu" / "2024"
    out_dir.mkdir(parents=True)
    good = out_dir / "report.html"
    good.write_bytes(b"previous good build")

    with pytest.raises(InputError) as info:
        build_court(content, "lanzhou-xinqu", None, tmp_path / "out")
    findings = info.value.findings
    assert [f.code for f in findings] == ["E-TEMPLATE"]
    loc = findings[0].location
    assert Path(loc.file).resolve() == override.resolve(), loc
    assert loc.line == line
    assert "no_such_variable" in findings[0].message
    # atomic: the whole build is rendered before anything is written
    assert sorted(p.name for p in out_dir.iterdir()) == ["report.html"]
    assert good.read_bytes() == b"previous good build"


# ── the command line ─────────────────────────────────────────────────────────


def run_cli(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "reportgen", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=CLI_TIMEOUT, check=False)


def test_cli_build_prints_the_paths_it_wrote(tmp_path):
    proc = run_cli("build", "pingtang", "-o", str(tmp_path))
    assert proc.returncode == 0, proc.stderr
    written = [Path(line.removeprefix("已生成 ").strip()) for line in proc.stdout.splitlines()]
    assert proc.stdout.splitlines() == [f"已生成 {p}" for p in written]
    base = tmp_path / "pingtang" / "2024"
    assert sorted(written) == [base / "forms.docx", base / "forms.html"]
    assert all(p.is_file() and p.stat().st_size > 1000 for p in written)
    assert "1 个错误，20 个警告" in proc.stderr  # the data findings are summarised, not fatal


def test_cli_build_html_only(tmp_path):
    proc = run_cli("--content", str(CONTENT), "build", "example-tribunal", "-b", "html", "-o", str(tmp_path))
    assert proc.returncode == 0, proc.stderr
    out = tmp_path / "example-tribunal" / "2025"
    assert proc.stdout.splitlines() == [f"已生成 {out / 'declaration.html'}"]
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == ["declaration.html"]


def test_cli_template_error_exits_2_and_names_the_file(tmp_path):
    content = copy_court(tmp_path, "pingtang")
    override = content / "pingtang" / "templates" / "forms" / "form.md.j2"
    override.parent.mkdir(parents=True)
    override.write_text("{{ p.name }}\n{{ p.nme }}\n", encoding="utf-8")
    proc = run_cli("--content", str(content), "build", "pingtang", "-o", str(tmp_path / "out"))
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert re.search(r"templates/forms/form\.md\.j2:2: 错误 E-TEMPLATE: .*nme", proc.stderr), proc.stderr
    assert "Traceback" not in proc.stderr
    assert not (tmp_path / "out").exists()


def test_a_court_brings_its_own_page_shell_and_style_sheet(tmp_path):
    """templates/html/page.html.j2 and style.css in a court's folder replace the built-in ones; a page
    template that fails is a warning and the built-in page is used."""
    import shutil

    from reportgen.build import build_court

    content = tmp_path / "content"
    shutil.copytree(CONTENT / "pingtang", content / "pingtang")
    shell = content / "pingtang" / "templates" / "html"
    shell.mkdir(parents=True)
    (shell / "style.css").write_text("body { color: #123456; }", encoding="utf-8")
    (shell / "page.html.j2").write_text("<!DOCTYPE html><html lang=\"{{ lang }}\"><head><title>{{ title }}</title>"
                                        "<style>{{ css }}</style></head><body><header>本院页眉</header>{{ body }}"
                                        "</body></html>", encoding="utf-8")
    result = build_court(content, "pingtang", None, tmp_path / "out", ("html",))
    page = result.written[0].read_text(encoding="utf-8")
    assert "<header>本院页眉</header>" in page and "color: #123456" in page and "243313.19" in page
    assert "@page" not in page  # the court's style sheet replaced the built-in one
    (shell / "page.html.j2").write_text("{{ body | nosuchfilter }}", encoding="utf-8")
    result = build_court(content, "pingtang", None, tmp_path / "out", ("html",))
    assert [f.code for f in result.findings if f.code == "W-HTML-TEMPLATE"] == ["W-HTML-TEMPLATE"]
    page = result.written[0].read_text(encoding="utf-8")
    assert "Content-Security-Policy" in page and "color: #123456" in page
    # a style sheet that is a folder (or a pipe, or not UTF-8) is read as any input: a warning, never a hang
    (shell / "style.css").unlink()
    (shell / "style.css").mkdir()
    (shell / "page.html.j2").unlink()
    result = build_court(content, "pingtang", None, tmp_path / "out", ("html",))
    (warning,) = [f for f in result.findings if f.code == "W-HTML-TEMPLATE"]
    assert "style.css" in warning.message and str(warning.location).endswith("style.css")
    assert "@page" in result.written[0].read_text(encoding="utf-8")


def test_a_court_page_shell_that_would_never_end_is_a_warning(tmp_path):
    """A court's page shell is bounded as the document templates are: a render that would grow
    without end is W-HTML-TEMPLATE, and the built-in page is used."""
    import shutil

    from reportgen.build import build_court

    content = tmp_path / "content"
    shutil.copytree(CONTENT / "pingtang", content / "pingtang")
    shell = content / "pingtang" / "templates" / "html"
    shell.mkdir(parents=True)
    (shell / "page.html.j2").write_text('{{ "x" * 10**10 }}{{ body }}', encoding="utf-8")
    result = build_court(content, "pingtang", None, tmp_path / "out", ("html",))
    assert [f.code for f in result.findings if f.code == "W-HTML-TEMPLATE"] == ["W-HTML-TEMPLATE"]
    page = result.written[0].read_text(encoding="utf-8")
    assert "Content-Security-Policy" in page and "243313.19" in page
