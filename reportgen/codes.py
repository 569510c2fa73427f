"""Every finding code the package emits, in one table: its severity, the stage that finds it, and
what it means. The CLI and the batch ask it which findings a build prints in full, the checks take
their severity from it, and docs/codes.md is generated from it (`python -m reportgen.codes`).

A new code is one line of `_TABLE`; tests/test_codes.py fails on a code used but not listed here.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from typing import Literal

from reportgen.findings import Finding, Severity

Stage = Literal["input", "check", "template", "markup", "output", "new-year", "xlsx"]

STAGES: dict[Stage, str] = {
    "input": "读取数据",
    "check": "核对数据",
    "template": "填入模板",
    "markup": "解析排版标记",
    "output": "生成 Word/网页",
    "new-year": "新建年度",
    "xlsx": "导入 Excel 工作簿",
}

#: stages whose findings a build prints in full; the others a build only counts (`make check` lists them)
SHOWN_STAGES: frozenset[Stage] = frozenset({"template", "markup", "output"})

PATTERN = re.compile(r"^[EW](?:-[A-Z0-9]+)+$")
"""What a code looks like: E- for an error, W- for a warning."""


@dataclass(frozen=True)
class Code:
    code: str
    stage: Stage
    meaning: str  # one line, in Chinese

    @property
    def severity(self) -> Severity:
        return "error" if self.code.startswith("E-") else "warning"

    @property
    def shown(self) -> bool:
        """Whether a build prints the finding in full (rendering problems), not only counts it."""
        return self.stage in SHOWN_STAGES


_TABLE: list[tuple[str, Stage, str]] = [
    ("E-INPUT-SYNTAX", "input", "TOML/JSON 语法错误，或 JSON 最外层不是对象"),
    ("E-INPUT-SCHEMA", "input", "字段的类型、取值或名称不符合数据格式"),
    ("E-INPUT-FILE", "input", "文件无法读取：是文件夹、管道或设备，链接失效或成环，太大，或没有权限"),
    ("E-INPUT-LIMIT", "input", "数据嵌套过深、数字位数过多，或内容大得超出程序能处理的范围"),
    ("E-INPUT-ENCODING", "input", "文件不是 UTF-8 编码"),
    ("E-INPUT-CONTROL", "input", "文件中有 Word 无法保存的控制字符"),
    ("E-INPUT-DUPLICATE", "input", "同一数据同时有 .toml 和 .json 两个文件"),
    ("E-INPUT-COURT", "input", "法院代号不合规、法院不存在或缺少 court.toml"),
    ("E-INPUT-YEAR", "input", "年度不存在或缺少 year.toml"),
    ("W-TEXT-HTML", "input", "文字中有 HTML 标签，会原样印出"),
    ("E-MISSING", "check", "数据尚未填完（缺分值、得分、完成值、资金或文档所需部分），不能生成文件"),
    ("W-FORM-EMPTY", "check", "自评表中有空白格"),
    ("E-DUP-INDICATOR", "check", "同一指标在同一类中出现两次"),
    ("E-DUP-PROJECT", "check", "项目同名且无法以编码区分"),
    ("W-DUP-PROJECT", "check", "项目同名，以编码区分"),
    ("W-DUP-GOAL", "check", "两个项目的绩效目标一字不差"),
    ("W-DATE-YEAR", "check", "日期不在报告年度内"),
    ("E-UNIT-MISMATCH", "check", "年度指标值与实际完成值单位不同，无法比较"),
    ("W-TARGET-NEVER-MISSED", "check", "目标不可能达不到，起不到考核作用"),
    ("E-PROJECT-ABOVE-DEPARTMENT", "check", "项目预算超过部门全年预算（多半是元与万元混用）"),
    ("E-EXEC-ZERO", "check", "全年预算数为 0，无法计算预算执行率"),
    ("W-EXEC-OVER", "check", "全年执行数超过全年预算数"),
    ("E-COST-OVER-SPENT", "check", "成本指标实际金额合计超过全年执行数"),
    ("W-SPENDING-PLAN", "check", "资金支出计划不是 4 个逐季累计、年底为 100% 的百分比"),
    ("W-TEXT-AMOUNT", "check", "文字中的金额与预算数不符"),
    ("W-TEXT-CLAIM", "check", "文字称目标均已完成、达到指标值或无偏离，而有指标未达标或预算执行率过低"),
    ("W-YOY-CHANGE", "check", "与上年相比变化过大"),
    ("E-STATED-RATE", "check", "印出的比率与按数据计算的不符"),
    ("E-STATED-TOTAL", "check", "印出的合计或得分与各项之和不符"),
    ("E-STATED-GRADE", "check", "印出的等级与总分不符"),
    ("E-STATED-COUNT", "check", "文字中写的指标个数或各等级项目个数与计算结果不符"),
    ("E-STATED-ACTUAL", "check", "印出的实际完成值与决算数据不符"),
    ("E-WEIGHT-GROUP", "check", "一级指标分值未声明，或与其三级指标分值合计不符"),
    ("E-WEIGHT-TOTAL", "check", "各项分值合计不是 100"),
    ("E-SCORE-ABOVE-WEIGHT", "check", "得分超过分值"),
    ("W-SCORE-JUDGEMENT", "check", "自评分与计分规则不符，但填写了原因"),
    ("E-SCORE-RULE", "check", "定量指标自评分与计分规则不符且未说明原因（文件按规则印出）"),
    ("E-QUAL-TIER", "check", "定性指标得分不在完成档次对应的范围内"),
    ("W-NO-REASON", "check", "得分低于分值但未填写偏差原因"),
    ("W-OVER-ACHIEVED", "check", "实际完成值远超目标，目标可能定得过低"),
    ("E-TREE-LEVEL", "check", "整体评分的一级或二级指标下还有下级指标，得分会重复计算"),
    ("E-ACCOUNTS-SUM", "check", "部门决算的合计与其各项之和不符（收入、支出、基本支出与项目支出）"),
    ("E-ACCOUNTS-BALANCE", "check", "结转结余不平衡：年初结转结余＋本年收入－本年支出≠年末结转结余"),
    ("E-ACCOUNTS-PROJECT", "check", "部门决算中某项目的支出与该项目自评的全年执行数不符"),
    ("E-SCOPE-NOT-EVALUATED", "check", "自评范围列出的项目没有自评数据"),
    ("E-STAFF-SUM", "check", "编制数或实有人数与各类人员之和不符"),
    ("E-THREE-PUBLIC-SUM", "check", "“三公”经费预算数或支出数与各类之和不符"),
    ("W-ASSETS-PARTS", "check", "办公用房、公务用车和大型设备价值合计超过固定资产总额"),
    ("E-CONTROL-DIRECTION", "check", "控制率（“三公”经费、在职人员）越低越好，目标却按越高越好设置"),
    # prose checks (issue #15): reportgen/checks/text_figures.py, text_claims.py, targets.py, wording.py
    ("W-TEXT-FIGURE", "check", "文字中手写的数字（得分、得分率、完成值、执行率、金额、人数、等级）与数据不符"),
    ("E-TARGET-NO-NUMBER", "check", "年度指标值只有运算符没有数字，无法计分"),
    ("W-TARGET-ABOVE-100", "check", "比率的目标高于 100% 或写作“≥100%”"),
    ("W-ACTUAL-WORD", "check", "定量指标的实际完成值只写了文字，得分无法核实"),
    ("W-ACTUAL-BAND", "check", "定性指标的实际完成值写的是计分档次（如 100%-80%(含)）而不是完成结果"),
    ("W-ZERO-DELIVERED", "check", "成本上限指标实际为 0 却得满分，而原因写明并未实施"),
    ("W-TEXT-INSTITUTION", "check", "文字中有其他机关的用语（如法院文件中的“检察干警”），多半照抄自他单位"),
    ("W-TEXT-FUND-LEVEL", "check", "目标或结论所说的资金级次（中央/省级/市级/县级）与项目名称或资金来源不符"),
    ("W-TEXT-PASTED", "check", "一段长文字与另一个项目的一字不差，多半复制后未修改"),
    ("W-TEXT-CONFUSION", "check", "本领域常见的错用词（如“收益对象”应为“受益对象”）"),
    ("E-TEMPLATE", "template", "模板或文字中的 {{ … }}、{% … %} 无法填入"),
    ("W-MARKUP", "markup", "生成的 Markdown 中有无法识别的排版标记"),
    ("W-RENDER", "output", "某种格式不支持文档中的某一结构，已跳过"),
    ("W-DOCX-REFERENCE", "output", "本院 reference.docx 无法打开，已改用内置样式"),
    ("W-DOCX-STYLE", "output", "reference.docx 缺少某一样式"),
    ("E-DOCX-TABLE", "output", "表格无法排版，已跳过"),
    ("E-PDF-CONVERTER", "output", "未找到 LibreOffice，无法生成 PDF（附安装方法）"),
    ("E-PDF-CONVERT", "output", "LibreOffice 未能把 Word 文件转换为 PDF"),
    ("E-INTERNAL", "output", "程序内部错误（预览页中显示），请报告维护者"),
    ("E-OUTPUT", "output", "生成的文件无法写入（磁盘已满、没有权限、文件正被打开或被文件夹占位）"),
    ("W-HTML-TEMPLATE", "output", "本院网页模板或样式表（templates/html/）无法读取或使用，已改用内置的"),
    ("E-NEWYEAR", "new-year", "无法以上一年度为底稿新建年度"),
    ("E-XLSX-FILE", "xlsx", "文件不是 .xlsx 工作簿（空文件、旧版 .xls、设了密码或已损坏）"),
    ("E-XLSX-COURT", "xlsx", "工作簿是另一个法院或另一年度的"),
    ("E-XLSX-SHEET", "xlsx", "工作簿缺少某张工作表"),
    ("E-XLSX-HEADER", "xlsx", "某一栏的标题、表头或已有内容的一行被删除或改写"),
    ("E-XLSX-ROW", "xlsx", "已有的行被删除，或“序号”被改动、重复"),
    ("E-XLSX-MERGE", "xlsx", "合并单元格被拆开（内容填到了别处）或几栏被横向合并"),
    ("E-XLSX-NUMBER", "xlsx", "应填数字（或整数）的格子填了文字"),
    ("E-XLSX-DATE", "xlsx", "应填日期的格子不是日期"),
    ("E-XLSX-CHOICE", "xlsx", "填的值不在下拉列表的可选范围内"),
    ("E-XLSX-LEVEL1", "xlsx", "三级指标的一级指标名称不在本表【一级指标】中"),
    ("E-XLSX-TEXT", "xlsx", "文字中有控制字符，或同一 .md 文件的两处文字改得不一样"),
    ("E-XLSX-JSON", "xlsx", "要改动的数据文件是 JSON 格式，导入只写回 TOML"),
    ("E-XLSX-SCHEMA", "xlsx", "填好后的数据不符合数据格式（如必填项为空）"),
]

CODES: dict[str, Code] = {code: Code(code, stage, meaning) for code, stage, meaning in _TABLE}


def shown(finding: Finding) -> bool:
    """Whether a build prints this finding in full; a code missing from the table is shown, never hidden."""
    code = CODES.get(finding.code)
    return code is None or code.shown


def severity(code: str) -> Severity:
    return CODES[code].severity


def markdown() -> str:
    """docs/codes.md: the table for readers of the documentation."""
    lines = ["# 核对结果代码一览", "",
             "由 `python -m reportgen.codes > docs/codes.md` 生成，勿手改（代码表见 reportgen/codes.py）。", "",
             "E- 开头为错误，W- 开头为警告。“生成时列出”为是的，`make report` 会逐条列出；"
             "其余只计数，`make check` 逐条列出位置和说明。", "",
             "| 代码 | 类别 | 阶段 | 生成时列出 | 含义 |", "|---|---|---|---|---|"]
    for c in CODES.values():
        label = "错误" if c.severity == "error" else "警告"
        lines.append(f"| {c.code} | {label} | {STAGES[c.stage]} | {'是' if c.shown else '否'} | {c.meaning} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.stdout.write(markdown())
