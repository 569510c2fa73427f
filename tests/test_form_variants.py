"""The central (万元) variant of the project form is a court setting over the same data and tables."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from reportgen.build import build_court
from reportgen.findings import InputError

CONTENT = Path(__file__).resolve().parents[1] / "content"


def test_central_variant_changes_rows_and_columns_not_figures(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(CONTENT / "pingtang", content / "pingtang")
    court = content / "pingtang" / "court.toml"
    court.write_text(court.read_text(encoding="utf-8").replace('form_variant = "local"', 'form_variant = "central"'),
                     encoding="utf-8")
    build_court(content, "pingtang", None, tmp_path / "out", ("html",))
    html = (tmp_path / "out" / "pingtang" / "2024" / "forms.html").read_text(encoding="utf-8")
    for label in ("年度资金总额", "其中：本年财政拨款", "上年结转资金", "其他资金", "偏差原因分析及改进措施", ">主管部门<"):
        assert label in html, label
    for label in ("本级安排：", "其中：上级补助：", "未完成原因分析", "主管部门及代码"):
        assert label not in html, label
    assert "599,619.76" in html and "70.93" in html and "97.09" in html  # same data, same figures


def _pingtang_with(tmp_path: Path, settings: str) -> Path:
    content = tmp_path / "content"
    shutil.copytree(CONTENT / "pingtang", content / "pingtang")
    court = content / "pingtang" / "court.toml"
    court.write_text(court.read_text(encoding="utf-8").replace("[settings]\n", f"[settings]\n{settings}\n", 1),
                     encoding="utf-8")
    return content


def test_a_court_sets_a_table_s_widths_and_leaves_the_stamp_blank(tmp_path: Path) -> None:
    content = _pingtang_with(tmp_path, "table_widths = { form_indicators = [3, 8, 8, 12, 10, 10, 5, 5, 22, 17] }\n"
                                       "form_unit_blank = true")
    build_court(content, "pingtang", None, tmp_path / "out", ("html",))
    html = (tmp_path / "out" / "pingtang" / "2024" / "forms.html").read_text(encoding="utf-8")
    assert "单位（盖章）：　" in html and "单位（盖章）：平塘" not in html
    plain = build_court(CONTENT, "pingtang", None, tmp_path / "plain", ("html",))
    fitted = plain.written[0].read_text(encoding="utf-8")
    assert "单位（盖章）：平塘县人民法院" in fitted

    def indicator_columns(page: str) -> list[float]:
        cols = re.findall(r'<col style="width:([\d.]+)%">', page.split("一级指标")[0].rsplit("<colgroup>", 1)[1])
        assert len(cols) == 10
        return [float(c) for c in cols]

    # the court's 22 parts widen 未完成原因分析; 年度指标值 keeps the width of 2023年12月31日 all the same
    court, fit = indicator_columns(html), indicator_columns(fitted)
    assert court[8] > fit[8] + 3 and court[4] >= fit[4] - 0.2


def test_widths_for_an_unknown_table_or_the_wrong_count_are_refused(tmp_path: Path) -> None:
    for setting, words in (("table_widths = { forms = [1, 2] }", "没有名为“forms”的表格"),
                           ("table_widths = { group = [1, 2] }", "有7列，这里给了2个列宽")):
        content = _pingtang_with(tmp_path / str(len(words)), setting)
        with pytest.raises(InputError) as caught:
            build_court(content, "pingtang", None, tmp_path / "out", ("html",))
        text = " ".join(f.message for f in caught.value.findings)
        assert words in text and "court.toml" in " ".join(str(f.location) for f in caught.value.findings)
