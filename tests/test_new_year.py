"""The annual cycle: new-year → check lists what is missing → report refuses → fill in → report builds."""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import pytest

from reportgen.cli import main

CONTENT = Path(__file__).resolve().parents[1] / "content"


@pytest.fixture
def content(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    shutil.copytree(CONTENT / "lanzhou-xinqu", root / "lanzhou-xinqu")
    return root


def snapshot(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def fill_in(year_dir: Path) -> None:
    """What a clerk does: replace each 待填写 reminder with a value (here, last year's)."""
    for path in year_dir.rglob("*.toml"):
        text = re.sub(r"^(\s*)# 待填写（\d+年）：\S+　上年为：\n((?:\s*#   .*\n)+)",
                      lambda m: "".join(line.replace("#   ", "", 1) + "\n" for line in m[2].splitlines()),
                      path.read_text(encoding="utf-8"), flags=re.M)
        path.write_text(text, encoding="utf-8")


def run(*args: str) -> int:
    return main(list(args))


def test_annual_cycle(content: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "build"
    assert run("--content", str(content), "new-year", "lanzhou-xinqu") == 0
    new = content / "lanzhou-xinqu" / "2025"
    department = (new / "department.toml").read_text(encoding="utf-8")
    assert 'name = "基本支出预算执行率"' in department and 'target = "=100%"' in department  # carried over
    assert "\nactual = " not in department and "# 待填写（2025年）：actual" in department  # emptied, marked
    capsys.readouterr()

    assert run("--content", str(content), "check", "lanzhou-xinqu", "--year", "2025") == 1
    missing = [line for line in capsys.readouterr().err.splitlines() if "E-MISSING" in line]
    assert any("finance.spent" in line for line in missing)
    assert any("“基本支出预算执行率”尚未填写实际完成值" in line for line in missing)
    assert all(re.search(r"\.toml:\d+ \[", line) for line in missing)  # file:line [field]

    assert run("--content", str(content), "build", "lanzhou-xinqu", "--year", "2025", "-o", str(out)) == 3  # incomplete, not unreadable
    err = capsys.readouterr().err
    assert "尚未填完" in err and "还没有填完" in err and "无法读取" not in err
    assert not (out / "lanzhou-xinqu" / "2025").exists()

    before = snapshot(content)
    assert run("--content", str(content), "new-year", "lanzhou-xinqu") == 3  # 2025 is still unfilled
    assert "E-NEWYEAR" in capsys.readouterr().err
    assert snapshot(content) == before

    fill_in(new)
    assert run("--content", str(content), "build", "lanzhou-xinqu", "-o", str(out)) == 0  # latest year by default
    assert {p.name for p in (out / "lanzhou-xinqu" / "2025").iterdir() if not p.name.startswith(".")} == {
        "report.docx", "report.html", "forms.docx", "forms.html"}
    html = (out / "lanzhou-xinqu" / "2025" / "report.html").read_text(encoding="utf-8")
    assert "2024年度年初预算1157.15万元" in html and "上年得分" in html  # last year beside this year


def test_new_year_never_touches_an_existing_year(content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (content / "lanzhou-xinqu" / "2025").mkdir()  # a half-made year a clerk started by hand
    before = snapshot(content)
    assert run("--content", str(content), "new-year", "lanzhou-xinqu") == 2
    assert "lanzhou-xinqu/2025" in capsys.readouterr().err
    assert snapshot(content) == before and not (content / "lanzhou-xinqu" / "2026").exists()


def test_large_change_without_reason_is_flagged(content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run("--content", str(content), "new-year", "lanzhou-xinqu")
    fill_in(content / "lanzhou-xinqu" / "2025")
    path = content / "lanzhou-xinqu" / "2025" / "department.toml"
    path.write_text(path.read_text(encoding="utf-8").replace("budget = 1483.36", "budget = 2483.36"), encoding="utf-8")
    capsys.readouterr()
    run("--content", str(content), "check", "lanzhou-xinqu")
    assert "W-YOY-CHANGE" in capsys.readouterr().err
    path.write_text(path.read_text(encoding="utf-8") .replace("[finance]", 'change_reason = "新增审判楼建设经费。"\n\n[finance]'),
                    encoding="utf-8")
    run("--content", str(content), "check", "lanzhou-xinqu")
    assert "W-YOY-CHANGE" not in capsys.readouterr().err


def test_declaration_builds_from_the_same_indicators(tmp_path: Path) -> None:
    assert run("build", "example-tribunal", "-o", str(tmp_path), "-b", "html") == 0
    html = (tmp_path / "example-tribunal" / "2025" / "declaration.html").read_text(encoding="utf-8")
    for text in ("绩效目标申报表", "144001001", "长期聘用人员工资和社会保障缴费", "根据管委会研究决定", "≥95%", "以实际发生次数为准"):
        assert text in html


def test_blanking_keeps_other_keys_and_handles_multiline_values() -> None:
    from reportgen.newyear import blank_toml

    text = 'a = 1\ntext = """\nx # y\n"""\nstated_rate = [\n "1%",\n "2%"]\nreason = "第#1项"\nname = "n"\n'
    out = blank_toml(text, 2025)
    live = [line for line in out.splitlines() if line and not line.lstrip().startswith("#")]
    assert live == ["a = 1", 'name = "n"']
    assert '#   reason = "第#1项"' in out and "#   x # y" in out


def test_per_year_fields_come_from_the_models() -> None:
    """new-year empties what the models mark PER_YEAR: every stated_* figure and every result, never a target."""
    from reportgen.models import Department, Project, YearFile
    from reportgen.models.base import per_year_keys
    from reportgen.newyear import RESULT_KEYS

    assert RESULT_KEYS == per_year_keys(YearFile, Department, Project)
    stated = {name for model in (YearFile, Department, Project) for name in _all_fields(model) if name.startswith("stated_")}
    assert stated and stated <= RESULT_KEYS
    assert {"actual", "score", "spent", "amount", "reason"} <= RESULT_KEYS
    assert not {"target", "weight", "name", "quota", "quantity", "level1"} & RESULT_KEYS


def _all_fields(model: type) -> set[str]:
    from pydantic import BaseModel

    from reportgen.models.base import nested_models

    names: set[str] = set()
    for name, info in model.model_fields.items():  # type: ignore[attr-defined]
        names.add(name)
        for nested in nested_models(info.annotation):
            if issubclass(nested, BaseModel):
                names |= _all_fields(nested)
    return names
