"""Bad input gives one clear Chinese message with file, line and field, and `reportgen check` exits 2.

One bad value or file per case lives in the corpus (tests/corpus/, run by test_bad_input_corpus.py);
here are the tests the corpus cannot express: several problems at once, court names on the command line,
line numbers in tricky files, and JSON read exactly as TOML.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import tomllib
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import CONTENT, GOOD_PROJECT, line_of

from reportgen.checks import run_checks
from reportgen.cli import main
from reportgen.findings import Finding, InputError
from reportgen.loader import load
from reportgen.scoring import score_year

CJK = re.compile(r"[\u4e00-\u9fff]")

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


def _replace(old: str, new: str) -> str:
    assert old in GOOD_PROJECT
    return GOOD_PROJECT.replace(old, new)


def test_good_project_loads(make_court):
    cy = load(make_court({PROJECT: GOOD_PROJECT}), "t")
    assert [p.name for p in cy.data.projects] == ["测试项目"]


# ---------------------------------------------------------------- lines and fields

def test_line_numbers_after_multiline_strings_and_comments(make_court):
    text = _replace('name = "测试项目"\n', 'name = "测试项目"\ngoal = """第一行\n[[indicators]]\nscore = 1\n"""\n'
                    "# score = 2\n").replace("score = 90", 'score = "九十"')
    f = the_one(load_error(make_court({PROJECT: text})))
    assert where(f) == ("01-test.toml", line_of(text, 'score = "九十"'), "indicators[0].score")


def test_syntax_error_on_a_line_of_several_keys_names_their_table(make_court):
    text = ('{\n  "name": "测试项目",\n  "funds": [\n    { "source": "本级安排", "budget": 100 "spent": 100 }\n'
            '  ]\n}\n')
    f = the_one(load_error(make_court({"2024/projects/01-test.json": text})))
    assert (f.code, *where(f)) == ("E-INPUT-SYNTAX", "01-test.json", 4, "funds[0]")


def test_malformed_json_is_explained_in_chinese(make_court):
    text = '{\n  "name": "测试项目",\n  "execution_weight": 10x,\n  "funds": []\n}\n'
    content = make_court({"2024/projects/01-test.json": text})
    f = the_one(load_error(content))
    explanation = f.message.removeprefix("JSON 语法错误：")
    assert CJK.search(re.sub(r"（第\d+列）", "", explanation)), f.message


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


def test_missing_year(make_court, capsys):
    content = make_court({PROJECT: GOOD_PROJECT})
    with pytest.raises(InputError) as info:
        load(content, "t", 2023)
    f = the_one(info.value.findings)
    assert f.code == "E-INPUT-YEAR" and "2023" in f.message and "2024" in f.message
    assert cli_check(capsys, content, "t", "--year", "2023")[0] == 2


# ---------------------------------------------------------------- text files

def test_text_file_is_read(make_court):
    content = make_court({
        PROJECT: _replace('name = "测试项目"', 'name = "测试项目"\ngoal = { file = "../text/goal.md" }'),
        "2024/text/goal.md": "\n保障审判工作。\n\n第二段。\n",
    })
    cy = load(content, "t")
    assert cy.data.projects[0].goal == "保障审判工作。\n\n第二段。"


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
        if tf.location.file.endswith(".md"):  # a finding in a Markdown text names that file, whatever the data file
            assert (Path(jf.location.file).name, jf.location.line) == (Path(tf.location.file).name, tf.location.line)
            continue
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
