"""The one data model shared by every stage: extractors fill a Document,
detectors add Marks, Elements and Findings, the policy judges, reporters render."""
from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

# Regions a block can stand in. Hidden layers add their own names (HIDDEN_REGIONS).
BODY = "body"
HEADER = "header"
FOOTER = "footer"
TABLE = "table"
TEXTBOX = "textbox"
FOOTNOTE = "footnote"
ENDNOTE = "endnote"
TITLE = "title"
METADATA = "metadata"
FILENAME = "filename"

# Regions whose text is not shown to a reader of the page. DOCX tracked insertions are
# read as body text (what the document says once accepted); the name stays reserved.
# A line with hidden stretches among its visible text, read whole as the file stores it
# (a mark cut in two, half of it hidden, is a mark there). It repeats visible text: the
# scope detector leaves it out, and a mark also found in the visible line is not hidden.
JOINED = "hidden-joined"
HIDDEN_REGIONS = frozenset({
    "tracked-deletion", "tracked-insertion", "comment", "hidden", "html-comment",
    "invisible", "annotation", "form-field", "alt-text",
    "tiny-text", "white-text", "off-page", "meta", "xmp",
    "hidden-sheet", "hidden-slide", "speaker-notes", JOINED, "attribute", "script",
    "package-part", "formula", "field-code",
})

TEXT_LAYER = "text-layer"
OCR = "ocr"

LEVELS = ("绝密", "机密", "秘密")  # highest first
LEVEL_RANK = {"秘密": 1, "机密": 2, "绝密": 3}
MAX_YEARS = {"绝密": 30, "机密": 20, "秘密": 10}
INTERNAL = "内部"   # what an internal mark says where a level is expected (Place.says)

VERDICTS = ("block", "review", "pass")


class Code(StrEnum):
    """Every finding code. A code has words in messages.FINDINGS and messages.CODE_TITLES, a
    severity in every profile of policy.PROFILES and a line in docs/report-schema.md
    (tests/test_messages.py checks all three). A StrEnum: equal to its plain string, so
    readers that still write "UNREADABLE" compare and serialise the same."""
    # what could not be read (also the codes of a Problem)
    UNREADABLE = "UNREADABLE"
    UNSUPPORTED_FORMAT = "UNSUPPORTED_FORMAT"
    LIMIT_EXCEEDED = "LIMIT_EXCEEDED"
    EMPTY_FILE = "EMPTY_FILE"
    PAGES_SKIPPED = "PAGES_SKIPPED"
    DETECTOR_ERROR = "DETECTOR_ERROR"
    LOW_OCR_CONFIDENCE = "LOW_OCR_CONFIDENCE"
    # marks and periods
    MARKED_CLASSIFIED = "MARKED_CLASSIFIED"
    MARKED_INTERNAL = "MARKED_INTERNAL"
    DECLARED_LEVEL = "DECLARED_LEVEL"
    NON_PRC_MARK = "NON_PRC_MARK"
    POSSIBLE_MARK = "POSSIBLE_MARK"
    INVISIBLE_IN_MARK = "INVISIBLE_IN_MARK"
    MARK_IN_FIGURE = "MARK_IN_FIGURE"
    INVALID_PERIOD = "INVALID_PERIOD"
    MISSING_PERIOD = "MISSING_PERIOD"
    EXPIRED_PERIOD = "EXPIRED_PERIOD"
    MISSING_COPY_NUMBER = "MISSING_COPY_NUMBER"
    # secrecy scope
    UNMARKED_SENSITIVE = "UNMARKED_SENSITIVE"
    SENSITIVE_TERMS = "SENSITIVE_TERMS"
    SCOPE_ABOVE_MARK = "SCOPE_ABOVE_MARK"
    # one file, one level; hidden layers
    INCONSISTENT_LEVEL = "INCONSISTENT_LEVEL"
    PUBLIC_NOTE_CONFLICT = "PUBLIC_NOTE_CONFLICT"
    MISSING_DISTRIBUTION = "MISSING_DISTRIBUTION"
    HIDDEN_CONTENT = "HIDDEN_CONTENT"


@dataclass(frozen=True, slots=True)
class BBox:
    """Position on the page as fractions of its width and height, origin top-left."""
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass(frozen=True, slots=True)
class Block:
    """One line or paragraph of text and where it stands."""
    text: str
    region: str = BODY
    page: int | None = None      # 1-based; None where the format has no pages
    line: int | None = None      # 1-based line (or paragraph) within the page or file
    bbox: BBox | None = None
    position: str | None = None  # top-left | top-right | top-center | elsewhere, when known
    source: str = TEXT_LAYER     # text-layer | ocr
    confidence: float | None = None  # OCR confidence 0..100
    key: str | None = None       # property name for metadata blocks, header kind, …


@dataclass(slots=True)
class Page:
    number: int | None
    blocks: list[Block] = field(default_factory=list)
    source: str = TEXT_LAYER
    confidence: float | None = None
    # OCR pages: whether the engine's text detector saw text where a mark would stand
    # (None: the engine has no detector).
    text_found: bool | None = None


@dataclass(frozen=True, slots=True)
class Problem:
    """Why (part of) a part could not be read. Extractors report, they never judge."""
    code: str                    # a Code: UNREADABLE, UNSUPPORTED_FORMAT, LIMIT_EXCEEDED …
    reason: str                  # message key in scanner.messages
    args: Mapping[str, Any] = field(default_factory=dict)
    page: int | None = None


@dataclass(slots=True)
class Part:
    """A file, or something inside one (attachment, archive member, embedded image)."""
    name: str                    # file name of this part
    path: str                    # "" for the file itself, "附件.zip!名单.docx" for nested
    format: str
    pages: list[Page] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    parts: list[Part] = field(default_factory=list)
    sha256: str | None = None
    size: int | None = None
    # Date the file system or properties give, ISO yyyy-mm-dd; fallback for 成文日期.
    file_date: str | None = None
    # A picture inside a document: its caption and the lines around it (figures.py).
    caption: str | None = None
    # Pages read by OCR → why: scan (no text layer, or an image) | junk_text (a text layer
    # that does not say what the page shows).
    ocr_pages: dict[int, str] = field(default_factory=dict)

    def blocks(self) -> Iterator[Block]:
        for page in self.pages:
            yield from page.blocks


@dataclass(frozen=True, slots=True)
class Location:
    part: str = ""
    page: int | None = None
    line: int | None = None
    region: str | None = None
    position: str | None = None

    @classmethod
    def of(cls, part: Part, block: Block | None) -> Location:
        if block is None:
            return cls(part=part.path)
        return cls(part.path, block.page, block.line, block.region, block.position)

    def to_dict(self) -> dict[str, Any]:
        return {"part": self.part, "page": self.page, "line": self.line, "region": self.region,
                "position": self.position}


@dataclass(frozen=True, slots=True)
class Period:
    type: str                    # years | months | long-term | date | condition | none | invalid
    value: Any = None            # int for years/months, ISO date, condition text
    text: str = ""
    ends: str | None = None      # computed end date, ISO
    default_years: int | None = None  # for type none: the maximum that applies


@dataclass(frozen=True, slots=True)
class Mark:
    kind: str                    # state-secret | internal | not-public | telegram
    level: str | None            # 绝密 | 机密 | 秘密 for state-secret marks
    text: str                    # exactly as found
    form: str                    # line | field | tickbox | filename | property
    location: Location
    period: Period | None = None
    source: str = TEXT_LAYER
    # What the text was read as (`机密★5年` for OCR `机密云5年`, `机密` for `機密`); "" when
    # it says the same as text once spaces are ignored. Reporters show both (messages.mark_text).
    normal: str = ""
    invisible: tuple[str, ...] = ()   # invisible characters inside the text (U+XXXX)

    @property
    def visible(self) -> bool:
        """A mark a reader of the page sees; hidden layers are judged apart."""
        return self.location.region not in HIDDEN_REGIONS


@dataclass(frozen=True, slots=True)
class Element:
    """A 公文 element of GB/T 9704 found in the document."""
    # copy_number | urgency | issuer_mark | doc_number | addressee | date | note | cc |
    # printing | distribution
    name: str
    text: str
    location: Location
    value: Any = None


@dataclass(frozen=True, slots=True)
class Finding:
    code: str                    # a Code
    args: Mapping[str, Any]      # inputs of the message template (scanner.messages)
    location: Location
    evidence: str = ""
    detector: str = ""
    severity: str | None = None  # set by the policy, never by a detector


@dataclass(frozen=True, slots=True)
class ScopeItem:
    """A sentence whose content falls in the secrecy scope (scope detector)."""
    text: str                    # the sentence, clipped
    fields: tuple[str, ...]      # lexicon fields it hits
    level: str | None            # the highest level its lexicon entries suggest
    labels: Mapping[str, tuple[str, str]]   # field -> (Chinese, English) name
    score: float
    terms: tuple[str, ...]       # lexicon terms found, sorted
    content: tuple[str, ...]     # content cues that raised the score
    talk: tuple[str, ...]        # talk cues that lowered it
    location: Location

    def to_dict(self) -> dict[str, Any]:
        """The report's `scope` entry (docs/report-schema.md)."""
        return {"text": self.text, "fields": list(self.fields), "level": self.level,
                "labels": {f: list(names) for f, names in self.labels.items()},
                "score": self.score, "terms": list(self.terms), "content": list(self.content),
                "talk": list(self.talk), "location": self.location.to_dict()}


@dataclass(frozen=True, slots=True)
class Place:
    """Where a file states a level and what it says there (consistency detector)."""
    place: str                   # filename | subject | properties | header | footer |
                                 # first-page | further | attachment | part
    says: str                    # normalised: 机密★10年, 机密, 内部
    level: str | None            # None for an internal mark
    kind: str                    # state-secret | internal
    text: str                    # the mark as written
    location: Location
    period_type: str | None = None
    period_value: Any = None
    part: str = ""               # for place "part": the path of the nested part

    def to_dict(self) -> dict[str, Any]:
        """The report's `places` entry (docs/report-schema.md)."""
        return {"place": self.place, "says": self.says, "level": self.level, "kind": self.kind,
                "text": self.text, "part": self.part, "location": self.location.to_dict()}


@dataclass(slots=True)
class Result:
    """What was found in one part and its verdict; nested like the parts."""
    part: Part
    path: str = ""               # as the user named the file; the part path for nested parts
    marks: list[Mark] = field(default_factory=list)
    elements: list[Element] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    parts: list[Result] = field(default_factory=list)
    verdict: str = "pass"
    level: str | None = None
    marking: str = "none"        # state-secret | internal | none: strongest kind marked
    scope: list[ScopeItem] = field(default_factory=list)
    # Where the file states a level and what it says there (consistency detector).
    places: list[Place] = field(default_factory=list)

    def walk(self) -> Iterator[Result]:
        """This result and its nested results, depth first, each before its parts."""
        stack = [self]
        while stack:
            result = stack.pop()
            yield result
            stack.extend(reversed(result.parts))


@dataclass(slots=True)
class Report:
    profile: str
    today: str
    lang: str
    files: list[Result]
    lexicons: list[dict[str, str]] = field(default_factory=list)
    version: str = ""
