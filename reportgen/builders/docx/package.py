"""Byte-identical packages: parts in python-docx's order, fixed zip dates, fixed document dates.

python-docx stamps every zip entry with the current time (python-openxml/python-docx#1042), so two
saves of the same document differ. We zip the parts ourselves with a fixed date and take the
document dates from SOURCE_DATE_EPOCH (reproducible-builds.org) or a fixed day.
"""

from __future__ import annotations

import os
import struct
import zlib
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import NamedTuple

from docx.document import Document as DocxDocument
from docx.opc.coreprops import CoreProperties
from docx.opc.packuri import CONTENT_TYPES_URI, PACKAGE_URI
from docx.opc.pkgwriter import _ContentTypesItem

ZIP_DATE = (1980, 1, 1, 0, 0, 0)
_DOS_DATE = (ZIP_DATE[0] - 1980) << 9 | ZIP_DATE[1] << 5 | ZIP_DATE[2]
_DOS_TIME = ZIP_DATE[3] << 11 | ZIP_DATE[4] << 5 | ZIP_DATE[5] // 2
_LOCAL = struct.Struct("<IHHHHHIIIHH")
_CENTRAL = struct.Struct("<IHHHHHHIIIHHHHHII")
_END = struct.Struct("<IHHHHIIH")
#: used when SOURCE_DATE_EPOCH is not set; any fixed value keeps builds reproducible
FIXED_DATE = datetime(2020, 1, 1, tzinfo=UTC)


def build_time() -> datetime:
    """SOURCE_DATE_EPOCH when set (and valid), else FIXED_DATE; never the clock."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC)
    return FIXED_DATE


def set_core_properties(props: CoreProperties, title: str, author: str, when: datetime) -> None:
    props.title = title
    props.author = author
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
    content_types = _ContentTypesItem.from_parts(parts).blob  # type: ignore[no-untyped-call]
    found = [(CONTENT_TYPES_URI.lstrip("/"), content_types), (PACKAGE_URI.rels_uri.membername, package.rels.xml)]
    for part in parts:
        found.append((part.partname.membername, part.blob))
        if len(part.rels):
            found.append((part.partname.rels_uri.membername, part.rels.xml))
    return found


class Member(NamedTuple):
    """One zip member, deflated once: a skeleton compresses its unchanging parts a single time."""

    name: bytes
    crc: int
    size: int
    data: bytes  # raw deflate stream


def deflate(name: str, blob: bytes) -> Member:
    packer = zlib.compressobj(6, zlib.DEFLATED, -15)
    return Member(name.encode("ascii"), zlib.crc32(blob), len(blob), packer.compress(blob) + packer.flush())


def zip_members(members: Iterable[Member]) -> bytes:
    """A zip archive (APPNOTE 6.3.10 §4.3) of deflated members, every one dated ZIP_DATE and mode 644:
    what zipfile writes, without compressing again what a skeleton compressed before."""
    body, directory = bytearray(), bytearray()
    count = 0
    for m in members:
        fields = (20, 0, 8, _DOS_TIME, _DOS_DATE, m.crc, len(m.data), m.size, len(m.name))
        directory += _CENTRAL.pack(0x02014B50, 3 << 8 | 20, *fields, 0, 0, 0, 0, 0o644 << 16, len(body)) + m.name
        body += _LOCAL.pack(0x04034B50, *fields, 0) + m.name + m.data
        count += 1
    end = _END.pack(0x06054B50, 0, 0, count, count, len(directory), len(body), 0)
    return bytes(body + directory + end)


def zip_entries(items: Iterable[tuple[str, bytes]]) -> bytes:
    return zip_members(deflate(name, blob) for name, blob in items)


def save(doc: DocxDocument) -> bytes:
    return zip_entries(entries(doc))
