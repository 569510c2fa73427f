"""Our zip writer (builders/docx/package.py, hand-written to deflate a skeleton's unchanging parts
once) writes exactly what the standard zipfile writes for the same parts."""

from __future__ import annotations

import io
import zipfile

import docx

from reportgen.builders.docx.package import ZIP_DATE, entries, zip_entries


def standard_zip(parts: list[tuple[str, bytes]]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, blob in parts:
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3  # Unix, so that the mode above is read
            zf.writestr(info, blob, compresslevel=6)
    return buf.getvalue()


def test_a_word_package_zips_as_zipfile_zips_it():
    parts = entries(docx.Document())
    assert len(parts) > 5
    assert zip_entries(parts) == standard_zip(parts)


def test_empty_and_incompressible_members_zip_as_zipfile_zips_them():
    parts = [("empty", b""), ("noise", bytes(range(256)) * 7), ("word/document.xml", "正文".encode() * 500)]
    assert zip_entries(parts) == standard_zip(parts)
