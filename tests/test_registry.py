"""The format registry: a format is one record in one module plus one line in the tuple.
A toy format with a made-up signature is added to a copy of the registry and scanned end to
end (also inside a zip); the scanner's own registry is left as it was."""
import pytest
from mailkit import MARKED_TEXT, PUBLIC_TEXT, zip_of

from scanner import extractors
from scanner.api import analyse
from scanner.extractors import Format, Source, extract, sniff
from scanner.extractors.base import Probe
from scanner.extractors.registry import FORMATS, SECOND_READINGS, Registry
from scanner.extractors.text import text
from scanner.options import ScanOptions
from scanner.policy import judge

TOY_MAGIC = b"TOYFMT\x01\n"


def read_toy(source, options, part):
    """A toy reader: the text after the signature, read as plain text."""
    payload = source.data[len(TOY_MAGIC):]
    text.extract(Source(source.name, payload, source.path), options, part)


TOY = Format("toy", "text", read_toy, extensions=(".toy",),
             signature=lambda probe: "toy" if probe.data.startswith(TOY_MAGIC) else None)
WITH_TOY = Registry(FORMATS + (TOY,), SECOND_READINGS)
OPTIONS = ScanOptions(ocr="off")


def scan_with(registry, name: str, data: bytes):
    part = extract(Source(name, data), OPTIONS, formats=registry)
    return judge(analyse(part, OPTIONS), OPTIONS.profile)


def walk(result):
    yield result
    for child in result.parts:
        yield from walk(child)


@pytest.mark.parametrize("name, body, verdict", [
    ("通知.toy", MARKED_TEXT, "block"),
    ("通知.bin", MARKED_TEXT, "block"),          # the signature decides, not the name
    ("公开.toy", PUBLIC_TEXT, "pass"),
])
def test_a_registered_toy_format_is_read_and_judged(name, body, verdict):
    result = scan_with(WITH_TOY, name, TOY_MAGIC + body.encode())
    assert result.part.format == "toy"
    assert result.part.problems == []
    assert result.verdict == verdict
    assert any("关于" in b.text for b in result.part.blocks())


def test_a_toy_inside_a_zip_is_read_with_the_same_registry():
    data = zip_of({"a/通知.toy": TOY_MAGIC + MARKED_TEXT.encode()})
    result = scan_with(WITH_TOY, "包.zip", data)
    formats = {r.part.name: r.part.format for r in walk(result)}
    assert formats["a/通知.toy"] == "toy"
    assert result.verdict == "block"


def test_the_scanners_own_registry_does_not_know_the_toy():
    data = TOY_MAGIC + MARKED_TEXT.encode()
    assert WITH_TOY.sniff("x.toy", data) == "toy"
    assert sniff("x.toy", data) != "toy"
    assert "toy" not in extractors.load_readers()
    assert extract(Source("x.toy", data), OPTIONS).format != "toy"


@pytest.mark.parametrize("name, data, expected", [
    ("x.toy", b"\x00\x01 no signature", "toy"),   # content silent: the name decides
    ("x.toy", b"%PDF-1.7\n" + TOY_MAGIC, "pdf"),   # an earlier signature wins
    ("x.txt", TOY_MAGIC + b"text", "toy"),         # a signature before the name
])
def test_the_toy_takes_its_place_in_the_signature_order(name, data, expected):
    assert WITH_TOY.sniff(name, data) == expected


def test_an_extension_claimed_by_two_formats_is_refused():
    twin = Format("twin", "text", read_toy, extensions=(".pdf",))
    with pytest.raises(ValueError, match=r"\.pdf"):
        Registry(FORMATS + (twin,))


def test_a_format_without_a_reader_is_unsupported_not_clean():
    mute = Format("mute", "containers", None, extensions=(".mute",),
                  signature=lambda probe: "mute" if probe.data.startswith(b"MUTE") else None)
    part = extract(Source("a.mute", b"MUTE" + MARKED_TEXT.encode()), OPTIONS,
                   formats=Registry(FORMATS + (mute,)))
    assert [(p.code, p.args.get("fmt")) for p in part.problems] == [
        ("UNSUPPORTED_FORMAT", "mute")]


@pytest.mark.parametrize("ext, family", [(".docx", "office"), (".eml", "containers"),
                                          (".csv", "text"), (".tif", "pictures"),
                                          (".pdf", "pdf")])
def test_a_probe_says_what_the_name_names(ext, family):
    probe = extractors.default_registry().probe("a" + ext, b"")
    assert isinstance(probe, Probe) and probe.named_family == family


def test_every_extension_of_the_registry_belongs_to_one_format():
    seen = {}
    for fmt in FORMATS:
        for ext in fmt.extensions:
            assert ext == ext.lower() and ext.startswith(".")
            assert seen.setdefault(ext, fmt.name) == fmt.name
    assert extractors.IMAGE_EXTENSIONS == {e for e, f in seen.items() if f == "image"}
