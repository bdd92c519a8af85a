"""The one XML parser every reader uses for XML inside a document (OOXML and ODF parts,
OFD, XMP packets): no entities resolved, no DTD loaded, nothing fetched from the network,
no huge trees; comments and processing instructions dropped."""
from __future__ import annotations

from lxml import etree

PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False,
                         load_dtd=False, remove_comments=True, remove_pis=True)


def parse(data: bytes):
    """The root element of data; raises etree.XMLSyntaxError (or ValueError) when broken."""
    return etree.fromstring(data, PARSER)
