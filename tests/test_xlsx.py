"""Excel workbooks in and out: export → (edit →) import on copies of the reference courts."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import signal
import subprocess
import tomllib
import zipfile
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.worksheet.worksheet import Worksheet

from reportgen.builders.docx.package import build_time
from reportgen.cli import main
from reportgen.loader import load
from tests.conftest import CONTENT, GOOD_PROJECT, write_court

COURTS = ["lanzhou-xinqu", "pingtang", "example-tribunal", "hexi-zhongyuan"]


def copy_court(tmp_path: Path, slug: str) -> Path:
    content = tmp_path / "content"
    shutil.copytree(CONTENT / slug, content / slug)
    return content


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def export(content: Path, slug: str, out: Path, year: int | None = None) -> Path:
    args = ["--content", str(content), "xlsx", "export", slug, "-o", str(out)]
    assert main(args + (["--year", str(year)] if year else [])) == 0
    return out


def run_import(content: Path, slug: str, book: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    capsys.readouterr()
    rc = main(["--content", str(content), "xlsx", "import", slug, str(book)])
    return rc, capsys.readouterr().err


def table(ws: Worksheet, title: str) -> tuple[int, dict[str, int]]:
    """The header row of a block and its columns by header."""
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == title) + 1
    return row, {str(ws.cell(row, c).value): c for c in range(1, ws.max_column + 1) if ws.cell(row, c).value}


def data_row(ws: Worksheet, title: str, index: int) -> tuple[int, dict[str, int]]:
    header, cols = table(ws, title)
    row = next(r for r in range(header + 1, ws.max_row + 1) if ws.cell(r, 1).value == index)
    return row, cols


def set_cell(ws: Worksheet, title: str, index: int, header: str, value: object) -> None:
    """Fill one column of the data row with this 序号 in the block titled `title`."""
    row, cols = data_row(ws, title, index)
    ws.cell(row, cols[header]).value = value


def form_row(ws: Worksheet, label: str) -> int:
    return next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == label)


@pytest.mark.parametrize("slug", COURTS)
def test_export_then_import_changes_nothing(slug: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = copy_court(tmp_path, slug)
    before = snapshot(content)
    book = export(content, slug, tmp_path / "book.xlsx")
    rc, err = run_import(content, slug, book, capsys)
    assert rc == 0, err
    assert snapshot(content) == before


@pytest.mark.parametrize("slug", COURTS)
def test_export_edit_import_gives_the_data(slug: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = copy_court(tmp_path, slug)
    before = load(content, slug).data.projects[0]
    book = export(content, slug, tmp_path / "book.xlsx")
    wb = openpyxl.load_workbook(book)
    ws = wb["项目01"]
    row, cols = data_row(ws, "【三级指标】", 1)
    ws.cell(row, cols["年度指标值"]).value = "≥99件"
    ws.cell(row, cols["备注"]).value = "已核对"
    last = max(r for r in range(row, ws.max_row + 1) if isinstance(ws.cell(r, 1).value, int))
    for key, value in {"一级指标": before.indicators[-1].level1, "二级指标": "新增二级", "三级指标": "新增三级",
                       "年度指标值": "＝1项"}.items():
        ws.cell(last + 1, cols[key]).value = value
    ws.cell(form_row(ws, "联系人"), 2).value = "王五"
    wb.save(book)
    rc, err = run_import(content, slug, book, capsys)
    assert rc == 0, err
    after = load(content, slug).data.projects[0]
    first = after.indicators[0]
    assert (first.target, first.remark, after.contact) == ("≥99件", "已核对", "王五")
    assert [i.name for i in after.indicators] == [i.name for i in before.indicators] + ["新增三级"]
    assert after.indicators[-1].model_dump(exclude_defaults=True) == {
        "level1": before.indicators[-1].level1, "level2": "新增二级", "name": "新增三级", "target": "＝1项"}
    unchanged = {"target", "remark"}
    assert first.model_dump(exclude=unchanged) == before.indicators[0].model_dump(exclude=unchanged)
    assert after.indicators[1:-1] == before.indicators[1:]
    cy = load(content, slug)
    source = cy.source_of(cy.data.projects[0])
    assert source is not None
    assert (f'\n\n[[indicators]]\nlevel1 = "{before.indicators[-1].level1}"\nlevel2 = "新增二级"\nname = "新增三级"\n'
            'target = "＝1项"\n') in source.path.read_text(encoding="utf-8")  # set off by a blank line


def test_nested_models_edit_their_own_tables(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """hexi-zhongyuan's [accounts] and [staff] are rows of the department's form; a spare row adds a line."""
    content = copy_court(tmp_path, "hexi-zhongyuan")
    before = load(content, "hexi-zhongyuan").data.department
    assert before is not None and before.accounts is not None and before.staff is not None
    book = export(content, "hexi-zhongyuan", tmp_path / "book.xlsx")
    wb = openpyxl.load_workbook(book)
    ws = wb["部门整体"]
    income = len(before.accounts.income)
    ws.cell(form_row(ws, "部门决算明细：本年收入（1）金额"), 2).value = 7900
    ws.cell(form_row(ws, f"部门决算明细：本年收入（{income + 1}）名称"), 2).value = "上级补助收入"
    ws.cell(form_row(ws, f"部门决算明细：本年收入（{income + 1}）金额"), 2).value = 12.5
    ws.cell(form_row(ws, "人员：编制内人员（1）年末实有人数"), 2).value = 170
    wb.save(book)
    rc, err = run_import(content, "hexi-zhongyuan", book, capsys)
    assert rc == 0, err
    after = load(content, "hexi-zhongyuan").data.department
    assert after is not None and after.accounts is not None and after.staff is not None
    assert [(line.name, line.amount) for line in after.accounts.income] == \
        [(before.accounts.income[0].name, Decimal(7900)),
         *((line.name, line.amount) for line in before.accounts.income[1:]), ("上级补助收入", Decimal("12.5"))]
    assert after.staff.posts[0].actual == 170
    assert after.accounts.spending == before.accounts.spending
    text = (content / "hexi-zhongyuan/2024/department.toml").read_text(encoding="utf-8")
    assert '\n\n[[accounts.income]]\nname = "上级补助收入"\namount = 12.5\n\n[[accounts.spending]]\n' in text


def test_export_is_deterministic_and_marks_computed_cells(tmp_path: Path) -> None:
    content = copy_court(tmp_path, "pingtang")
    first = export(content, "pingtang", tmp_path / "a.xlsx").read_bytes()
    assert export(content, "pingtang", tmp_path / "b.xlsx").read_bytes() == first
    with zipfile.ZipFile(io.BytesIO(first)) as z:  # no clock anywhere: the build time, one date for every entry
        assert build_time().strftime("%Y-%m-%dT%H:%M:%SZ") in z.read("docProps/core.xml").decode()
        assert len({i.date_time for i in z.infolist()}) == 1
    ws = openpyxl.load_workbook(tmp_path / "a.xlsx")["项目03"]
    assert ws.protection.sheet
    row, cols = data_row(ws, "【三级指标】", 1)
    score_rate = ws.cell(row, cols["得分率"])
    assert score_rate.value == 100 and score_rate.protection.locked and score_rate.font.italic
    assert not ws.cell(row, cols["得分"]).protection.locked
    total = ws.cell(form_row(ws, "总分"), 2)
    assert total.value == Decimal("97.29") or total.value == pytest.approx(97.29)
    assert total.protection.locked
    lists = {dv.formula1 for dv in ws.data_validations.dataValidation if dv.type == "list"}
    assert '"产出指标,效益指标,满意度指标"' in lists  # 一级 names
    assert any(dv.type == "decimal" for dv in ws.data_validations.dataValidation)


def test_edits_reach_the_data_with_comments_kept(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    slug = "lanzhou-xinqu"
    content = copy_court(tmp_path, slug)
    court = content / slug
    project = court / "2024/projects/01-quansheng-yewufei.toml"
    before_toml = project.read_text(encoding="utf-8")
    before = snapshot(content)
    book = export(content, slug, tmp_path / "book.xlsx")
    wb = openpyxl.load_workbook(book)
    ws = wb["项目01"]
    row, cols = data_row(ws, "【三级指标】", 1)
    ws.cell(row, cols["得分"]).value = 17
    summary = form_row(ws, "总体绩效目标完成情况分析")
    ws.cell(summary, 2).value = "第一段。\n\n第二段，{{ year }}年。"
    # a new indicator typed into a row inserted under 序号 3, and one in the first spare row
    row3, _ = data_row(ws, "【三级指标】", 3)
    ws.insert_rows(row3 + 1)
    for key, value in {"一级指标": "产出指标", "二级指标": "数量指标", "三级指标": "新增指标",
                       "年度指标值": "≥2次", "实际完成值": "3次", "分值": 0}.items():
        ws.cell(row3 + 1, cols[key]).value = value
    last, _ = data_row(ws, "【三级指标】", 14)
    for key, value in {"一级指标": "满意度指标", "二级指标": "服务对象满意度指标", "三级指标": "末尾新增",
                       "年度指标值": "≥90%"}.items():
        ws.cell(last + 1, cols[key]).value = value
    dept = wb["部门整体"]
    dept.cell(form_row(dept, "总体绩效目标"), 2).value = "新的总体目标。"
    dept.cell(form_row(dept, "编制数"), 2).value = 71
    wb.save(book)

    rc, err = run_import(content, slug, book, capsys)
    assert rc == 0, err
    after = snapshot(content)
    changed = {name for name in after if after[name] != before[name]}
    assert changed == {f"{slug}/2024/projects/01-quansheng-yewufei.toml", f"{slug}/2024/department.toml",
                       f"{slug}/2024/projects/text/01-summary.md"}
    assert (court / "2024/projects/text/01-summary.md").read_text(encoding="utf-8") == "第一段。\n\n第二段，{{ year }}年。\n"

    text = project.read_text(encoding="utf-8")
    removed = [line for line in before_toml.splitlines() if line not in text.splitlines()]
    assert removed == ["score = 18"]  # one value replaced; every comment and other line kept
    assert "# 原文如此：定性指标却印数值“100%”，不是“100%-80%(含)”等档次" in text
    dept_text = (court / "2024/department.toml").read_text(encoding="utf-8")
    assert 'goal = "新的总体目标。"' in dept_text and "staff_quota = 71               # 编制数（人）" in dept_text

    cy = load(content, slug)
    names = [i.name for i in cy.data.projects[0].indicators]
    assert names[:5] == ["成本控制情况", "调解员补助支付完成率", "结案率", "新增指标", "人均结案数"]
    assert names[-1] == "末尾新增" and len(names) == 16
    added = cy.data.projects[0].indicators[3]
    assert (added.target, added.actual, added.weight) == ("≥2次", "3次", Decimal(0))
    assert cy.data.projects[0].indicators[0].score == 17
    assert cy.data.department is not None and cy.data.department.finance.staff_quota == 71

    # the same workbook again would add the rows twice: the rows it lacks are named instead
    rc, err = run_import(content, slug, book, capsys)
    assert rc == 2 and "E-XLSX-ROW" in err and "项目01!" in err
    assert snapshot(content) == after


Mutation = Callable[[openpyxl.Workbook], None]


def _word_in_number(wb: openpyxl.Workbook) -> None:
    set_cell(wb["项目01"], "【三级指标】", 2, "分值", "五分")


def _unknown_level1(wb: openpyxl.Workbook) -> None:
    set_cell(wb["项目01"], "【三级指标】", 2, "一级指标", "产出指表")


def _deleted_sheet(wb: openpyxl.Workbook) -> None:
    del wb["项目02"]


def _deleted_header(wb: openpyxl.Workbook) -> None:
    ws = wb["项目01"]
    header, cols = table(ws, "【三级指标】")
    ws.cell(header, cols["分值"]).value = None


def _broken_merge(wb: openpyxl.Workbook) -> None:
    ws = wb["项目01"]
    row = form_row(ws, "项目名称")
    ws.unmerge_cells(start_row=row, start_column=2, end_row=row, end_column=8)
    ws.cell(row, 4).value = "挪到了别处的名称"


def _merge_across_fields(wb: openpyxl.Workbook) -> None:
    ws = wb["项目01"]
    row, cols = data_row(ws, "【三级指标】", 2)
    ws.merge_cells(start_row=row, start_column=cols["分值"], end_row=row, end_column=cols["得分"])


def _deleted_row(wb: openpyxl.Workbook) -> None:
    ws = wb["部门整体"]
    row, _ = data_row(ws, "【三级指标】", 5)
    ws.delete_rows(row)


def _cleared_level1(wb: openpyxl.Workbook) -> None:
    set_cell(wb["项目02"], "【三级指标】", 1, "一级指标", None)


def _bad_choice(wb: openpyxl.Workbook) -> None:
    set_cell(wb["项目01"], "【项目资金】", 1, "资金来源", "财政拨款")


def _deleted_block_title(wb: openpyxl.Workbook) -> None:
    ws = wb["项目01"]
    ws.cell(form_row(ws, "【项目资金】"), 1).value = None


def _word_in_date(wb: openpyxl.Workbook) -> None:
    ws = wb["项目01"]
    ws.cell(form_row(ws, "填报日期"), 2).value = "下周一"


@pytest.mark.parametrize(("mutate", "code", "where"), [
    (_word_in_number, "E-XLSX-NUMBER", "[项目01!G"),
    (_unknown_level1, "E-XLSX-LEVEL1", "[项目01!B"),
    (_deleted_sheet, "E-XLSX-SHEET", "[项目02]"),
    (_deleted_header, "E-XLSX-HEADER", "[项目01!A"),
    (_broken_merge, "E-XLSX-MERGE", "[项目01!D"),
    (_merge_across_fields, "E-XLSX-MERGE", "[项目01!H"),
    (_deleted_row, "E-XLSX-ROW", "[部门整体!A"),
    (_cleared_level1, "E-XLSX-SCHEMA", "[项目02!B"),
    (_bad_choice, "E-XLSX-CHOICE", "[项目01!B"),
    (_word_in_date, "E-XLSX-DATE", "[项目01!B"),
    (_deleted_block_title, "E-XLSX-HEADER", "[项目01]"),
])
def test_a_bad_workbook_changes_no_file(mutate: Mutation, code: str, where: str, tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    slug = "lanzhou-xinqu"
    content = copy_court(tmp_path, slug)
    before = snapshot(content)
    book = export(content, slug, tmp_path / "book.xlsx")
    wb = openpyxl.load_workbook(book)
    ws = wb["部门整体"]  # a good edit beside the bad one must not be written either
    ws.cell(form_row(ws, "总体绩效目标"), 2).value = "改过的目标。"
    mutate(wb)
    wb.save(book)
    rc, err = run_import(content, slug, book, capsys)
    assert rc == 2
    assert code in err and where in err, err
    assert "Traceback" not in err
    assert snapshot(content) == before


def _zip_without_workbook() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("hello.txt", "不是工作簿")
    return out.getvalue()


@pytest.mark.parametrize(("data", "says"), [
    (b"", "空的"),
    ("一级指标,二级指标\n产出指标,数量指标\n".encode(), "不是 Excel 工作簿"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500), "密码"),
    (None, "损坏"),  # the exported workbook cut in half
    (_zip_without_workbook(), "损坏"),
])
def test_a_file_that_is_not_a_workbook(data: bytes | None, says: str, tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    content = copy_court(tmp_path, "pingtang")
    before = snapshot(content)
    book = tmp_path / "book.xlsx"
    if data is None:
        whole = export(content, "pingtang", tmp_path / "whole.xlsx").read_bytes()
        data = whole[: len(whole) // 2]
    book.write_bytes(data)
    rc, err = run_import(content, "pingtang", book, capsys)
    assert rc == 2 and "E-XLSX-FILE" in err and says in err, err
    assert snapshot(content) == before


def test_every_problem_of_a_workbook_at_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = copy_court(tmp_path, "lanzhou-xinqu")
    book = export(content, "lanzhou-xinqu", tmp_path / "book.xlsx")
    wb = openpyxl.load_workbook(book)
    _word_in_number(wb)
    _unknown_level1(wb)
    ws = wb["项目02"]
    header, cols = table(ws, "【三级指标】")
    last = max(r for r in range(header + 1, ws.max_row + 1) if isinstance(ws.cell(r, 1).value, int))
    ws.cell(last + 1, cols["一级指标"]).value = "成果指标"  # a new row with an unknown 一级
    ws.cell(last + 1, cols["三级指标"]).value = "新指标"
    wb.save(book)
    rc, err = run_import(content, "lanzhou-xinqu", book, capsys)
    assert rc == 2
    assert [line.split(": ")[1].split()[1] for line in err.splitlines() if "错误" in line] == \
        ["E-XLSX-NUMBER", "E-XLSX-LEVEL1", "E-XLSX-LEVEL1"]
    assert f"[项目02!B{last + 1}]" in err and "工作簿中有 3 处问题，数据文件均未改动" in err


def test_a_workbook_of_another_court_or_year(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = copy_court(tmp_path, "pingtang")
    shutil.copytree(CONTENT / "example-tribunal", content / "example-tribunal")
    book = export(content, "example-tribunal", tmp_path / "book.xlsx")
    rc, err = run_import(content, "pingtang", book, capsys)
    assert rc == 2 and "E-XLSX-COURT" in err and "[说明!B3]" in err


def test_a_sheet_whose_project_file_moved_since_the_export(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = copy_court(tmp_path, "lanzhou-xinqu")
    book = export(content, "lanzhou-xinqu", tmp_path / "book.xlsx")
    projects = content / "lanzhou-xinqu/2024/projects"
    (projects / "01-quansheng-yewufei.toml").rename(projects / "03-quansheng-yewufei.toml")
    before = snapshot(content)
    rc, err = run_import(content, "lanzhou-xinqu", book, capsys)
    assert rc == 2 and "E-XLSX-SHEET" in err and "[项目01!B2]" in err and "重新导出" in err
    assert snapshot(content) == before


def test_a_windows_file_keeps_its_bom_and_line_endings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = copy_court(tmp_path, "pingtang")
    path = content / "pingtang/2024/projects/01-dianli-xitong-weixiu-gaizao.toml"
    text = path.read_text(encoding="utf-8")
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    book = export(content, "pingtang", tmp_path / "book.xlsx")
    wb = openpyxl.load_workbook(book)
    set_cell(wb["项目01"], "【三级指标】", 1, "备注", "第一行\n第二行")
    wb.save(book)
    rc, err = run_import(content, "pingtang", book, capsys)
    assert rc == 0, err
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and raw.count(b"\r\n") == raw.count(b"\n")
    assert raw.decode("utf-8-sig").replace("\r\n", "\n").count("\n") == text.count("\n") + 2
    assert load(content, "pingtang").data.projects[0].indicators[0].remark == "第一行\n第二行"


def test_a_json_data_file_is_read_but_not_rewritten(make_court: Callable[..., Path], tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    project = {"name": "测试项目", "funds": [{"source": "本级安排", "budget": 100, "spent": 100}],
               "groups": [{"name": "产出指标", "weight": 90}],
               "indicators": [{"level1": "产出指标", "level2": "数量指标", "name": "面积", "target": "≥5平方米",
                               "actual": "5平方米", "weight": 90, "score": 90}]}
    content = make_court({"2024/projects/01-x.json": json.dumps(project, ensure_ascii=False)})
    before = snapshot(content)
    book = export(content, "t", tmp_path / "book.xlsx")
    rc, err = run_import(content, "t", book, capsys)
    assert rc == 0, err
    wb = openpyxl.load_workbook(book)
    set_cell(wb["项目01"], "【三级指标】", 1, "得分", 80)
    wb.save(book)
    rc, err = run_import(content, "t", book, capsys)
    assert rc == 2 and "E-XLSX-JSON" in err and "01-x.json" in err
    assert snapshot(content) == before


def test_two_cells_of_one_markdown_file_edited_differently(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """pingtang 项目03: two indicators share one reason file; one text cannot become two."""
    content = copy_court(tmp_path, "pingtang")
    before = snapshot(content)
    book = export(content, "pingtang", tmp_path / "book.xlsx")
    wb = openpyxl.load_workbook(book)
    ws = wb["项目03"]
    for index, text in ((6, "原因甲"), (7, "原因乙")):
        set_cell(ws, "【三级指标】", index, "未完成原因分析", text)
    wb.save(book)
    rc, err = run_import(content, "pingtang", book, capsys)
    assert rc == 2 and "E-XLSX-TEXT" in err and "reason-xiangmu-biangeng.md" in err
    assert snapshot(content) == before


def test_new_year_gives_the_sheets_to_fill_in(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    slug = "lanzhou-xinqu"
    content = copy_court(tmp_path, slug)
    assert main(["--content", str(content), "new-year", slug]) == 0
    book = export(content, slug, tmp_path / "book.xlsx")
    wb = openpyxl.load_workbook(book)
    assert wb["说明"]["B4"].value == 2025
    ws = wb["项目01"]
    header, cols = table(ws, "【三级指标】")
    rows = [r for r in range(header + 1, ws.max_row + 1) if isinstance(ws.cell(r, 1).value, int)]
    assert len(rows) == 14
    assert all(ws.cell(r, cols["实际完成值"]).value is None and ws.cell(r, cols["得分"]).value is None for r in rows)
    assert ws.cell(rows[0], cols["年度指标值"]).value == "在预算范围之内"  # targets carry over
    ws.cell(rows[1], cols["实际完成值"]).value = "100"
    ws.cell(rows[1], cols["得分"]).value = 5
    wb.save(book)
    rc, err = run_import(content, slug, book, capsys)
    assert rc == 0, err
    path = content / slug / "2025/projects/01-quansheng-yewufei.toml"
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert (data["indicators"][1]["actual"], data["indicators"][1]["score"]) == ("100", 5)
    # each value lands under the reminder new-year left for it, not at the end of the table
    assert '# 待填写（2025年）：actual　上年为：\n#   actual = "100"\nactual = "100"\nweight = 5\n' \
        '# 待填写（2025年）：score　上年为：\n#   score = 5\nscore = 5\n' in path.read_text(encoding="utf-8")
    assert load(content, slug, 2025).data.projects[0].indicators[1].actual == "100"


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def _calc(args: list[str], tmp_path: Path) -> None:
    """LibreOffice Calc headless, with a private profile and a bound on its time."""
    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    profile = (tmp_path / "profile").as_uri()
    proc = subprocess.Popen([SOFFICE, f"-env:UserInstallation={profile}", "--headless", *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    try:
        out, err = proc.communicate(timeout=240)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        pytest.fail("soffice did not finish within 240 s")
    if b"could not be loaded" in out + err or proc.returncode != 0:
        pytest.skip(f"LibreOffice Calc cannot open workbooks here: {(out + err).decode(errors='replace')[-200:]}")


def test_libreoffice_reads_every_sheet(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = copy_court(tmp_path, "pingtang")
    book = export(content, "pingtang", tmp_path / "pingtang.xlsx")
    out = tmp_path / "csv"
    _calc(["--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
           "--outdir", str(out), str(book)], tmp_path)
    sheets = {p.stem.removeprefix("pingtang-"): list(csv.reader(io.StringIO(p.read_text(encoding="utf-8"))))
              for p in out.glob("*.csv")}
    assert set(sheets) == {"说明", "单位信息", "年度文字", *(f"项目{n:02d}" for n in range(1, 11))}
    assert ["法院代号", "pingtang"] == sheets["说明"][2][:2]
    rows = sheets["项目03"]
    header = next(i for i, r in enumerate(rows) if r[0] == "【三级指标】") + 1
    first = dict(zip(rows[header], rows[header + 1], strict=True))
    assert (first["三级指标"], first["年度指标值"], first["实际完成值"], first["分值"]) == \
        ("生成全流程电子卷宗全年案件数", "≥5000件", "6339件", "10")
    assert ["总分", "97.29"] == next(r for r in rows if r[0] == "总分")[:2]
    assert ["项目名称", "审判辅助事务购买社会化服务专项资金"] == next(r for r in rows if r[0] == "项目名称")[:2]

    # the workbook saved again by LibreOffice imports as no change at all
    resaved = tmp_path / "resaved"
    _calc(["--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(resaved), str(book)], tmp_path)
    before = snapshot(content)
    rc, err = run_import(content, "pingtang", resaved / "pingtang.xlsx", capsys)
    assert rc == 0, err
    assert snapshot(content) == before


def test_fields_come_from_the_models_nested_ones_too() -> None:
    """A model added inside a sheet's model (as [accounts] in a department) appears without a second list."""
    from pydantic import Field as PydanticField

    from reportgen.models.base import NonNegative, Strict, Text
    from reportgen.xlsx import layout

    class Line(Strict):
        name: str = PydanticField(description="名称，如 工资福利支出")
        amount: NonNegative | None = PydanticField(None, description="金额")

    class Accounts(Strict):
        total: NonNegative | None = PydanticField(None, description="合计")
        lines: list[Line] = PydanticField(default_factory=list, description="本年支出")

    class Unit(Strict):
        name: str = PydanticField(description="单位全称")
        note: Text = PydanticField("", description="说明；可不填")
        accounts: Accounts | None = PydanticField(None, description="部门决算")
        other: Accounts | None = PydanticField(None, description="另一组")

    unit = Unit(name="甲", accounts=Accounts(total=Decimal(3), lines=[Line(name="工资", amount=Decimal(3))]))
    rows = layout.form_rows(layout.Form("【单位】", Unit, texts=False), unit)
    assert [(r.label, r.path, r.field.kind) for r in rows] == [
        ("单位全称", ("name",), "text"),
        ("部门决算：合计", ("accounts", "total"), "number"),
        ("部门决算：本年支出（1）名称", ("accounts", "lines", 0, "name"), "text"),
        ("部门决算：本年支出（1）金额", ("accounts", "lines", 0, "amount"), "number"),
        ("部门决算：本年支出（2）名称", ("accounts", "lines", 1, "name"), "text"),  # a spare element
        ("部门决算：本年支出（2）金额", ("accounts", "lines", 1, "amount"), "number"),
    ]  # the optional model the data has not got ("other") is left out, as is the long text of a texts=False form
    placed = layout.form_rows(layout.Form("【单位】", Unit), unit, frozenset({("accounts",)}))
    assert [r.label for r in placed] == ["单位全称", "说明"]


_PIECES = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Co", "Cn"), blacklist_characters="\ufffe\uffff"),
                  max_size=8) | st.sampled_from(["\n", "\n\n", '"', "'", "\\", "=", "{{ year }}", "#", "\'\'\'", '"""'])
_TYPED = st.lists(_PIECES, max_size=8).map("".join)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(remark=_TYPED, target=_TYPED.filter(lambda t: 0 < len(t.strip()) <= 100 and "\n" not in t),
       weight=st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False))
def test_whatever_a_clerk_types_comes_back_exactly(remark: str, target: str, weight: Decimal, tmp_path: Path) -> None:
    """Quotes, backslashes, a leading “=”, Jinja and line breaks survive workbook → TOML → data, and
    the next export of that data imports as no change."""
    content = write_court(tmp_path / str(abs(hash((remark, target, weight)))), {
        "court.toml": 'name = "测试法院"\n', "2024/year.toml": 'documents = ["forms"]\n',
        "2024/projects/01-x.toml": GOOD_PROJECT})
    book = tmp_path / "book.xlsx"
    export(content, "t", book)
    wb = openpyxl.load_workbook(book)
    row, cols = data_row(wb["项目01"], "【三级指标】", 1)
    for key, value in (("备注", remark), ("年度指标值", target), ("分值", weight)):
        cell = wb["项目01"].cell(row, cols[key])
        cell.value = value
        if isinstance(value, str):
            cell.data_type = "s"  # typed into a text cell: “=…” stays text in Excel, as openpyxl must be told
    wb.save(book)
    assert main(["--content", str(content), "xlsx", "import", "t", str(book)]) == 0
    indicator = load(content, "t").data.projects[0].indicators[0]
    assert (indicator.remark, indicator.target, indicator.weight) == (remark.strip(), target.strip(), weight)
    before = snapshot(content)
    assert main(["--content", str(content), "xlsx", "import", "t", str(export(content, "t", book))]) == 0
    assert snapshot(content) == before
