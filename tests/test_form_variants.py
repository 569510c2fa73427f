"""The central (万元) variant of the project form is a court setting over the same data and tables."""

from __future__ import annotations

import shutil
from pathlib import Path

from reportgen.build import build_court

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
