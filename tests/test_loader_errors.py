"""Bad input gives one clear Chinese message with file, line and field, and `reportgen check` exits 2."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import tomllib
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import CONTENT, line_of
from reportgen.checks import run_checks
from reportgen.cli import main
from reportgen.loader import InputError, load
from reportgen.scoring import score_year
from reportgen.warnings import Finding

CJK = re.compile(r"[\u4e00-\u9fff]")

GOOD_PROJECT = """\
# 测试项目
name = "测试项目"
execution_weight = 10

[[funds]]
source = "本级安排"
budget = 100
spent = 100

[[groups]]
name = "产出指标"
weight = 90

[[indicators]]
level1 = "产出指标"
level2 = "数量指标"
name = "维修改造面积"
target = "≥5000平方米"
actual = "5000平方米"
weight = 90
score = 90
"""
PROJECT = "2024/projects/01-test.toml"


def load_error(content: Path, slug: str = "t") -> list[Finding]:
    with pytest.raises(InputError) as info:
        load(content, slug)
    return info.value.findings


def the_one(findings: list[Finding]) -> Finding:
    assert len(findings) == 1, [f.format() for f in findings]
    f = findings[0]
    assert f.severity == "error"
    assert CJK.search(f.message), f.message
    return f


def where(f: Finding) -> tuple[str, int | None, str]:
    return Path(f.location.file).name, f.location.line, f.location.field


def cli_check(capsys, content: Path, *args: str) -> tuple[int, str]:
    code = main(["--content", str(content), "check", *args])
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return code, err


def test_good_project_loads(make_court):
    cy = load(make_court({PROJECT: GOOD_PROJECT}), "t")
    assert [p.name for p in cy.data.projects] == ["测试项目"]


# ---------------------------------------------------------------- one case each

def _replace(old: str, new: str) -> str:
    assert old in GOOD_PROJECT
    return GOOD_PROJECT.replace(old, new)


CASES = {
    # id: (file text, code, expected line's needle in the text (or None for no line), field, words in the message)
    "toml-unquoted-text": (_replace('name = "维修改造面积"', "name = 维修改造面积"), "E-INPUT-SYNTAX",
                           "name = 维修改造面积", "", ["TOML", "引号"]),
    "toml-missing-value": (_replace("weight = 90\nscore", "weight = \nscore"), "E-INPUT-SYNTAX",
                           "weight = \n", "", ["TOML"]),
    "toml-duplicate-key": (_replace("spent = 100", "spent = 100\nspent = 90"), "E-INPUT-SYNTAX",
                           "spent = 90", "", ["两次"]),
    "toml-unclosed-string": (_replace('target = "≥5000平方米"', 'target = "≥5000平方米'), "E-INPUT-SYNTAX",
                             'target = "≥5000平方米\n', "", ["TOML"]),
    "wrong-type-word-for-number": (_replace("score = 90", 'score = "九十"'), "E-INPUT-SCHEMA",
                                   'score = "九十"', "indicators[0].score", ["九十", "不是数字"]),
    "wrong-type-bool": (_replace("spent = 100", "spent = true"), "E-INPUT-SCHEMA",
                        "spent = true", "funds[0].spent", ["true/false"]),
    "wrong-type-list-for-text": (_replace('name = "测试项目"', 'name = ["测试项目"]'), "E-INPUT-SCHEMA",
                                 'name = ["测试项目"]', "name", ["类型不对", "文字"]),
    "wrong-type-date": (_replace("execution_weight = 10", 'execution_weight = 10\nfill_date = "2025-13-01"'),
                        "E-INPUT-SCHEMA", "fill_date", "fill_date", ["日期"]),
    "negative-number": (_replace("budget = 100", "budget = -100"), "E-INPUT-SCHEMA", "budget = -100",
                        "funds[0].budget", ["不能小于 0"]),
    "not-an-allowed-value": (_replace('source = "本级安排"', 'source = "本级拨款"'), "E-INPUT-SCHEMA",
                             'source = "本级拨款"', "funds[0].source", ["本级拨款", "不是允许的值"]),
    "float-formula": (_replace("budget = 100", 'budget = "100*2"'), "E-INPUT-SCHEMA", 'budget = "100*2"',
                      "funds[0].budget", ["不是数字"]),
    "missing-field-in-table": (_replace('target = "≥5000平方米"\n', ""), "E-INPUT-SCHEMA", "[[indicators]]",
                               "indicators[0].target", ["缺少必填项"]),
    "missing-fund-source": (_replace('source = "本级安排"\n', ""), "E-INPUT-SCHEMA", "[[funds]]",
                            "funds[0].source", ["缺少必填项"]),
    "unknown-key-typo": (_replace("weight = 90\nscore", "wieght = 90\nscore"), "E-INPUT-SCHEMA", "wieght = 90",
                         "indicators[0].wieght", ["未知的键", "拼写"]),
    "unknown-top-level-key": (_replace("execution_weight = 10", "execution_wieght = 10"), "E-INPUT-SCHEMA",
                              "execution_wieght", "execution_wieght", ["未知的键"]),
    "control-character": (_replace('name = "维修改造面积"', 'name = "维修改造\x07面积"'), "E-INPUT-CONTROL",
                          "维修改造\x07面积", "", ["控制字符", "U+0007"]),
    "missing-text-file": (_replace('name = "测试项目"', 'name = "测试项目"\ngoal = { file = "../text/none.md" }'),
                          "E-INPUT-SCHEMA", "goal = ", "goal", ["找不到文本文件", "../text/none.md"]),
    "text-file-outside-the-court": (_replace('name = "测试项目"',
                                             'name = "测试项目"\ngoal = { file = "../../../outside.md" }'),
                                    "E-INPUT-SCHEMA", "goal = ", "goal", ["找不到文本文件"]),
}


@pytest.mark.parametrize(("text", "code", "needle", "field", "words"), list(CASES.values()), ids=list(CASES))
def test_bad_project_file(make_court, capsys, tmp_path, text, code, needle, field, words):
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "outside.md").write_text("法院外的文件\n", encoding="utf-8")
    content = make_court({PROJECT: text})
    f = the_one(load_error(content))
    assert f.code == code
    assert where(f) == ("01-test.toml", line_of(text, needle), field)
    for word in words:
        assert word in f.message, f.message
    status, err = cli_check(capsys, content, "t")
    assert status == 2
    assert f.format() in err.splitlines()
    assert "数据无法读取" in err


def test_line_numbers_after_multiline_strings_and_comments(make_court):
    text = _replace('name = "测试项目"\n', 'name = "测试项目"\ngoal = """第一行\n[[indicators]]\nscore = 1\n"""\n'
                    "# score = 2\n").replace("score = 90", 'score = "九十"')
    f = the_one(load_error(make_court({PROJECT: text})))
    assert where(f) == ("01-test.toml", line_of(text, 'score = "九十"'), "indicators[0].score")


def test_gbk_file(make_court, capsys):
    text = "# project\ncode = 'x'\nname = \"测试项目\"\n"
    content = make_court({PROJECT: text.encode("gbk")})
    f = the_one(load_error(content))
    assert f.code == "E-INPUT-ENCODING"
    assert where(f) == ("01-test.toml", 3, "")  # the first byte that is not UTF-8
    assert "GBK" in f.message and "UTF-8" in f.message
    assert cli_check(capsys, content, "t")[0] == 2


def test_gbk_text_file(make_court):
    text = _replace('name = "测试项目"', 'name = "测试项目"\ngoal = { file = "../text/goal.md" }')
    content = make_court({PROJECT: text, "2024/text/goal.md": "保障审判工作".encode("gbk")})
    f = the_one(load_error(content))
    assert where(f) == ("01-test.toml", line_of(text, "goal = "), "goal")
    assert "UTF-8" in f.message


MALFORMED_JSON = {
    "stray-character": ('{\n  "name": "测试项目",\n  "execution_weight": 10x,\n  "funds": []\n}\n', 3),
    "single-quotes": ('{\n  "name": "测试项目",\n  \'funds\': []\n}\n', 3),
    "trailing-comma": ('{\n  "name": "测试项目",\n  "funds": [],\n}\n', 4),
    "not-an-object": ('[\n  "测试项目"\n]\n', 1),
}


@pytest.mark.parametrize(("text", "line"), list(MALFORMED_JSON.values()), ids=list(MALFORMED_JSON))
def test_malformed_json(make_court, capsys, text, line):
    content = make_court({"2024/projects/01-test.json": text})
    f = the_one(load_error(content))
    assert f.code == "E-INPUT-SYNTAX"
    assert where(f) == ("01-test.json", line, "")
    assert "JSON" in f.message
    assert cli_check(capsys, content, "t")[0] == 2


def test_malformed_json_is_explained_in_chinese(make_court):
    content = make_court({"2024/projects/01-test.json": MALFORMED_JSON["stray-character"][0]})
    f = the_one(load_error(content))
    explanation = f.message.removeprefix("JSON 语法错误：")
    assert CJK.search(re.sub(r"（第\d+列）", "", explanation)), f.message


def test_wrong_type_in_json_points_at_the_json_line(make_court):
    text = json.dumps({"name": "测试项目", "funds": [{"source": "本级安排", "budget": "一百"}]},
                      ensure_ascii=False, indent=2)
    f = the_one(load_error(make_court({"2024/projects/01-test.json": text})))
    assert where(f) == ("01-test.json", line_of(text, '"budget"'), "funds[0].budget")


def test_missing_top_level_field_names_a_line(make_court):
    f = the_one(load_error(make_court({PROJECT: _replace('name = "测试项目"\n', "")})))
    assert f.location.field == "name" and "缺少必填项" in f.message
    assert f.location.line is not None


def test_every_problem_of_every_file_is_reported(make_court):
    content = make_court({
        PROJECT: _replace("score = 90", 'score = "九十"'),
        "2024/projects/02-second.toml": _replace("spent = 100", "spent = true"),
        "court.toml": 'name = "测试法院"\n[settings]\nreverse_rule = "linaer"\n',
    })
    findings = load_error(content)
    assert sorted(where(f) for f in findings) == [
        ("01-test.toml", line_of(GOOD_PROJECT, "score = 90"), "indicators[0].score"),
        ("02-second.toml", line_of(GOOD_PROJECT, "spent = 100"), "funds[0].spent"),
        ("court.toml", 3, "settings.reverse_rule"),
    ]


# ---------------------------------------------------------------- courts, years, files

def test_unknown_court(make_court, capsys):
    content = make_court({PROJECT: GOOD_PROJECT})
    f = the_one(load_error(content, "nosuch"))
    assert f.code == "E-INPUT-COURT"
    assert "nosuch" in f.message and "已有：t" in f.message
    status, err = cli_check(capsys, content, "nosuch")
    assert status == 2 and "找不到法院" in err


@pytest.mark.parametrize("slug", ["../x", "..", "x/../t", "/etc", "T", "t.toml", "t\x00", ""])
def test_court_name_that_is_a_path_is_refused(make_court, capsys, tmp_path, slug):
    content = make_court({PROJECT: GOOD_PROJECT})
    # a perfectly valid court right next to the content folder must not be reachable
    shutil.copytree(content / "t", tmp_path / "x")
    f = the_one(load_error(content, slug))
    assert f.code == "E-INPUT-COURT" and "不合规" in f.message
    assert cli_check(capsys, content, slug)[0] == 2


def test_missing_court_file(make_court):
    f = the_one(load_error(make_court({"court.toml": None, PROJECT: GOOD_PROJECT})))
    assert f.code == "E-INPUT-COURT" and "court.toml" in f.message


def test_missing_year(make_court, capsys):
    content = make_court({PROJECT: GOOD_PROJECT})
    with pytest.raises(InputError) as info:
        load(content, "t", 2023)
    f = the_one(info.value.findings)
    assert f.code == "E-INPUT-YEAR" and "2023" in f.message and "2024" in f.message
    assert cli_check(capsys, content, "t", "--year", "2023")[0] == 2


def test_missing_year_file(make_court):
    f = the_one(load_error(make_court({"2024/year.toml": None, PROJECT: GOOD_PROJECT})))
    assert f.code == "E-INPUT-YEAR" and "year.toml" in f.message


def test_both_toml_and_json(make_court):
    content = make_court({"2024/year.json": '{"documents": ["forms"]}'})
    f = the_one(load_error(content))
    assert f.code == "E-INPUT-DUPLICATE" and "year.toml" in f.message and "year.json" in f.message


# ---------------------------------------------------------------- text files, BOM

def test_bom_is_accepted(make_court):
    content = make_court({
        "court.toml": "\ufeff" + 'name = "测试法院"\n',
        "2024/year.json": "\ufeff" + '{"documents": ["forms"]}',
        "2024/year.toml": None,
        PROJECT: "\ufeff" + GOOD_PROJECT,
    })
    cy = load(content, "t")
    assert cy.court.name == "测试法院"
    assert cy.data.info.documents == ["forms"]
    assert cy.data.projects[0].name == "测试项目"


def test_bom_keeps_line_numbers(make_court):
    text = "\ufeff" + _replace("score = 90", 'score = "九十"')
    f = the_one(load_error(make_court({PROJECT: text})))
    assert f.location.line == line_of(text, 'score = "九十"')


def _with_goal_file(body: bytes | str) -> dict[str, str | bytes]:
    return {PROJECT: _replace('name = "测试项目"', 'name = "测试项目"\ngoal = { file = "../text/goal.md" }'),
            "2024/text/goal.md": body}


def test_text_file_is_read(make_court):
    cy = load(make_court(_with_goal_file("保障审判工作。\n\n第二段。\n")), "t")
    assert cy.data.projects[0].goal == "保障审判工作。\n\n第二段。"


def test_bom_in_text_file_is_accepted(make_court):
    cy = load(make_court(_with_goal_file("\ufeff保障审判工作。\n")), "t")
    assert cy.data.projects[0].goal == "保障审判工作。"


def test_control_character_in_text_file_is_refused(make_court):
    findings = load_error(make_court(_with_goal_file("保障\x07审判工作。\n")))
    f = the_one(findings)
    assert "控制字符" in f.message


# ---------------------------------------------------------------- JSON wherever TOML

def _json_text(value, indent: str = "") -> str:
    """JSON with exact numbers: Decimals are written as they are, never through float."""
    inner = indent + "  "
    if isinstance(value, dict):
        items = [f"{inner}{json.dumps(k, ensure_ascii=False)}: {_json_text(v, inner)}" for k, v in value.items()]
        return "{\n" + ",\n".join(items) + "\n" + indent + "}" if items else "{}"
    if isinstance(value, list):
        if all(not isinstance(v, (dict, list)) for v in value):
            return "[" + ", ".join(_json_text(v, inner) for v in value) + "]"
        return "[\n" + ",\n".join(inner + _json_text(v, inner) for v in value) + "\n" + indent + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, Decimal)):
        return str(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return json.dumps(value.isoformat())
    assert isinstance(value, str), type(value)
    return json.dumps(value, ensure_ascii=False)


def _as_json_court(src: Path, dst: Path) -> None:
    shutil.copytree(src, dst)
    for path in dst.rglob("*.toml"):
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"), parse_float=Decimal)
        path.with_suffix(".json").write_text(_json_text(data) + "\n", encoding="utf-8")
        path.unlink()


@pytest.mark.parametrize("slug", ["lanzhou-xinqu", "pingtang", "example-tribunal"])
def test_json_loads_equal_to_toml(tmp_path, slug):
    _as_json_court(CONTENT / slug, tmp_path / slug)
    assert not list((tmp_path / slug).rglob("*.toml"))
    from_toml = load(CONTENT, slug)
    from_json = load(tmp_path, slug)
    assert from_json.court == from_toml.court
    assert from_json.data == from_toml.data
    assert any(p.suffix == ".json" for p in from_json.inputs)

    # the same findings, pointing at the same keys of the JSON files
    toml_findings = run_checks(from_toml, score_year(from_toml))
    json_findings = run_checks(from_json, score_year(from_json))
    key = lambda f: (f.code, Path(f.location.file).stem, f.location.field, f.message)  # noqa: E731
    assert sorted(map(key, json_findings)) == sorted(map(key, toml_findings))
    compared = 0
    for tf, jf in zip(sorted(toml_findings, key=key), sorted(json_findings, key=key), strict=True):
        assert jf.location.file.endswith(".json")
        leaf = re.sub(r"\[\d+\]$", "", tf.location.field).rsplit(".", 1)[-1]
        toml_line = Path(from_toml.court_dir.parent, _court_relative(tf, slug)).read_text(encoding="utf-8") \
            .splitlines()[tf.location.line - 1] if tf.location.line else ""
        if leaf and re.match(rf"\s*{re.escape(leaf)}\s*=", toml_line):
            json_file = tmp_path / _court_relative(jf, slug)
            json_line = json_file.read_text(encoding="utf-8").splitlines()[jf.location.line - 1]
            assert f'"{leaf}"' in json_line, (jf.format(), json_line)
            compared += 1
    assert compared >= 1


def _court_relative(f: Finding, slug: str) -> str:
    parts = Path(f.location.file).parts
    return str(Path(*parts[parts.index(slug):]))


# ---------------------------------------------------------------- exit status of `reportgen check`

def test_check_exit_status_0_1_and_W(make_court, capsys):
    content = make_court({PROJECT: GOOD_PROJECT})
    status, err = cli_check(capsys, content, "t")
    assert status == 0 and "0 个错误，0 个警告" in err

    warned = _replace('actual = "5000平方米"', 'actual = "10000平方米"')  # 200% of the target, unexplained
    content = make_court({PROJECT: warned})
    status, err = cli_check(capsys, content, "t")
    assert status == 0 and "W-OVER-ACHIEVED" in err and "0 个错误，1 个警告" in err
    assert cli_check(capsys, content, "t", "-W")[0] == 1

    content = make_court({PROJECT: _replace("score = 90", "score = 91")})
    status, err = cli_check(capsys, content, "t")
    assert status == 1 and "E-SCORE-ABOVE-WEIGHT" in err


def test_check_on_the_reference_data(capsys):
    status, err = cli_check(capsys, CONTENT, "lanzhou-xinqu")
    assert status == 1 and "E-STATED-TOTAL" in err
