"""Office documents: OOXML and ODF packages, OLE binaries, RTF, OFD, and what they share."""
