"""Byte-identical output: fixed zip timestamps and fixed core properties.

python-docx stamps every zip entry with the current time (python-openxml/python-docx#1042), so two
saves of the same document differ. We rezip with a fixed date, keeping python-docx's part order,
and take the document dates from SOURCE_DATE_EPOCH (reproducible-builds.org) or a fixed day.
"""

from __future__ import annotations

import io
import os
import zipfile
from datetime import datetime, timezone

from docx.document import Document as DocxDocument
from docx.opc.packuri import CONTENT_TYPES_URI, PACKAGE_URI, PackURI
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


def set_core_properties(doc: DocxDocument, title: str, when: datetime) -> None:
    props = doc.core_properties
    props.title = title
    props.created = when
    props.modified = when
    props.last_modified_by = "reportgen"
    props.revision = 1


def save(doc: DocxDocument) -> bytes:
    """The package zipped once, as python-docx's PackageWriter orders it, with fixed dates
    (saving with python-docx and rezipping compressed every part twice: a tenth of a build)."""
    package = doc.part.package
    parts = list(package.iter_parts())
    for part in parts:
        part.before_marshal()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        def put(uri: PackURI, blob: bytes) -> None:
            entry = zipfile.ZipInfo(uri.membername, date_time=ZIP_DATE)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 3
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, blob)

        put(CONTENT_TYPES_URI, _ContentTypesItem.from_parts(parts).blob)
        put(PACKAGE_URI.rels_uri, package.rels.xml)
        for part in parts:
            put(part.partname, part.blob)
            if len(part.rels):
                put(part.partname.rels_uri, part.rels.xml)
    return out.getvalue()


def rezip(data: bytes) -> bytes:
    """Same entries in the same order, with fixed dates and permissions."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_DATE)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 3
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, src.read(info.filename))
    return out.getvalue()
