"""What rarely changes about a court: its name, functions, organisation and settings."""

from __future__ import annotations

from pydantic import Field

from reportgen.models.base import SHORT, Strict, Text
from reportgen.models.settings import Settings


class Court(Strict):
    name: str = Field(min_length=1, max_length=SHORT, description="单位全称")
    we: str = Field("我院", description="文中自称，如 我院、我庭")
    code: str | None = Field(None, description="单位代码，如 120")
    supervisor: str | None = Field(None, description="主管部门名称；不填时为本院")
    functions: Text = Field("", description="部门主要职能")
    institutions: Text = Field("", description="内设机构及所属部门概况")
    settings: Settings = Field(default_factory=Settings)

    @property
    def supervisor_label(self) -> str:
        """主管部门及代码 as the form prints it: "[120]平塘县人民法院"."""
        name = self.supervisor or self.name
        return f"[{self.code}]{name}" if self.code else name
