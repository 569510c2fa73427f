"""Property tests over whole courts: any valid court year renders in both formats, and any broken
one is refused with Chinese findings (file, line or field) — never a traceback.

The strategies build a court as plain data (court, year, department, projects), written as TOML or
JSON files with the same helper the other tests use; the invalid cases mutate that data or its text.
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import io
import json
import posixpath
import re
import tempfile
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from html import escape
from pathlib import Path
from typing import Any

import docx
import pytest
from conftest import GOOD_PROJECT, write_court
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import html as lxml_html

from reportgen.build import build_court
from reportgen.cli import main
from reportgen.findings import InputError
from reportgen.loader import load

SLUG = "t"
CJK = re.compile(r"[\u4e00-\u9fff]")
W_T = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t"
W_P = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}p"

# Text a clerk might type: Han, CJK punctuation, characters HTML/XML must escape, Markdown syntax, an
# astral character. Left out on purpose: Jinja's "{" (narratives are templates).
HAN = "法院审判执行保障运维项目经费资金绩效目标服务满意度质量数量时效成本社会效益人民群众司法救助装备办案"
ALPHABET = HAN + "，。、；：？！“”‘’（）《》【】—…·" + "&<>\"'" + "*_`#[]\\;!" + "𠮷" + "abXY019 "
HEAVY = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

LEVEL1 = ["产出指标", "效益指标", "满意度指标", "成本指标"]
LEVEL2 = ["数量指标", "质量指标", "时效指标", "社会效益指标", "服务对象满意度指标", "经济成本指标"]
OPS = ["≥", "≤", "＝", ">=", "<=", "=", ">", "<", "＞", "＜", "≧", ""]
UNITS = ["%", "％", "百分比", "万元", "元", "平方米", "个", "次", "件", "天", ""]
WORDS = ["好", "健全", "及时", "有效", "在预算范围之内", "明显提升", "2024年12月31日"]
TIERS = {"full": ["达成预期指标", "达成年度指标", "100%-80%(含)"],
         "other": ["部分达成预期指标", "80%-60%（含）", "未达成预期指标", "60%-0%", "较好"]}
METRICS = ["execution_rate", "basic_execution_rate", "project_execution_rate", "three_public_control_rate"]


@dataclass(frozen=True)
class FileText:
    """A narrative stored in its own Markdown file and referred to as {file = "…"}."""

    body: str


@dataclass
class CourtData:
    """One generated court year as plain data, before it is written to files."""

    year: int
    court: dict[str, Any]
    info: dict[str, Any]
    department: dict[str, Any] | None
    projects: list[dict[str, Any]]
    as_json: dict[str, bool] = field(default_factory=dict)  # data file (court-relative, no suffix) → JSON?
    with_previous: bool = False

    def data_files(self) -> dict[str, dict[str, Any]]:
        """Court-relative path without suffix → the data of that file."""
        out = {"court": self.court, f"{self.year}/year": self.info}
        if self.department is not None:
            out[f"{self.year}/department"] = self.department
        for i, p in enumerate(self.projects):
            out[f"{self.year}/projects/{i + 1:02d}-p"] = p
        return out

    def path_of(self, stem: str) -> str:
        return stem + (".json" if self.as_json.get(stem) else ".toml")


# ── writing data as TOML or JSON ─────────────────────────────────────────────


def _scalar(value: Any) -> str:
    """One value as TOML; strings, booleans and numbers are also written so for JSON."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return {"NaN": "nan", "Infinity": "inf", "-Infinity": "-inf"}.get(str(value), format(value, "f"))
    if isinstance(value, (int, float)):
        return repr(value).replace("e+", "e")
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(_scalar(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{_key(k)} = {_scalar(v)}" for k, v in value.items()) + " }"
    return value.isoformat()  # a date: TOML's own literal


def _key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else json.dumps(key, ensure_ascii=False)


def _is_ref(value: Any) -> bool:
    return isinstance(value, dict) and set(value) == {"file"}


def _is_table(value: Any) -> bool:
    return isinstance(value, dict) and not _is_ref(value)


def _is_table_array(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(_is_table(v) for v in value)


def to_toml(data: dict[str, Any], prefix: tuple[str, ...] = ()) -> str:
    """Scalars first, then [tables] and [[arrays of tables]], as TOML requires."""
    lines = [f"{_key(k)} = {_scalar(v)}" for k, v in data.items() if not _is_table(v) and not _is_table_array(v)]
    for k, v in data.items():
        header = ".".join(_key(p) for p in (*prefix, k))
        if _is_table(v):
            lines += ["", f"[{header}]", to_toml(v, (*prefix, k))]
        elif _is_table_array(v):
            for item in v:
                lines += ["", f"[[{header}]]", to_toml(item, (*prefix, k))]
    return "\n".join(lines)


def to_json(value: Any) -> str:
    """JSON with exact numbers: a Decimal is written digit for digit, never through float."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(k, ensure_ascii=False)}: {to_json(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(to_json(v) for v in value) + "]"
    if isinstance(value, Decimal):
        return {"NaN": "NaN", "Infinity": "Infinity", "-Infinity": "-Infinity"}.get(str(value), format(value, "f"))
    if hasattr(value, "isoformat"):
        return json.dumps(value.isoformat())
    return _scalar(value)


def _place_texts(value: Any, folder: str, stem: str, texts: dict[str, str]) -> Any:
    """Replace each FileText by {file = …} relative to the data file, collecting the Markdown files
    (court-relative path → text) in `folder`/text/."""
    if isinstance(value, FileText):
        placed = posixpath.join(folder, "text", f"{stem.replace('/', '-')}-{len(texts)}.md")
        texts[placed] = value.body + "\n"
        return {"file": posixpath.relpath(placed, posixpath.dirname(stem) or ".")}
    if isinstance(value, dict):
        return {k: _place_texts(v, folder, stem, texts) for k, v in value.items()}
    if isinstance(value, list):
        return [_place_texts(v, folder, stem, texts) for v in value]
    return value


def render_files(court: CourtData) -> dict[str, str | bytes]:
    """Every file of the court folder: court-relative path → text."""
    files: dict[str, str | bytes] = {}
    texts: dict[str, str] = {}
    for stem, data in court.data_files().items():
        folder = stem.split("/", 1)[0] if "/" in stem else ""
        plain = _place_texts(data, folder, stem, texts)
        files[court.path_of(stem)] = (to_json(plain) if court.as_json.get(stem) else to_toml(plain)) + "\n"
    files |= texts
    if court.with_previous:  # last year: the same data, so year-over-year code has something to compare
        for rel, body in list(files.items()):
            if rel.startswith(f"{court.year}/"):
                files[f"{court.year - 1}/" + rel.split("/", 1)[1]] = body
    return files


# ── strategies for valid data ────────────────────────────────────────────────

names = st.text(st.sampled_from(ALPHABET), min_size=1, max_size=14).map(lambda s: " ".join(s.split())).filter(bool)
paragraphs = st.text(st.sampled_from(ALPHABET + "\n"), min_size=1, max_size=40).map(str.strip).filter(bool)


@st.composite
def texts(draw: st.DrawFn, jinja: tuple[str, ...] = ("{{ year }}年", "{{ court.name }}")) -> str | FileText:
    """A narrative: one to three paragraphs, sometimes quoting data through Jinja, sometimes in a file.
    Fields that are not rendered as Jinja (reason, remark, …) pass jinja=()."""
    paras = draw(st.lists(paragraphs, min_size=1, max_size=3))
    if jinja and draw(st.booleans()):
        paras[0] += draw(st.sampled_from(jinja))
    body = "\n\n".join(paras)
    return FileText(body) if draw(st.integers(0, 4)) == 0 else body


def amounts(high: int = 10**8) -> st.SearchStrategy[Decimal]:
    return st.decimals(min_value=0, max_value=high, places=2)


@st.composite
def split(draw: st.DrawFn, total: Decimal, n: int) -> list[Decimal]:
    """n non-negative parts with two decimals that add up to total exactly."""
    cents = int(total * 100)
    cuts = sorted(draw(st.lists(st.integers(0, cents), min_size=n - 1, max_size=n - 1)))
    return [Decimal(b - a).scaleb(-2) for a, b in zip([0, *cuts], [*cuts, cents], strict=True)]


def number_text() -> st.SearchStrategy[str]:
    return st.one_of(st.integers(0, 10**6).map(str), st.decimals(0, 10**5, places=2).map(lambda d: format(d, "f")),
                     st.integers(1000, 10**7).map(lambda n: f"{n:,}"), st.sampled_from(["0", "100", "100.00"]))


@st.composite
def indicator(draw: st.DrawFn, level1: str, weight: Decimal | None, metric: bool = False) -> dict[str, Any]:
    """A 三级 indicator: quantitative, qualitative or a date; a score only where none can be computed."""
    ind: dict[str, Any] = {"level1": level1, "level2": draw(st.sampled_from(LEVEL2)), "name": draw(names)}
    kind = draw(st.sampled_from(["quantitative", "qualitative", "random"]))
    computable = False
    if kind == "quantitative":
        unit = draw(st.sampled_from(UNITS))
        ind["target"] = f"{draw(st.sampled_from(OPS))}{draw(number_text())}{unit}"
        other = draw(st.sampled_from(UNITS)) if draw(st.integers(0, 5)) == 0 else unit
        ind["actual"] = f"{draw(number_text())}{other}"
        computable = True
        if metric:
            ind["metric"] = draw(st.sampled_from(METRICS))
    elif kind == "qualitative":
        ind["target"] = draw(st.sampled_from(WORDS))
        full = draw(st.booleans())
        ind["actual"] = draw(st.sampled_from(TIERS["full" if full else "other"]))
        computable = full and not ind["target"].endswith("日")
    else:
        ind["target"] = draw(names)
        if draw(st.booleans()):
            ind["actual"] = draw(names)
    if draw(st.integers(0, 5)) == 0:
        ind["kind"] = draw(st.sampled_from(["quantitative", "qualitative"]))
        computable = False
    if weight is not None:
        ind["weight"] = weight
        if not computable or draw(st.booleans()):
            ind["score"] = draw(st.decimals(0, weight, places=2)) if weight else Decimal(0)
    for key in ("reason", "remark", "description", "basis"):
        if draw(st.integers(0, 3)) == 0:
            ind[key] = draw(texts(()))
    if draw(st.integers(0, 2)) == 0:
        ind["text"] = draw(texts(("{{ target }}", "{{ actual }}", "{{ score }}分", "{{ rate }}", "{{ weight }}")))
    if draw(st.integers(0, 4)) == 0:
        ind["stated_rate"] = draw(st.sampled_from(["100.00%", ["90.00%", "100%"]]))
    return ind


@st.composite
def evaluation(draw: st.DrawFn, weights: bool = True, metric: bool = False) -> dict[str, Any]:
    """Execution weight, [[groups]] and [[indicators]] whose weights add up to 100."""
    execution = draw(st.sampled_from([Decimal(10), Decimal(20), Decimal("15.5")]))
    group_names = draw(st.lists(st.one_of(st.sampled_from(LEVEL1), names), min_size=1, max_size=3, unique=True))
    group_weights = draw(split(Decimal(100) - execution, len(group_names)))
    out: dict[str, Any] = {"execution_weight": execution, "groups": [], "indicators": []}
    for name, total in zip(group_names, group_weights, strict=True):
        group: dict[str, Any] = {"name": name, "weight": total}
        if draw(st.integers(0, 3)) == 0:
            group["text"] = draw(texts())
        if draw(st.integers(0, 3)) == 0:
            group["stated_score"] = draw(st.decimals(0, 100, places=2))
        out["groups"].append(group)
        parts = draw(split(total, draw(st.integers(1, 3))))
        out["indicators"] += [draw(indicator(name, w if weights else None, metric)) for w in parts]
    if not weights:
        del out["groups"]
    if draw(st.integers(0, 3)) == 0:
        out["stated_total"] = draw(st.decimals(0, 100, places=2))
        out["stated_grade"] = draw(st.sampled_from(["优", "良", "中", "差"]))
        out["stated_total_rate"] = "100.00%"
    return out


@st.composite
def project(draw: st.DrawFn, year: int, results: bool) -> dict[str, Any]:
    """A budget project; with `results` every figure a report or form needs is filled in."""
    p: dict[str, Any] = {"name": draw(names)}
    if draw(st.booleans()):
        p["code"] = draw(st.from_regex(r"[A-Z]{2}[0-9]{4}", fullmatch=True))
    funds = []
    for source in draw(st.lists(st.sampled_from(["本级安排", "上级补助", "上年结转", "其他"]), min_size=1, max_size=2)):
        row: dict[str, Any] = {"source": source, "initial": draw(amounts()), "budget": draw(amounts())}
        if results or draw(st.booleans()):
            row["spent"] = draw(amounts())
        funds.append(row)
    p["funds"] = funds
    if draw(st.booleans()):
        p["fill_date"] = draw(st.dates(min_value=dt.date(year, 1, 1), max_value=dt.date(year + 1, 12, 31)))
    for key in ("contact", "supervisor", "implementer"):
        if draw(st.booleans()):
            p[key] = draw(names)
    for key in ("goal", "goal_actual", "summary", "deviation", "conclusion", "purpose", "change_reason"):
        if draw(st.booleans()):
            p[key] = draw(texts())
    if draw(st.booleans()):
        p["spending_plan"] = sorted(draw(st.lists(st.integers(0, 100), min_size=3, max_size=3))) + [100]
    p.update(draw(evaluation(weights=results or draw(st.booleans()))))
    return p


@st.composite
def department(draw: st.DrawFn) -> dict[str, Any]:
    finance = {k: draw(amounts()) for k in ("initial_budget", "budget", "spent", "basic_budget", "basic_spent",
                                             "project_budget", "project_spent", "three_public_budget",
                                             "three_public_spent")}
    if draw(st.booleans()):
        finance |= {"staff_quota": draw(st.integers(0, 500)), "staff_actual": draw(st.integers(0, 500))}
    dept: dict[str, Any] = {"finance": finance, **draw(evaluation(metric=True))}
    for key in ("goal", "goal_actual", "deviation"):
        if draw(st.booleans()):
            dept[key] = draw(texts(("{{ finance.budget }}", "{{ year }}年")))
    return dept


GRADES = [{"min": Decimal(85), "label": "优秀"}, {"min": Decimal(0), "label": "合格"}]


@st.composite
def courts(draw: st.DrawFn) -> CourtData:
    """A whole valid court year: court.toml, year.toml, maybe department.toml, 0–3 projects."""
    year = draw(st.integers(2020, 2030))
    court_settings = {k: draw(st.sampled_from(v)) for k, v in {
        "amount_unit": ["元", "万元"], "amount_decimals": ["fixed", "trim"], "thousands_separator": [True, False],
        "operator_style": ["symbol", "ascii"], "rate_style": ["percent", "number"],
        "reverse_rule": ["linear", "ratio"], "form_variant": ["local", "central"], "cap_execution_score": [True, False],
        "qualitative_default": [Decimal("0.9"), Decimal(1)], "over_achievement_ratio": [Decimal("1.1"), Decimal(2)],
        "change_warning_ratio": [Decimal(0), Decimal("0.3")], "form_title": ["项目支出绩效目标自评表"],
    }.items() if draw(st.booleans())}
    if draw(st.integers(0, 4)) == 0:
        court_settings["grades"] = GRADES
    court: dict[str, Any] = {"name": draw(names), "we": draw(st.sampled_from(["我院", "我庭"]))}
    if draw(st.booleans()):
        court["code"] = draw(st.from_regex(r"[0-9]{3}", fullmatch=True))
    for key in ("functions", "institutions"):
        if draw(st.booleans()):
            court[key] = draw(texts())
    if court_settings:
        court["settings"] = court_settings

    documents = draw(st.lists(st.sampled_from(["report", "forms", "declaration"]), min_size=1, max_size=3,
                              unique=True))
    results = bool({"report", "forms"} & set(documents))
    info: dict[str, Any] = {"documents": documents}
    if draw(st.booleans()):
        info["report_date"] = f"{year + 1}年3月20日"
    if "report" in documents:
        info["report"] = {k: draw(texts()) for k in ("organization", "scope", "application", "publication", "other")
                          if draw(st.booleans())}
        info["report"]["procedure"] = draw(st.lists(texts(), max_size=3))
    if "declaration" in documents:
        items = [{"goal": draw(texts()), "indicators": draw(texts())} for _ in range(draw(st.integers(0, 2)))]
        info["declaration"] = {"intro": draw(texts()), "overall": draw(texts()),
                               "measures": draw(st.lists(texts(), max_size=2)), "items": items}
    dept = draw(department()) if "report" in documents and draw(st.booleans()) else None
    projects = draw(st.lists(project(year, results), max_size=3))
    data = CourtData(year, court, info, dept, projects, with_previous=draw(st.integers(0, 4)) == 0)
    data.as_json = {stem: draw(st.integers(0, 3)) == 0 for stem in data.data_files()}
    return data


# ── reading the outputs ──────────────────────────────────────────────────────


def docx_texts(path: Path) -> str:
    """Every paragraph of the DOCX (body, tables), one per line; python-docx must open the file."""
    assert zipfile.is_zipfile(path)
    with zipfile.ZipFile(path) as z:
        assert z.testzip() is None
    document = docx.Document(str(path))
    return "\n".join("".join(t.text or "" for t in p.iter(W_T)) for p in document.element.body.iter(W_P))


#: every element the HTML builder writes; any other one would be text that escaped its escaping
HTML_TAGS = {"html", "head", "meta", "title", "style", "body", "main", "h1", "h2", "h3", "h4", "h5", "p", "span",
             "div", "table", "caption", "colgroup", "col", "thead", "tbody", "tr", "th", "td", "br", "strong", "em",
             "figure", "figcaption", "svg", "line", "rect", "text"}  # the report's chart: inline SVG


def html_text(path: Path, title: str) -> str:
    """The page's text, after checking that it parses, that its <title> is the document title escaped,
    and that no text turned into markup."""
    raw = path.read_text(encoding="utf-8")
    page = lxml_html.document_fromstring(raw)
    assert page.findtext(".//title") == title
    assert f"<title>{escape(title)}</title>" in raw
    assert {el.tag for el in page.iter()} <= HTML_TAGS
    return page.text_content()


TITLES = {"report": "年度预算执行情况自评报告", "forms": "年度{form_title}", "declaration": "年度绩效目标申报表"}


@settings(HEAVY, max_examples=40)
@given(court=courts())
def test_random_valid_court_renders_in_both_formats(court: CourtData) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        content = write_court(Path(tmp) / "content", render_files(court), SLUG)
        cy = load(content, SLUG)  # valid data loads
        assert [p.name for p in cy.data.projects] == [p["name"] for p in court.projects]
        result = build_court(content, SLUG, None, Path(tmp) / "out", force=True)

        out = Path(tmp) / "out" / SLUG / str(court.year)
        kinds = court.info["documents"]
        assert sorted(result.written) == sorted(out / f"{k}.{ext}" for k in kinds for ext in ("docx", "html"))
        name = court.court["name"]
        for kind in kinds:
            words = docx_texts(out / f"{kind}.docx")
            form_title = court.court.get("settings", {}).get("form_title", "项目支出绩效自评表")
            page = html_text(out / f"{kind}.html", f"{name}{court.year}{TITLES[kind].format(form_title=form_title)}")
            for text in (words, page):
                # forms print the court only where a project names no other implementer
                if kind != "forms" or any("implementer" not in p for p in court.projects):
                    assert name in text
                for p in court.projects:
                    assert p["name"] in text, (kind, p["name"])
        assert not list(out.glob(".*.tmp"))


# ── invalid data: mutations ──────────────────────────────────────────────────

# Which model a table is, from the key that holds it, and what such a table must contain.
CONTEXT = {"settings": "settings", "report": "report", "declaration": "declaration", "items": "item",
           "funds": "fund", "groups": "group", "indicators": "indicator", "finance": "finance", "grades": "grade"}
REQUIRED = {"court": {"name"}, "year": {"documents"}, "declaration": {"overall"}, "item": {"goal", "indicators"},
            "project": {"name"}, "fund": {"source"}, "group": {"name", "weight"},
            # a row without name is a 二级 leaf, and a judged row needs no target: only these two are always required
            "indicator": {"level1", "level2"}, "department": {"finance"}, "grade": {"min", "label"}}
NON_EMPTY = {"name", "target"}  # min_length=1 wherever these keys occur
NUMBERS = {"initial", "budget", "spent", "weight", "score", "execution_weight", "initial_budget", "basic_budget",
           "basic_spent", "project_budget", "project_spent", "three_public_budget", "three_public_spent",
           "spending_plan[]"}
SIGNED = {"stated_total", "stated_score", "min"}
LITERALS = {"source", "kind", "amount_unit", "amount_decimals", "operator_style", "rate_style", "reverse_rule",
            "form_variant", "documents"}
STRINGS = {"name", "we", "code", "level1", "level2", "target", "actual", "contact", "label", "report_date",
           "stated_grade", "metric"}
BAD_NUMBERS = ["十万", "", "1e5", "12 万", True, [1], {"x": 1}, Decimal("NaN"), Decimal("Infinity"),
               Decimal("-Infinity"), float("nan"), 1e308, Decimal("1E+308"), 10**40]


def slots(data: Any, context: str, path: tuple[Any, ...] = ()) -> list[tuple[tuple[Any, ...], str, str]]:
    """(path, key, context) of every value in the data, a file reference counting as one value."""
    out = []
    if isinstance(data, dict) and not _is_ref(data):
        for key, value in data.items():
            out.append(((*path, key), key, context))
            out += slots(value, CONTEXT.get(key, context), (*path, key))
    elif isinstance(data, list):
        key = path[-1] if path else ""
        for i, value in enumerate(data):
            if not isinstance(value, dict) and f"{key}[]" in NUMBERS:
                out.append(((*path, i), f"{key}[]", context))
            out += slots(value, context, (*path, i))
    return out


def bad_values(key: str, context: str) -> list[Any]:
    """Values the model must refuse for this key (never merely odd-but-valid ones)."""
    out: list[Any] = []
    if key in NUMBERS:
        out += BAD_NUMBERS + [Decimal("-1"), -5]
    if key in SIGNED:
        out += BAD_NUMBERS
    if key in LITERALS:
        out += ["reprot", 3] if key == "documents" else ["本级拨款", "", 7]
    if key == "documents":
        out += [[], ["reprot"], "report"]
    if key in STRINGS:
        out += [123, True, ["x"], Decimal("1.5")]
    if key in NON_EMPTY and context != "settings":
        out += ["", "   "]
    if key == "fill_date":
        out += ["2025-13-01", "明天"]
    if key in ("goal", "summary", "conclusion", "organization", "overall", "functions", "intro", "text"):
        out += [5, {"file": "text/no-such-file.md"}, {"file": "../../../../../etc/hostname"}, {"path": "x.md"}]
    if key in ("staff_quota", "staff_actual"):
        out += [Decimal("1.5"), -1, "many", 10**40]
    if key in ("procedure", "spending_plan"):
        out += [5, "x", [1, "二"]]
    if key == "stated_rate":
        out += [5, [1]]
    if key in CONTEXT and not (key == "indicators" and context == "item"):  # a table or a list of tables
        out += [5, "文字"]
    return out


def _get(data: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        data = data[part]
    return data


def _drop(data: dict[str, Any], path: tuple[Any, ...]) -> None:
    parent = data
    for part in path[:-1]:
        parent = parent[part]
    del parent[path[-1]]


def _set(data: dict[str, Any], path: tuple[Any, ...], value: Any) -> None:
    parent = data
    for part in path[:-1]:
        parent = parent[part]
    parent[path[-1]] = value


@dataclass
class Broken:
    files: dict[str, str | bytes]
    culprit: str  # the court-relative path of the file that was broken
    how: str


def _root_context(stem: str) -> str:
    return {"court": "court", "year": "year", "department": "department"}.get(stem.rsplit("/", 1)[-1], "project")


@st.composite
def broken_courts(draw: st.DrawFn) -> Broken:
    """A valid court with exactly one file broken: in its data (type, value, key) or in its text."""
    court = draw(courts())
    stems = list(court.data_files())
    projects = [s for s in stems if "/projects/" in s]
    stem = draw(st.sampled_from(projects if projects and draw(st.booleans()) else stems))
    how = draw(st.sampled_from(["value", "value", "value", "missing", "unknown", "syntax", "encoding", "control"]))
    if how in ("value", "missing", "unknown"):
        court = copy.deepcopy(court)
        data = court.data_files()[stem]
        context = _root_context(stem)
        candidates = slots(data, context)
        if how == "missing":
            candidates = [s for s in candidates if s[1] in REQUIRED.get(s[2], set()) and isinstance(s[0][-1], str)]
        elif how == "value":
            candidates = [s for s in candidates if bad_values(s[1], s[2])]
        if not candidates:
            how = "unknown"
            candidates = [((), "", context)]
        path, key, ctx = draw(st.sampled_from(candidates))
        if how == "missing":
            _drop(data, path)
            how = f"{path} missing"
        elif how == "value":
            value = draw(st.sampled_from(bad_values(key, ctx)))
            _set(data, path, value)
            how = f"{path}={value!r}"
        else:
            table = path
            while not _is_table(_get(data, table)):
                table = table[:-1]
            _set(data, (*table, draw(st.sampled_from(["nmae", "wieght", "备注", "budget_", "extra"]))), 1)
            how = f"unknown key in {table}"
        files = render_files(court)
        return Broken(files, court.path_of(stem), how)
    files = render_files(court)
    rel = court.path_of(stem)
    text = files[rel]
    assert isinstance(text, str)
    if how == "syntax":
        breakers = ["\n}\n", '\n"unterminated\n'] if rel.endswith(".json") else ["\nbroken = \n", '\nx = "open\n',
                                                                               "\n[[\n", "\n= 1\n"]
        if not rel.endswith(".json"):
            first = next(line for line in text.splitlines() if re.match(r"^[A-Za-z_]+ = ", line))
            breakers.append(f"\n{first}\n")  # the same key twice in one table
        broken: str | bytes = text + draw(st.sampled_from(breakers))
    elif how == "encoding":
        codec = draw(st.sampled_from(["utf-16", "gb18030"]))
        broken = (text if rel.endswith(".json") or codec == "utf-16" else "# 中文说明\n" + text).encode(codec)
        if codec == "gb18030" and rel.endswith(".json"):
            broken = b'{"\xd6\xd0": 1, ' + broken[1:]  # GBK 中 as the first key, so the bytes are never UTF-8
    else:
        char = draw(st.sampled_from(["\x00", "\x07", "\x0b", "\x1b", "\x7f"]))
        escaped = draw(st.booleans())
        # raw: the file itself holds the character; escaped: a string says "\u0007"
        broken = text.replace('"', '"' + (f"\\u{ord(char):04x}" if escaped else char), 1) if '"' in text \
            else char + text
        how += " escaped" if escaped else " raw"
    files[rel] = broken
    return Broken(files, rel, how)


def assert_good_findings(exc: InputError, culprit: Path) -> None:
    """Each finding is an error in Chinese that names a file and a line or a field; one names the culprit."""
    assert exc.findings
    for f in exc.findings:
        assert f.severity == "error", f.format()
        assert CJK.search(f.message), f.format()
        assert f.location.file, f.format()
        assert f.location.line or f.location.field, f.format()
    assert any(Path(f.location.file).resolve() == culprit.resolve() for f in exc.findings), \
        [f.format() for f in exc.findings]


@settings(HEAVY, max_examples=120)
@given(case=broken_courts())
def test_random_invalid_court_is_refused_with_findings(case: Broken) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        content = write_court(Path(tmp) / "content", case.files, SLUG)
        try:
            load(content, SLUG)
        except InputError as exc:
            assert_good_findings(exc, content / SLUG / case.culprit)
        else:
            raise AssertionError(f"broken data loaded without an error: {case.culprit}: {case.how}")


@settings(HEAVY, max_examples=12)
@given(case=broken_courts())
def test_random_invalid_court_through_the_command_line(case: Broken) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        content = write_court(Path(tmp) / "content", case.files, SLUG)
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            status = main(["--content", str(content), "build", SLUG, "-o", str(Path(tmp) / "out")])
        assert status == 2, (case.how, err.getvalue())
        assert "Traceback" not in out.getvalue() + err.getvalue()
        assert "数据无法读取" in err.getvalue()
        assert CJK.search(err.getvalue().splitlines()[0])
        assert out.getvalue() == ""
        assert not (Path(tmp) / "out").exists() or not any((Path(tmp) / "out").rglob("*.*ml"))


# ── crashes once found beyond these strategies ──

@pytest.mark.parametrize(("court", "project"), [
    pytest.param('name = "法院"\n[settings]\ngrades = []\n', GOOD_PROJECT, id="no-grades"),
    pytest.param('name = "法院"\n', GOOD_PROJECT.replace("weight = 90\nscore = 90", "weight = 1e-30\nscore = 1"),
                 id="tiny-weight"),
])
def test_data_that_once_crashed_is_refused_with_a_message(tmp_path, court, project):
    """No grades at all, or a weight of 1e-30 (whose quotients Decimal cannot round), are refused
    by the models with a Chinese message naming the file, not a crash while scoring."""
    year = 'documents = ["report", "forms"]\n\n[report]\n'
    content = write_court(tmp_path / "content", {"court.toml": court, "2024/year.toml": year,
                                                 "2024/projects/01-p.toml": project}, SLUG)
    with pytest.raises(InputError) as info:
        build_court(content, SLUG, None, tmp_path / "out")
    assert all(CJK.search(f.message) and f.location.file for f in info.value.findings), info.value


@pytest.mark.parametrize("name", ["A*B*C", "[一期](二期)", "`代码`", "&amp;", "项目 #"],
                         ids=["emphasis", "link", "code", "entity", "closing-hash"])
def test_project_name_with_markdown_characters_is_printed_as_written(tmp_path, name):
    project = GOOD_PROJECT.replace('name = "测试项目"', f"name = {json.dumps(name, ensure_ascii=False)}")
    content = write_court(tmp_path / "content", {"court.toml": 'name = "法院"\n',
                                                 "2024/year.toml": 'documents = ["report"]\n\n[report]\n',
                                                 "2024/projects/01-p.toml": project}, SLUG)
    build_court(content, SLUG, None, tmp_path / "out")
    page = lxml_html.document_fromstring((tmp_path / "out" / SLUG / "2024" / "report.html").read_text("utf-8"))
    assert f"（一）{name}" in [h.text_content() for h in page.xpath("//h3")]
