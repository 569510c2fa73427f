"""Byte-identical packages: parts in python-docx's order, fixed zip dates, fixed document dates.

python-docx stamps every zip entry with the current time (python-openxml/python-docx#1042), so two
saves of the same document differ. We zip the parts ourselves with a fixed date and take the
document dates from SOURCE_DATE_EPOCH (reproducible-builds.org) or a fixed day.
"""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Iterable
from datetime import datetime, timezone

from docx.document import Document as DocxDocument
from docx.opc.coreprops import CoreProperties
from docx.opc.packuri import CONTENT_TYPES_URI, PACKAGE_URI
from docx.opc.pkgwriter import _ContentTypesItem

ZIP_DATE = (1980, 1, 1, 0, 0, 0)
#: used when SOURCE_DATE_EPOCH is not set; any fixed value keeps builds reproducible
FIXED_DATE = datetime(2020, 1, 1, tzinfo=timezone.utc)


def build_time() -> datetime:
    """SOURCE_DATE_EPOCH when set (and valid), else FIXED_DATE; never the clock."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc)
    return FIXED_DATE


def set_core_properties(props: CoreProperties, title: str, when: datetime) -> None:
    props.title = title
    props.created = when
    props.modified = when
    props.last_modified_by = "reportgen"
    props.revision = 1


def entries(doc: DocxDocument) -> list[tuple[str, bytes]]:
    """Every zip entry of the package as (member name, bytes), in python-docx's PackageWriter order."""
    package = doc.part.package
    parts = list(package.iter_parts())
    for part in parts:
        part.before_marshal()
    found = [(CONTENT_TYPES_URI.lstrip("/"), _ContentTypesItem.from_parts(parts).blob),
             (PACKAGE_URI.rels_uri.membername, package.rels.xml)]
    for part in parts:
        found.append((part.partname.membername, part.blob))
        if len(part.rels):
            found.append((part.partname.rels_uri.membername, part.rels.xml))
    return found


def zip_entries(items: Iterable[tuple[str, bytes]]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, blob in items:
            entry = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 3
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, blob)
    return out.getvalue()


def save(doc: DocxDocument) -> bytes:
    return zip_entries(entries(doc))
