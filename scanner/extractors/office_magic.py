"""Recognising office documents by content: which reader an OLE compound file or a zip
package needs, whatever its name says; the extension decides only when content is silent."""
from __future__ import annotations

import io

# Extensions of office formats and the reader each needs.
OFFICE_EXTENSIONS = {
    ".doc": "doc", ".wps": "doc", ".dot": "doc", ".wpt": "doc",
    ".xls": "xls", ".et": "xls", ".xlt": "xls", ".ett": "xls",
    ".ppt": "ppt", ".dps": "ppt", ".pps": "ppt", ".pot": "ppt", ".dpt": "ppt",
    ".xlsx": "xlsx", ".xlsm": "xlsx", ".xltx": "xlsx", ".xltm": "xlsx",
    ".pptx": "pptx", ".pptm": "pptx", ".ppsx": "pptx", ".potx": "pptx",
    ".rtf": "rtf", ".odt": "odf", ".ods": "odf", ".odp": "odf", ".ott": "odf",
    ".ots": "odf", ".otp": "odf", ".ofd": "ofd",
}
OOXML_NAMES = (".docx", ".docm", ".dotx", ".xlsx", ".xlsm", ".xltx", ".pptx", ".pptm",
               ".ppsx", ".potx")
# Stream that says which program wrote an OLE file, checked in this order.
_OLE_STREAMS = (("encryptedpackage", "ooxml-encrypted"), ("worddocument", "doc"),
                ("workbook", "xls"), ("book", "xls"), ("powerpoint document", "ppt"))
# Members that say which kind of package a zip is.
_ZIP_MEMBERS = ((b"xl/workbook", "xlsx"), (b"ppt/presentation", "pptx"),
                (b"word/document", "docx"), (b"OFD.xml", "ofd"))
_ODF_MIME = b"mimetypeapplication/vnd.oasis.opendocument."


def ole_format(ext: str, data: bytes) -> str:
    """Reader of an OLE compound file: its streams first, its extension second."""
    streams = _ole_streams(data)
    for stream, fmt in _OLE_STREAMS:
        if stream in streams:
            return fmt
    if ext in OOXML_NAMES:
        return "ooxml-encrypted"       # an Office file encrypted with a password is OLE
    return OFFICE_EXTENSIONS.get(ext, "ole")


def _ole_streams(data: bytes) -> set[str]:
    try:
        import olefile
        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            return {"/".join(path).lower() for path in ole.listdir(streams=True,
                                                                    storages=False)}
    except Exception:                  # damaged: the extension decides
        return set()


def zip_format(ext: str, data: bytes) -> str | None:
    """Reader of an office zip package; None when it is no office package."""
    if data[30:38] == b"mimetype" and data[30:30 + len(_ODF_MIME)] == _ODF_MIME:
        return "odf"
    head = data[:65536]
    found = [fmt for member, fmt in _ZIP_MEMBERS if member in head]
    if ext in OFFICE_EXTENSIONS and OFFICE_EXTENSIONS[ext] in ("doc", "xls", "ppt"):
        # WPS and newer Office save OOXML under the old names: read what is inside
        return found[0] if found else OFFICE_EXTENSIONS[ext]
    if ext in OFFICE_EXTENSIONS:
        return OFFICE_EXTENSIONS[ext]
    return found[0] if found else None
