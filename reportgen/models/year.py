"""One court's year: which documents to build and the texts that are not per project."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from reportgen.models.base import PER_YEAR, SHORT, Strict, Text
from reportgen.models.department import Department
from reportgen.models.project import Project

DocumentKind = Literal["report", "forms", "declaration"]


class ReportText(Strict):
    """Free text of the self-evaluation report outside the indicator tables."""

    addressee: str = Field("", max_length=SHORT, description="主送机关，如 甘肃省财政厅（叙述式报告开头，自动加冒号）")
    opening: Text = Field("", description="开头一段，如 根据《关于开展……绩效自评工作的通知》要求，现将……报告如下")
    organization: Text = Field("", description="二（一）自评工作组织管理情况")
    scope: Text = Field("", description="二（二）自评对象和范围")
    scope_projects: list[str] = Field(default_factory=list,
                                      description="自评范围中列出的项目名称，每个都应有自评数据（供核对，叙述式报告据此列出）")
    procedure: list[Text] = Field(default_factory=list, description="二（三）自评工作程序，每步一段，编号自动生成")
    application: Text = Field("", description="五（一）结果应用")
    publication: Text = Field("", description="五（二）结果公开")
    other: Text = Field("", description="六、其他需要说明的问题；空则写“无。”")
    stated_grade_counts: dict[str, int] = Field(
        default_factory=dict, description="文件中印出的各等级项目个数，如 { \"优\" = 2, \"良\" = 0 }（仅用于核对）",
        json_schema_extra=PER_YEAR)


class DeclarationItem(Strict):
    goal: Text = Field(description="分项绩效目标")
    indicators: Text = Field(description="绩效指标（文字）")


class DeclarationText(Strict):
    """Narrative of the 绩效目标申报 (targets declaration)."""

    intro: Text = Field("", description="总体绩效目标的引言")
    overall: Text = Field(description="总体绩效目标")
    items: list[DeclarationItem] = Field(default_factory=list, description="分项绩效目标")
    measures: list[Text] = Field(default_factory=list, description="目标规划及保障措施，每条一段")


class YearFile(Strict):
    """`<year>/year.toml`."""

    documents: list[DocumentKind] = Field(min_length=1, description="要生成的文件：report、forms、declaration")
    report_date: str | None = Field(None, description="成文日期，如 2025年3月20日", json_schema_extra=PER_YEAR)
    report: ReportText | None = None
    declaration: DeclarationText | None = None


class Year(Strict):
    """Everything of one court's year, assembled from its files."""

    year: int
    info: YearFile
    department: Department | None = None
    projects: list[Project] = Field(default_factory=list)
