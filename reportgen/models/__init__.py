"""Pydantic models of a court's data files."""

from reportgen.models.court import Court
from reportgen.models.department import Department, Finance
from reportgen.models.evaluation import Evaluation, Group, Indicator
from reportgen.models.project import FundRow, Project
from reportgen.models.settings import Settings
from reportgen.models.year import DeclarationText, ReportText, Year, YearFile

__all__ = [
    "Court", "DeclarationText", "Department", "Evaluation", "Finance", "FundRow", "Group", "Indicator",
    "Project", "ReportText", "Settings", "Year", "YearFile",
]
