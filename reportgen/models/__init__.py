"""Pydantic models of a court's data files."""

from reportgen.models.court import Court
from reportgen.models.department import Accounts, Assets, Department, Finance, Staff, ThreePublicItem
from reportgen.models.evaluation import Evaluation, Group, Indicator
from reportgen.models.project import FundRow, Project
from reportgen.models.settings import Settings
from reportgen.models.year import DeclarationText, ReportText, Year, YearFile

__all__ = [
    "Accounts", "Assets", "Court", "DeclarationText", "Department", "Evaluation", "Finance", "FundRow", "Group", "Indicator",
    "Project", "ReportText", "Settings", "Staff", "ThreePublicItem", "Year",
    "YearFile",
]
