"""What rarely changes about a court: its name, functions, organisation and settings."""

from __future__ import annotations

from pydantic import Field

from reportgen.models.base import SHORT, Strict, Text
from reportgen.models.settings import Settings


class Court(Strict):
    name: str = Field(min_length=1, max_length=SHORT, description="单位全称")
    we: str = Field("我院", description="文中自称，如 我院、我庭")
    code: str | None = Field(None, description="单位代码，如 120")
    province: str = Field("", max_length=SHORT, description="省份，如 甘肃省；叙述式报告标题中单位名称之前（名称已以此开头时不重复）")
    supervisor: str | None = Field(None, description="主管部门名称；不填时为本院")
    functions: Text = Field("", description="部门主要职能")
    institutions: Text = Field("", description="内设机构及所属部门概况")
    settings: Settings = Field(default_factory=Settings)

    @property
    def full_name(self) -> str:
        """The name with its province, as a title prints it: "甘肃省" + "××市中级人民法院"."""
        return self.name if self.name.startswith(self.province) else self.province + self.name

    @property
    def supervisor_label(self) -> str:
        """主管部门及代码 as the form prints it: "[120]平塘县人民法院"."""
        name = self.supervisor or self.name
        return f"[{self.code}]{name}" if self.code else name
