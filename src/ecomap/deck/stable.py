"""Byte-identical decks: python-pptx stamps the save time into the zip entries and the
document's properties, and the chart's embedded workbook (XlsxWriter) carries its own."""

from __future__ import annotations

import io
import re
import zipfile

# The earliest time a zip entry can hold; the properties say the same moment.
FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
FIXED_W3CDTF = "1980-01-01T00:00:00Z"
_W3CDTF = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


def stable_zip(data: bytes) -> bytes:
    """``data`` (an OOXML package) rewritten with fixed entry times and property dates, in the
    same entry order; an embedded workbook is made stable the same way."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for entry in src.infolist():
            blob = src.read(entry)
            if entry.filename.endswith(".xlsx"):
                blob = stable_zip(blob)
            elif entry.filename == "docProps/core.xml":
                blob = _W3CDTF.sub(rb"\g<1>" + FIXED_W3CDTF.encode() + rb"\g<2>", blob)
            info = zipfile.ZipInfo(entry.filename, date_time=FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            dst.writestr(info, blob)
    return out.getvalue()
