"""Recognising office documents by content: which reader an OLE compound file or a zip
package needs, whatever its name says; the extension decides only when content is silent."""
from __future__ import annotations

import io

from ..base import Probe
from ..containers.magic import OLE_MAGIC

OOXML_NAMES = (".docx", ".docm", ".dotx", ".xlsx", ".xlsm", ".xltx", ".pptx", ".pptm",
               ".ppsx", ".potx")
# Stream that says which program wrote an OLE file, checked in this order.
_OLE_STREAMS = (("encryptedpackage", "ooxml-encrypted"), ("worddocument", "doc"),
                ("workbook", "xls"), ("book", "xls"), ("powerpoint document", "ppt"))
# Members that say which kind of package a zip is.
_ZIP_MEMBERS = ((b"word/document", "docx"), (b"xl/workbook", "xlsx"),
                (b"ppt/presentation", "pptx"), (b"OFD.xml", "ofd"))
_ODF_MIME = b"mimetypeapplication/vnd.oasis.opendocument."


def ole_format(probe: Probe) -> str | None:
    """Reader of an OLE compound file: its streams first, its extension second."""
    if not probe.data.startswith(OLE_MAGIC):
        return None
    streams = _ole_streams(probe.data)
    for stream, fmt in _OLE_STREAMS:
        if stream in streams:
            return fmt
    if probe.ext in OOXML_NAMES:
        return "ooxml-encrypted"       # an Office file encrypted with a password is OLE
    return probe.named if probe.named_family == "office" else "ole"


def _ole_streams(data: bytes) -> set[str]:
    try:
        import olefile
        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            return {"/".join(path).lower() for path in ole.listdir(streams=True,
                                                                    storages=False)}
    except Exception:                  # damaged: the extension decides
        return set()


ZIP_PACKAGES = ("docx", "xlsx", "pptx", "odf", "ofd")


def zip_format(probe: Probe) -> str | None:
    """Reader of an office zip package, from the names in its central directory (the head
    of the file when that cannot be read); None when it is no office package."""
    data = probe.data
    found = package_format(data)
    if found is None:
        if data[30:38] == b"mimetype" and data[30:30 + len(_ODF_MIME)] == _ODF_MIME:
            return "odf"
        head = data[:65536]
        found = next((fmt for member, fmt in _ZIP_MEMBERS if member in head), None)
    if found and found != "zip":
        return found
    if probe.named in ZIP_PACKAGES or probe.ext in OOXML_NAMES:
        return probe.named         # a damaged package: its reader says why
    return None                    # a .doc that is a zip is a zip


def package_format(data: bytes) -> str | None:
    """docx, xlsx, pptx, odf or ofd by the members a zip holds at its top; "zip" for any
    other zip; None when no zip directory can be read."""
    import zipfile
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            if "mimetype" in names and archive.getinfo("mimetype").file_size < 200 and \
                    archive.read("mimetype").startswith(_ODF_MIME[8:]):
                return "odf"
    except Exception:            # damaged: let the caller look at the head
        return None
    for name in names:
        for member, fmt in _ZIP_MEMBERS:
            if name.startswith(member.decode()):
                return fmt
    return "zip"


def zip_at_end(data: bytes) -> str | None:
    """The package format of a zip that zip readers find from the end of data (its
    directory in the last 64 KiB, at least one member where the directory says), whatever
    comes first; None when there is none."""
    import zipfile
    if data.rfind(b"PK\x05\x06", max(0, len(data) - (1 << 16) - 22)) < 0:
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            if not infos:
                return None
            archive.open(infos[0]).close()       # checks the member's local header
    except Exception:
        return None
    return package_format(data)
