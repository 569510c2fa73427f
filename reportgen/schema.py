"""JSON Schema of the data files, for editors (VS Code + Even Better TOML / taplo) to validate and complete."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from reportgen.atomic import write_bytes
from reportgen.models import Court, Department, Project, YearFile

#: schema file name → (model, the data files it describes)
SCHEMAS: dict[str, tuple[type[BaseModel], str]] = {
    "court.schema.json": (Court, "content/*/court.toml"),
    "year.schema.json": (YearFile, "content/*/*/year.toml"),
    "department.schema.json": (Department, "content/*/*/department.toml"),
    "project.schema.json": (Project, "content/*/*/projects/*.toml"),
}


def write_schemas(directory: Path) -> list[Path]:
    written = []
    for name, (model, pattern) in SCHEMAS.items():
        schema = model.model_json_schema()
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["x-taplo"] = {"initKeys": []}
        schema["description"] = f"reportgen 数据文件：{pattern}"
        path = directory / name
        write_bytes(path, (json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode())
        written.append(path)
    return written
