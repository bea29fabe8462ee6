"""Reading an existing session summary (Markdown, plain text, HTML or DOCX) into structure.

Pure Python, no Django: bytes and a file name in, a ``Parsed`` out (or ``ImportRefusedError``
with a message for a person). Saving is ``minutes.actions.import_parsed``.

Every format is first reduced to blocks — heading, bullet, paragraph — whose text is
Markdown inline (``**bold**``, ``[title](url)``). Then:
- the header (before the first section heading) gives the date and time, the zone,
  the working format, the registration link and the topic of the day;
- a *headed* document maps its section headings to kinds (framework; disruptions and
  needs; solutions; references), each bullet or paragraph one contribution (in the
  disruptions-and-needs section the classifier only tells a need from a disruption);
- a *prose* document (no such heading) is cut into sentences, each classified with a
  confidence; sentences under ``classify.CONFIDENT`` are flagged for a person;
- links in contributions are references (once each); bold phrases stay bold.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import PurePath
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import nh3
from babel.dates import get_day_names, get_month_names, get_period_names

from alliance.lib import kinds
from alliance.minutes import classify
from alliance.minutes.draft import LINK, links, one_line, strip_citation

MAX_BYTES = 2 * 1024 * 1024
FORMATS = {".md": "markdown", ".markdown": "markdown", ".txt": "text", ".text": "text", ".html": "html",
           ".htm": "html", ".docx": "docx"}
DEFAULT_ZONE = "Europe/Brussels"
DEFAULT_TIME = dt.time(8, 30)
# The UI languages (settings.LANGUAGES; a test holds the two together): summaries are
# written in them, so their month and weekday names are the ones a date may use.
LOCALES = ("en", "de", "fr", "it", "es")


def fold(word: str) -> str:
    """One spelling per name: lower case, no accents, no closing full stop ('Févr.' is 'fevr')."""
    decomposed = unicodedata.normalize("NFKD", word.casefold().strip().rstrip("."))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _names(table: Any) -> tuple[dict[str, int], str]:
    """Babel's wide and abbreviated names in every locale: folded name -> number, and a
    pattern that also takes the accented spellings."""
    numbers: dict[str, int] = {}
    spellings: set[str] = set()
    for locale in LOCALES:
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                for number, name in table(width, context, locale).items():
                    # Two languages giving one spelling to two different months would make a
                    # date mean two things; CLDR has none today, and this says so if it changes.
                    if numbers.setdefault(fold(name), number) != number:
                        raise ValueError(f"{name!r} names two different {table.__name__} values")
                    spellings |= {name.casefold().rstrip("."), fold(name)}
    return numbers, "|".join(re.escape(s) for s in sorted(spellings, key=len, reverse=True))


MONTHS, _MONTH_NAMES = _names(get_month_names)
WEEKDAYS, _WEEKDAY_NAMES = _names(get_day_names)  # Babel's numbers: Monday is 0, as date.weekday()
WEEKDAY = re.compile(rf"(?<!\w)(?:{_WEEKDAY_NAMES})(?!\w)", re.IGNORECASE)
# Day periods as Babel writes them ('AM', 'p. m.'), matched with or without their dots and spaces.
PERIODS = {fold(re.sub(r"[\W_]", "", name)): key for locale in LOCALES for width in ("abbreviated", "wide")
           for key, name in get_period_names(width, "format", locale).items() if key in ("am", "pm")}
_PERIOD = "|".join(r"\.?\s?".join(map(re.escape, name)) + r"\.?" for name in sorted(PERIODS, key=len, reverse=True))

_MONTH = rf"(?P<month>{_MONTH_NAMES})\.?(?!\w)"
# 21th, 1st, 1er, 1º, 1.º, 1°, and the German 21.
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th|er|re|º|°|ª|\.º|\.)?"
_YEAR = r"(?P<year>(?:19|20)\d{2})(?!\d)"
DATE_FORMS = [
    # 21 May 2020, 21. Mai 2020, 21 de mayo de 2020, 21th May, 2020
    re.compile(rf"\b{_DAY}\s+(?:(?:of|de|del)\s+)?{_MONTH},?\s+(?:(?:de|del)\s+)?{_YEAR}", re.IGNORECASE),
    # May 21, 2020
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}", re.IGNORECASE),
    re.compile(r"\b(?P<year>(?:19|20)\d{2})-(?P<month>\d{2})-(?P<day>\d{2})\b"),
    re.compile(r"\b(?P<day>\d{1,2})[./](?P<month>\d{1,2})[./](?P<year>(?:19|20)\d{2})\b"),
]
_HOUR = r"(?<![\d.:/])(?P<{}>[01]?\d|2[0-3])"
TIME = re.compile(
    # 8.30, 08:30, 8h30, 14 h 30, 2:30:00 PM, 8:30 a. m.
    _HOUR.format("h") + rf"(?:[.:]|\s?h\s?)(?P<m>[0-5]\d)(?::[0-5]\d)?(?!\d)(?:\s*(?P<period>{_PERIOD})(?!\w))?"
    # 10 Uhr, 9h, 10 horas, 3 pm
    + "|" + _HOUR.format("hour") + rf"\s?(?:uhr|h|heures?|horas?|hrs?|o['’]?clock|(?P<hour_period>{_PERIOD}))(?!\w)"
    # alle 10, ore 9, a las 8, um 10: an hour alone after the word that introduces one
    + "|" + r"(?<!\w)(?:alle|ore|a\s+las|um)\s+" + _HOUR.format("bare") + r"(?![\d\w]|[.:h]\s?\d)",
    re.IGNORECASE,
)
ZONE_WORDS = {"cet": "Europe/Brussels", "cest": "Europe/Brussels", "brussels": "Europe/Brussels",
              "utc": "UTC", "gmt": "UTC"}
IANA = re.compile(r"\b[A-Z][a-z]+/[A-Z][A-Za-z_]+\b")
MAX_TOPIC = 200  # Session.topic's length
# The seed's section of disruptions and needs: the classifier tells the two apart.
NEEDS = "needs"
# What a heading names (searched in order, any case): a section of the summary.
SECTION_WORDS = [(re.compile(r"\bframework"), kinds.FRAMEWORK), (re.compile(r"\bdisruption|\bneed"), NEEDS),
                 (re.compile(r"\bsolution"), kinds.SOLUTION), (re.compile(r"\breference"), kinds.REFERENCE)]


class ImportRefusedError(Exception):
    """A file that cannot be imported; the message is for the person who uploaded it."""


@dataclass
class Block:
    kind: str  # heading | bullet | paragraph
    text: str


@dataclass
class Sentence:
    kind: str  # framework | disruption | need | solution | reference | other
    text: str
    confidence: float = 1.0
    flagged: bool = False
    scores: tuple[tuple[str, float], ...] = ()


@dataclass
class Parsed:
    filename: str
    starts_at: dt.datetime  # aware, in ``zone``
    zone: str
    topic: str
    working_format: str
    registration_url: str
    alliance: str
    headed: bool
    items: list[Sentence] = field(default_factory=list)
    references: list[tuple[str, str]] = field(default_factory=list)
    # (code, detail) for what the import changed from the file: "topic_shortened" (the
    # length kept), "unknown_zone" (the name in the file). Callers word them for people.
    warnings: list[tuple[str, str]] = field(default_factory=list)

    @property
    def flagged(self) -> list[int]:
        return [i for i, item in enumerate(self.items) if item.flagged]

    def counts(self) -> dict[str, Any]:
        counts: dict[str, int] = dict.fromkeys(kinds.SENTENCE_LABELS, 0)
        for item in self.items:
            counts[item.kind] = counts.get(item.kind, 0) + 1
        return {
            "contributions": counts, "references": len(self.references),
            "bold_phrases": sum(item.text.count("**") // 2 for item in self.items),
            "flagged": len(self.flagged),
        }


# --- Bytes to blocks ------------------------------------------------------------------------

def detect_format(filename: str, data: bytes) -> str:
    suffix = PurePath(filename).suffix.lower()
    if suffix not in FORMATS:
        raise ImportRefusedError(f"{filename}: unknown file type; use .md, .txt, .html or .docx.")
    return FORMATS[suffix]


def decode(filename: str, data: bytes) -> str:
    if b"\x00" in data:
        raise ImportRefusedError(f"{filename}: this looks like a binary file, not text.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportRefusedError(f"{filename}: the text is not UTF-8; save it as UTF-8 and try again.") from None


_BULLET = re.compile(r"^\s*(?:[-*•–+]|\d{1,2}[.)])\s+(?P<text>.*)$")
_HEADING = re.compile(r"^\s*#{1,6}\s+(?P<text>.+?)\s*#*\s*$")


def _looks_like_heading(line: str) -> bool:
    bare = line.strip().rstrip(":").replace("*", "").strip()
    if not bare or len(bare) > 80:
        return False
    letters = [c for c in bare if c.isalpha()]
    if len(letters) >= 6 and all(c.isupper() for c in letters):
        return True  # CONCEPTUAL FRAMEWORK
    return section_kind(bare) is not None and len(bare.split()) <= 6 and not bare.endswith(".")


def text_blocks(text: str) -> list[Block]:
    """Markdown or plain text: headings (#, ALL CAPS or a known section name alone on a
    line), bullets (-, *, •, 1.) with their continuation lines, and paragraphs."""
    blocks: list[Block] = []
    current: Block | None = None
    for raw in text.splitlines():
        line = raw.rstrip()
        if not line.strip():
            current = None
            continue
        heading = _HEADING.match(line)
        bullet = _BULLET.match(line)
        if heading or (not bullet and _looks_like_heading(line)):
            title = heading.group("text") if heading else line.strip().rstrip(":")
            blocks.append(Block("heading", title.strip()))
            current = None
        elif bullet:
            current = Block("bullet", bullet.group("text").strip())
            blocks.append(current)
        elif line.strip() in {"-", "*", "•"}:
            current = None  # an empty bullet, as the seed ends its list with
        elif current is not None:
            current.text += " " + line.strip()
        else:
            current = Block("paragraph", line.strip())
            blocks.append(current)
    return blocks


class _HTMLBlocks(HTMLParser):
    BLOCK = {"p": "paragraph", "div": "paragraph", "li": "bullet", "blockquote": "paragraph", "td": "paragraph"}
    HEADINGS = frozenset(f"h{n}" for n in range(1, 7))
    SKIP = {"script", "style", "head", "title", "template", "noscript"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.kind: str | None = None
        self.parts: list[str] = []
        self.skipping = 0
        self.href: list[str | None] = []

    def _flush(self) -> None:
        text = one_line("".join(self.parts))
        if text and self.kind:
            self.blocks.append(Block(self.kind, text))
        self.parts = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self.skipping += 1
        elif tag in self.HEADINGS or tag in self.BLOCK:
            self._flush()
            self.kind = "heading" if tag in self.HEADINGS else self.BLOCK[tag]
        elif tag in ("strong", "b"):
            self.parts.append("**")
        elif tag in ("em", "i"):
            self.parts.append("*")
        elif tag == "a":
            href = dict(attrs).get("href")
            self.href.append(href)
            if href:
                self.parts.append("[")
        elif tag == "br":
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self.HEADINGS or tag in self.BLOCK:
            self._flush()
            self.kind = "paragraph"
        elif tag in ("strong", "b"):
            self.parts.append("**")
        elif tag in ("em", "i"):
            self.parts.append("*")
        elif tag == "a" and self.href:
            href = self.href.pop()
            if href:
                self.parts.append(f"]({href.strip()})")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            if self.kind is None:
                self.kind = "paragraph"
            self.parts.append(data)

    def close(self) -> None:
        super().close()
        self._flush()


def html_blocks(text: str) -> list[Block]:
    parser = _HTMLBlocks()
    parser.feed(text)
    parser.close()
    return [Block(b.kind, _tidy_marks(b.text)) for b in parser.blocks]


def _tidy_marks(text: str) -> str:
    # "** bold **" from HTML whitespace, and empty marks, read badly in Markdown.
    text = re.sub(r"\*\*\s*\*\*", "", text)
    return re.sub(r"\*\*\s*(.+?)\s*\*\*", r"**\1**", text)


def docx_blocks(filename: str, data: bytes) -> list[Block]:
    import docx
    from docx.text.hyperlink import Hyperlink

    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise ImportRefusedError(f"{filename}: this is not a Word (.docx) document.")
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as error:  # python-docx raises many kinds for a damaged package
        raise ImportRefusedError(f"{filename}: the Word document cannot be read ({type(error).__name__}).") from None
    blocks = []
    for paragraph in document.paragraphs:
        parts = []
        for piece in paragraph.iter_inner_content():
            if isinstance(piece, Hyperlink):
                parts.append(f"[{piece.text}]({piece.address})" if piece.address else piece.text)
            elif piece.bold and piece.text.strip():
                parts.append(f"**{piece.text.strip()}** " if piece.text.endswith(" ") else f"**{piece.text.strip()}**")
            else:
                parts.append(piece.text)
        text = _tidy_marks(one_line("".join(parts)))
        if not text:
            continue
        style = (paragraph.style.name if paragraph.style is not None else "") or ""
        numbered = paragraph._p.pPr is not None and paragraph._p.pPr.numPr is not None
        if style.startswith("Heading") or style == "Title":
            blocks.append(Block("heading", text))
        elif style.startswith("List") or numbered:
            blocks.append(Block("bullet", text))
        elif _looks_like_heading(text):
            blocks.append(Block("heading", text.rstrip(":")))
        else:
            blocks.append(Block("paragraph", text))
    return blocks


def blocks_of(filename: str, data: bytes) -> list[Block]:
    if not data.strip():
        raise ImportRefusedError(f"{filename}: the file is empty.")
    if len(data) > MAX_BYTES:
        raise ImportRefusedError(f"{filename}: the file is larger than {MAX_BYTES // (1024 * 1024)} MB.")
    kind = detect_format(filename, data)
    if kind == "docx":
        blocks = docx_blocks(filename, data)
    elif kind == "html":
        blocks = html_blocks(decode(filename, data))
    else:
        blocks = text_blocks(decode(filename, data))
    cleaned = [Block(b.kind, clean(b.text)) for b in blocks]
    return [b for b in cleaned if b.text]


def clean(text: str) -> str:
    """No HTML survives into stored text: tags go (nh3), entities become characters."""
    return one_line(html.unescape(nh3.clean(text, tags=set())))


# --- Blocks to structure ------------------------------------------------------------------------

def section_kind(title: str) -> str | None:
    lowered = title.lower()
    for words, section in SECTION_WORDS:
        if words.search(lowered):
            return section
    return None


def _day_of(match: re.Match[str], before: str) -> dt.date | None:
    year, day_text, month_text = int(match.group("year")), match.group("day"), match.group("month")
    if not month_text.isdigit():
        readings = [(MONTHS.get(fold(month_text), 0), int(day_text))]
    else:
        # Day first, as Europe writes it; month first only when the day-first reading is no
        # date or the weekday named before it says so (Thursday 05/21/2020, Tuesday 06/02/2020).
        readings = [(int(month_text), int(day_text)), (int(day_text), int(month_text))]
    dates = []
    for month, day in readings:
        try:
            dates.append(dt.date(year, month, day))
        except ValueError:
            continue
    named = [WEEKDAYS[fold(w)] for w in WEEKDAY.findall(before)]
    return next((d for d in dates if named and d.weekday() == named[-1]), dates[0] if dates else None)


def _time_of(text: str) -> dt.time | None:
    match = TIME.search(text)
    if not match:
        return None
    hour = int(match.group("h") or match.group("hour") or match.group("bare"))
    period = match.group("period") or match.group("hour_period")
    if period and 1 <= hour <= 12:
        hour = hour % 12 + (12 if PERIODS[fold(re.sub(r"[\W_]", "", period))] == "pm" else 0)
    return dt.time(hour, int(match.group("m") or 0))


def when_in(line: str) -> dt.datetime | None:
    """The naive start a line gives, in any of the UI languages; the time looked for after
    the date, then before it, else ``DEFAULT_TIME``."""
    for form in DATE_FORMS:
        for match in form.finditer(line):
            day = _day_of(match, line[:match.start()])
            if day is None:
                continue
            at = _time_of(line[match.end():]) or _time_of(line[:match.start()]) or DEFAULT_TIME
            return dt.datetime.combine(day, at)
    return None


def find_start(lines: list[str], filename: str) -> tuple[dt.datetime, str]:
    """The naive start and the line it was found on (where the zone is looked for)."""
    for line in lines:
        plain = LINK.sub(r"\1", line).replace("*", "")
        start = when_in(plain)
        if start is not None:
            return start, plain
    raise ImportRefusedError(f"{filename}: no date found (write it as, e.g., “Thursday 21 May 2020 at 8.30”).")


def find_zone(line: str) -> tuple[str, str]:
    """(zone, unknown): the zone the line names, else the default; ``unknown`` is a
    zone-like name in the line that is no time zone (the default stands in for it)."""
    unknown = ""
    for candidate in IANA.findall(line):
        try:
            ZoneInfo(candidate)
        except (ZoneInfoNotFoundError, ValueError):
            unknown = unknown or candidate
            continue
        return candidate, ""
    for word in re.findall(r"[A-Za-z]+", line):
        if word.lower() in ZONE_WORDS:
            return ZONE_WORDS[word.lower()], ""
    return DEFAULT_ZONE, unknown


def _unquote(text: str) -> str:
    return text.replace("*", "").strip(" “”\"'«»:").strip()


def read_header(blocks: list[Block], filename: str) -> dict[str, Any]:
    lines = [b.text for b in blocks]
    naive, line = find_start(lines, filename)
    zone, unknown_zone = find_zone(line)
    found: dict[str, Any] = {"starts_at": naive.replace(tzinfo=ZoneInfo(zone)), "zone": zone, "topic": "",
                             "working_format": "", "registration_url": "", "alliance": "", "used": set(),
                             "warnings": [("unknown_zone", unknown_zone)] if unknown_zone else []}
    for index, block in enumerate(blocks):
        text = block.text
        lowered = text.lower()
        topic = re.match(r"^\s*(?:\*\*)?topic(?: of the day)?(?:\*\*)?\s*[:\-–]\s*(?P<t>.+)$", text, re.IGNORECASE)
        if topic and not found["topic"]:
            found["topic"] = _unquote(topic.group("t"))
            found["used"].add(index)
        elif "working format" in lowered and not found["working_format"]:
            named = re.search(r"[“\"*]+\s*([^“”\"*]+?)\s*[”\"*]+", text)
            found["working_format"] = _unquote(named.group(1)) if named else _unquote(
                re.split(r"working format(?: is)?(?: based on)?", text, flags=re.IGNORECASE)[-1])[:60]
            found["used"].add(index)
        elif "registration" in lowered and links(text) and not found["registration_url"]:
            found["registration_url"] = links(text)[0][1]
            found["used"].add(index)
        elif when_in(LINK.sub(r"\1", text).replace("*", "")) is not None:
            found["used"].add(index)
        elif index == 0 and block.kind in ("heading", "paragraph") and len(text) <= 120:
            found["alliance"] = _unquote(text)
            found["used"].add(index)
    if not found["topic"]:
        heading = next((b.text for b in blocks if b.kind == "heading" and section_kind(b.text) is None
                        and _unquote(b.text) != found["alliance"]), "")
        found["topic"] = _unquote(heading)
    if not found["topic"]:
        raise ImportRefusedError(f"{filename}: no topic of the day found (write it as “Topic of the day: …”).")
    if len(found["topic"]) > MAX_TOPIC:
        found["topic"] = found["topic"][:MAX_TOPIC].rstrip()
        found["warnings"].append(("topic_shortened", str(MAX_TOPIC)))
    return found


def _kind_between(text: str, labels: tuple[str, ...]) -> classify.Guess:
    return classify.classify(LINK.sub(r"\1", text), labels)


def parse(filename: str, data: bytes) -> Parsed:
    blocks = blocks_of(filename, data)
    first_section = next((i for i, b in enumerate(blocks) if b.kind == "heading" and section_kind(b.text)),
                         None)
    head = blocks if first_section is None else blocks[:first_section]
    header = read_header(head, filename)
    parsed = Parsed(filename=filename, starts_at=header["starts_at"], zone=header["zone"], topic=header["topic"],
                    working_format=header["working_format"], registration_url=header["registration_url"],
                    alliance=header["alliance"], headed=first_section is not None, warnings=header["warnings"])
    if first_section is not None:
        section: str | None = None
        for block in blocks[first_section:]:
            if block.kind == "heading":
                section = section_kind(block.text)
                continue
            text = strip_citation(block.text)
            if section is None or not text:
                continue
            if section == kinds.REFERENCE:
                parsed.references.extend(links(text) or [(text, "")])
                continue
            if section == NEEDS:
                guess = _kind_between(text, (kinds.DISRUPTION, kinds.NEED))
                parsed.items.append(Sentence(guess.label, text, guess.confidence, False, guess.scores))
            else:
                parsed.items.append(Sentence(section, text))
    else:
        body = [b for i, b in enumerate(head) if i not in header["used"] and b.kind != "heading"]
        for block in body:
            for sentence in classify.sentences(block.text):
                guess = classify.classify(LINK.sub(r"\1", sentence))
                parsed.items.append(Sentence(guess.label, sentence, guess.confidence,
                                             guess.confidence < classify.CONFIDENT, guess.scores))
    # A link counts once, whether it is in a contribution, the References section or both.
    found = [r for item in parsed.items for r in links(item.text)] + parsed.references
    parsed.references = list(dict.fromkeys(found))
    if not parsed.items and not parsed.references:
        raise ImportRefusedError(f"{filename}: no contributions found in the document.")
    return parsed
