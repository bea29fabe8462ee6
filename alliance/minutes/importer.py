"""Reading an existing session summary (Markdown, plain text, HTML or DOCX) into structure.

Pure Python, no Django: bytes and a file name in, a ``Parsed`` out (or ``ImportRefusedError``
with a message for a person). Saving is ``minutes.actions.import_parsed``.

Every format is first reduced to blocks — heading, bullet, paragraph — whose text is
Markdown inline (``**bold**``, ``[title](url)``); an HTML page's menus, footer and side
boxes are left out. Then:
- page furniture goes: by-lines and created / published / updated stamps (whose dates
  only tell the year of a date written without one), share and menu lines, tags, photo
  credits, attached file names, contact lines — in the five UI languages;
- the page's title (its first heading before the text, or a first short line of plain
  text) is the topic unless a "Topic of the day" line names one, and never a section;
- the session's date is the mention that reads most as the session's: a date line of
  the header, else a date in a sentence beside "session", "met", "Sitzung", "séance",
  "incontro", "sesión"…, not after "next", "until", "bis"… (``find_start``); a
  paragraph that mentions a date stays content;
- a *headed* document (the seed's form: a header, then headings naming the framework,
  disruptions and needs, solutions, references — two kinds at least, or nothing but the
  header before them) maps each bullet or paragraph of a section to a contribution of its
  kind (in the disruptions-and-needs section the classifier only tells a need from a
  disruption);
- *prose* (anything else, and text under headings that name no kind) is cut into
  sentences, each classified with a confidence (``classify``); a sentence the classifier
  is unsure of, or whose rule cue and model disagree, is flagged for a person;
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
SECTION_WORDS = [
    (re.compile(r"\bframework|\brahmen\b|\bcadre\b|\bquadro\b|\bmarco\b"), kinds.FRAMEWORK),
    (re.compile(r"\bdisruption|\bneed|störung|\bbedarf|bedürfnis|\bperturbation|\bbesoins?\b|\bbisogni\b|"
                r"\besigenze\b|\bcriticità\b|\bnecesidades\b|\bdisrupcion"), NEEDS),
    (re.compile(r"\bsolution|\blösung|\bsoluzion|\bsolucion|\brecommendation|\bempfehlung|\brecommandation|"
                r"\braccomandazion|\brecomendacion"), kinds.SOLUTION),
    (re.compile(r"\breference|\breferenzen|\bquellen\b|\bréférences\b|\briferimenti\b|\breferencias\b"),
     kinds.REFERENCE),
]


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


_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
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
        line = _IMAGE.sub("", raw).rstrip()  # an image is no text (its caption, if any, is a line of its own)
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
    BLOCK = {"p": "paragraph", "div": "paragraph", "li": "bullet", "blockquote": "paragraph", "td": "paragraph",
             "figcaption": "paragraph"}
    HEADINGS = frozenset(f"h{n}" for n in range(1, 7))
    # A page's menus, footer, side boxes and forms are furniture, never the summary.
    SKIP = {"script", "style", "head", "title", "template", "noscript", "nav", "footer", "aside", "form", "button",
            "select", "svg"}

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


# --- Page furniture ------------------------------------------------------------------------------
# Lines a published page carries around the summary: by-lines and stamps, share buttons,
# menus, tags, photo credits, attached files. They are never contributions, references
# or the session's date (a stamp's date only tells the year of a date written without one).

_UPPER = r"(?-i:[A-ZÀ-ÖØ-ÞĀĂĄĆČĎĐĘĚŁŃŇŐŘŚŠŤŮŰŹŻŽ])"
_NAME = rf"{_UPPER}[\w.'’-]*"
BYLINE = re.compile(rf"^(?:by|von|par|di|da|por)\s+(?P<name>{_NAME})(?:\s+{_NAME}){{0,3}}\s*(?:$|[,|·•–—-])",
                    re.IGNORECASE)
_STAMP_WORDS = (
    r"submitted|posted|published|written|created|last\s+(?:updated|modified|edited|reviewed)|updated|modified|edited|"
    r"authors?|editor|reading\s+time|"
    r"veröffentlicht|erstellt|zuletzt\s+(?:aktualisiert|geändert|bearbeitet)|aktualisiert|geändert|autor(?:in|en)?|"
    r"redaktion|geschrieben|lesezeit|"
    r"publiée?|mis\s+à\s+jour|créée?|rédigée?|auteure?|autrice|rédaction|temps\s+de\s+lecture|"
    r"pubblicato|aggiornato|creato|scritto|autore|a\s+cura|redazione|tempo\s+di\s+lettura|"
    r"publicado|actualizado|creado|escrito|autora?|redacción|tiempo\s+de\s+lectura")
STAMP = re.compile(rf"^(?:{_STAMP_WORDS})\s*(?::|\b(?:on|by|at|in|am|von|um|le|par|il|da|di|del|el|por|de|en)\b|\d|"
                   rf"{_UPPER})", re.IGNORECASE)
_SHORT_FURNITURE = re.compile(
    r"^(?:share|print|tweet|follow us|folgen sie uns|suivez-nous|seguici|síguenos|read more|continue reading|"
    r"weiterlesen|mehr lesen|lire la suite|en savoir plus|leggi|leer más|back to top|nach oben|retour en haut|torna su|"
    r"volver arriba|related|see also|siehe auch|voir aussi|vedi anche|ver también|skip to|cookie|accept|subscribe|"
    r"newsletter|home|startseite|accueil|inicio|legal notice|imprint|impressum|datenschutz|privacy|mentions légales|"
    r"note legali|aviso legal|contact|kontakt|contatti|contacto|all rights reserved|previous|next article|comments?|"
    r"leave a comment|login|log in)\b", re.IGNORECASE)
_SHARE = re.compile(r"\b(?:share|teilen|partager|condividi|compartir|drucken|imprimer|stampa|imprimir)\b",
                    re.IGNORECASE)
_LABELLED = re.compile(
    r"^(?:tags?|keywords?|categor(?:y|ies)|filed under|schlagw[oö]rte?|stichw[oö]rte?|kategorien?|mots?[- ]clés?|"
    r"étiquettes?|catégories?|parole chiave|etichette|categorie|etiquetas|palabras clave|categorías|contact|kontakt|"
    r"contatti|contacto|e-?mail|courriel|correo|tel|phone|telefon|téléphone|telefono|teléfono|source|quelle|fonte|"
    r"fuente)\s*:", re.IGNORECASE)
PHOTO = re.compile(
    r"^(?:photos?|fotos?|images?|pictures?|pic|bild(?:er)?|bildnachweis|fotonachweis|bildquelle|crédits?(?: photos?)?|"
    r"credits?|photo credits?|image credits?|immagin[ei]|credit[io] fotografic[oi]|imagen(?:es)?|"
    r"fuente de la imagen|copyright|caption|featured image|illustrations?)\s*(?::|©|\b(?:by|von|par|di|de|by)\b)",
    re.IGNORECASE)
FILE_NAME = re.compile(r"[\w.,()&%+-]*\w\.(?:pdf|pptx?|ppsx?|docx?|xlsx?|odt|odp|ods|rtf|zip|csv|png|jpe?g|gif|"
                       r"mp4|mov|mp3)\b", re.IGNORECASE)
_FILE_WORDS = re.compile(
    r"\b(?:attachments?|attached|files?|downloads?|download|the|full|report|summary|slides|presentations?|"
    r"anh[aä]nge?|dateien|herunterladen|pièces?|jointes?|documents?|télécharger|téléchargements?|allegat[oi]|"
    r"documenti|scarica|adjuntos?|documentos|descargar?|descargas|here|hier|ici|qui|aquí|kb|mb|ko|mo)\b|\d+(?:[.,]\d+)?",
    re.IGNORECASE)
FILE_LABEL = re.compile(
    r"^(?:attachments?|attached files?|downloads?|anh[aä]nge?|dateien|downloads|pièces? jointes?|documents?|"
    r"téléchargements?|allegat[oi]|documenti|adjuntos?|documentos|descargas?|files|slides|presentations?)\s*:?$",
    re.IGNORECASE)
EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+\.[\w.-]+\b")


def plain_text(text: str) -> str:
    return LINK.sub(r"\1", text).replace("*", "").strip()


def _words(text: str) -> int:
    return len(re.findall(r"[^\W_]+", text))


def is_stamp(text: str) -> bool:
    """A by-line or a created / published / updated stamp."""
    plain = plain_text(text)
    if _words(plain) > 25:
        return False
    byline = BYLINE.match(plain)
    if byline and fold(byline.group("name")) not in MONTHS and fold(byline.group("name")) not in WEEKDAYS:
        return not (plain.endswith(".") and _words(plain) > 8)
    return bool(STAMP.match(plain))


def is_furniture(text: str) -> bool:
    """Page furniture other than stamps: share and menu lines, tags, credits, files, contacts."""
    plain = plain_text(text)
    words = _words(plain)
    sentence_like = plain.endswith((".", "!", "?")) and words > 3
    if words <= 6 and not sentence_like and (_SHORT_FURNITURE.match(plain) or _SHARE.search(plain)):
        return True
    if _LABELLED.match(plain) and words <= 25:
        return True
    if PHOTO.match(plain) and words <= 15:
        return True
    if "©" in plain and words <= 10:
        return True
    if FILE_LABEL.match(plain):
        return True
    if FILE_NAME.search(plain) and _words(_FILE_WORDS.sub(" ", FILE_NAME.sub(" ", plain))) <= 3:
        return True
    return bool(EMAIL.search(plain)) and _words(EMAIL.sub(" ", plain)) <= 4


# --- Blocks to structure ------------------------------------------------------------------------

def section_kind(title: str) -> str | None:
    lowered = title.lower()
    for words, section in SECTION_WORDS:
        if words.search(lowered):
            return section
    return None


def _day_of(match: re.Match[str], before: str, year: int | None = None) -> dt.date | None:
    year = int(match.group("year")) if "year" in match.groupdict() and match.group("year") else year
    if year is None:
        return None
    day_text, month_text = match.group("day"), match.group("month")
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


# A day and a month with no year after them: "the session of 21 May", "am 21. Mai",
# "le 21 mai", "il 21 maggio", "el 21 de mayo", "on June 11".
_NO_YEAR = r"(?!,?\s+(?:(?:de|del)\s+)?(?:19|20)\d{2})"
YEARLESS_FORMS = [
    re.compile(rf"\b{_DAY}\s+(?:(?:of|de|del)\s+)?{_MONTH}{_NO_YEAR}", re.IGNORECASE),
    re.compile(rf"\b{_MONTH}\s+{_DAY}(?!\d){_NO_YEAR}", re.IGNORECASE),
]
# Words around a date that say it is the session's: EN, DE, FR, IT, ES.
SESSION_WORDS = re.compile(
    r"\b(?:session|meeting|webinar|call|workshop|held|took place|met|gathered|convened|brought together|"
    r"sitzung|treffen|besprechung|veranstaltung|tagung|fand|tagte|trafen|"
    r"réunion|séance|webinaire|atelier|rencontre|tenue?|réunis?|"
    r"riunione|incontro|sessione|seminario|tenut[oa]|riunit[oi]|"
    r"reunión|sesión|encuentro|jornada|celebró|celebrada|tuvo lugar|reunió)\b", re.IGNORECASE)
# ... and words that say it is another day: the next session, a deadline, a span.
OTHER_DAY_WORDS = re.compile(
    r"\b(?:next|upcoming|following|future|deadline|until|till|before|since|due|register|registration|will|"
    r"nächsten?|kommenden?|bis|seit|frist|anmeldung|wird|"
    r"prochaine?s?|jusqu|avant|depuis|inscriptions?|aura|sera|"
    r"prossim[oa]|entro|fino|prima|iscrizion[ei]|sarà|"
    r"próxim[oa]|hasta|desde|antes|plazo|inscripci[oó]n(?:es)?|será|tendrá)\b", re.IGNORECASE)


@dataclass
class _Mention:
    block: int
    start: dt.datetime
    text: str  # the line or sentence it is in (where the zone is looked for)
    score: float


def is_date_line(text: str) -> bool:
    """A short line that is (mostly) a date, as a summary's header writes it; a sentence
    that mentions a date is content."""
    plain = plain_text(text)
    words = _words(plain)
    if words > 16 or (plain.endswith((".", "!", "?")) and words > 6 and not re.search(r"\d\.$", plain)):
        return False
    return when_in(plain) is not None or any(form.search(plain) for form in YEARLESS_FORMS)


def _mentions(index: int, text: str, year_of: Any) -> list[_Mention]:
    plain = plain_text(text)
    line = is_date_line(plain)
    found: list[_Mention] = []
    taken: list[tuple[int, int]] = []
    for forms, full in ((DATE_FORMS, True), (YEARLESS_FORMS, False)):
        for form in forms:
            for match in form.finditer(plain):
                if any(a < match.end() and match.start() < b for a, b in taken):
                    continue
                taken.append((match.start(), match.end()))
                sentence = next((s for s in classify.sentences(plain) if match.group(0) in s), plain)
                before = plain[max(0, match.start() - 40):match.start()]
                day = _day_of(match, before[-20:]) if full else year_of(match, before[-20:])
                if day is None:
                    continue
                at = (_time_of(plain[match.end():match.end() + 40]) or _time_of(before[-25:])
                      or (DEFAULT_TIME if not line else _time_of(plain) or DEFAULT_TIME))
                score = 4.0 if line else 0.0
                score += 3.0 if SESSION_WORDS.search(sentence) else 0.0
                score -= 6.0 if OTHER_DAY_WORDS.search(before[-30:]) or (
                    not line and OTHER_DAY_WORDS.search(sentence)) else 0.0
                score += 1.0 if WEEKDAY.search(before[-15:]) else 0.0
                score += 1.0 if full else 0.0
                score += 0.5 if at != DEFAULT_TIME else 0.0
                found.append(_Mention(index, dt.datetime.combine(day, at), sentence if not line else plain,
                                      score - 0.05 * index))
    return found


def find_start(blocks: list[Block], stamps: list[str], filename: str) -> tuple[dt.datetime, str]:
    """The session's naive start and the text it was found in (where the zone is looked
    for): of the dates the summary mentions, the one that reads most as the session's —
    a date line of the header, a date beside "session", "met", "Sitzung", "séance",
    "incontro", "sesión"…, weekday and time named, not after "next", "until", "bis"…
    A date without its year takes the year of the page's stamp (the last such day on or
    before it, the weekday deciding if named), else of the other dates in the text."""
    published = [d.date() for d in (when_in(plain_text(s)) for s in stamps) if d is not None]
    written = [d.date() for d in (when_in(plain_text(b.text)) for b in blocks) if d is not None]
    reference = min(published) if published else (max(written) if written else None)

    def year_of(match: re.Match[str], before: str) -> dt.date | None:
        if reference is None:
            return None
        named = [WEEKDAYS[fold(w)] for w in WEEKDAY.findall(before)]
        options = [d for y in (reference.year, reference.year - 1, reference.year + 1)
                   if (d := _day_of(match, "", y)) is not None]
        if named:
            options = [d for d in options if d.weekday() == named[-1]] or options
        if published:  # a page reports a session that was before it was published
            options = sorted(options, key=lambda d: (d > reference + dt.timedelta(days=1), abs((reference - d).days)))
        return options[0] if options else None

    mentions = [m for i, b in enumerate(blocks) for m in _mentions(i, b.text, year_of)]
    if not mentions:
        raise ImportRefusedError(f"{filename}: no date found (write it as, e.g., “Thursday 21 May 2020 at 8.30”).")
    best = max(mentions, key=lambda m: m.score)
    return best.start, best.text


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


TOPIC_LINE = re.compile(
    r"^\s*(?:\*\*)?(?:topic(?: of the day)?|thema(?: des tages)?|tagesthema|sujet(?: du jour)?|thème(?: du jour)?|"
    r"tema(?: del (?:giorno|día))?|argomento(?: del giorno)?)(?:\*\*)?\s*[:\-–]\s*(?P<t>.+)$", re.IGNORECASE)
ALLIANCE_WORDS = re.compile(r"\b(?:alliance|allianz|alleanza|alianza|aliança)\b", re.IGNORECASE)
_SITE_SEPARATOR = re.compile(r"\s+[|–—]\s+|\s+-\s+")


def _is_content(block: Block) -> bool:
    plain = plain_text(block.text)
    words = _words(plain)
    return words >= 12 or (plain.endswith((".", "!")) and words >= 6)


def title_index(blocks: list[Block]) -> int | None:
    """The page's title: the first heading before the summary's first paragraph, else a
    first short line standing alone (a plain-text title). It is the topic when nothing
    else names one, and never a section."""
    header_seen = False
    for index, block in enumerate(blocks):
        if block.kind == "heading":
            # After the header's date or topic line, a heading naming a kind opens a section.
            return None if header_seen and section_kind(block.text) else index
        if _is_content(block):
            break
        header_seen = header_seen or is_date_line(block.text) or bool(TOPIC_LINE.match(block.text))
    if blocks and blocks[0].kind == "paragraph" and not _is_content(blocks[0]) and not is_date_line(blocks[0].text) \
            and not TOPIC_LINE.match(blocks[0].text) and not plain_text(blocks[0].text).endswith((".", ":")):
        return 0
    return None


def _names_the_alliance(text: str) -> bool:
    return bool(ALLIANCE_WORDS.search(text)) and _words(text) <= 6


def _title_parts(title: str) -> tuple[str, str]:
    """(alliance, topic) of a title: "European Cluster Alliance – Weekly recap" is both."""
    title = _unquote(plain_text(title))
    parts = _SITE_SEPARATOR.split(title)
    named = [p for p in parts if _names_the_alliance(p)]
    if len(parts) > 1 and named:
        return named[0], " – ".join(p for p in parts if p not in named)
    if _names_the_alliance(title):
        return title, ""
    return "", title


def read_header(blocks: list[Block], stamps: list[str], filename: str, title: int | None) -> dict[str, Any]:
    naive, line = find_start(blocks, stamps, filename)
    zone, unknown_zone = find_zone(line)
    found: dict[str, Any] = {"starts_at": naive.replace(tzinfo=ZoneInfo(zone)), "zone": zone, "topic": "",
                             "working_format": "", "registration_url": "", "alliance": "", "used": set(),
                             "warnings": [("unknown_zone", unknown_zone)] if unknown_zone else []}
    title_topic = ""
    for index, block in enumerate(blocks):
        text = block.text
        lowered = text.lower()
        topic = TOPIC_LINE.match(text)
        if index == title:
            found["alliance"], title_topic = _title_parts(text)
            found["used"].add(index)
        elif topic and not found["topic"]:
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
        elif block.kind != "heading" and is_date_line(text):
            found["used"].add(index)
        elif title is not None and index < title and not _is_content(block):
            # What a page puts above its title: the site's name, a breadcrumb, a kicker.
            found["alliance"] = found["alliance"] or (_unquote(plain_text(text)) if _names_the_alliance(text) else "")
            found["used"].add(index)
        elif index == 0 and title is None and not _is_content(block) and _names_the_alliance(text):
            found["alliance"] = _unquote(plain_text(text))
            found["used"].add(index)
    found["topic"] = found["topic"] or title_topic
    if not found["topic"]:
        heading = next((b.text for i, b in enumerate(blocks) if b.kind == "heading" and section_kind(b.text) is None
                        and i != title and _unquote(b.text) != found["alliance"]), "")
        found["topic"] = _unquote(heading)
    if not found["topic"]:
        raise ImportRefusedError(f"{filename}: no topic of the day found (write it as “Topic of the day: …”).")
    if len(found["topic"]) > MAX_TOPIC:
        found["topic"] = found["topic"][:MAX_TOPIC].rstrip()
        found["warnings"].append(("topic_shortened", str(MAX_TOPIC)))
    return found


def _prose(parsed: Parsed, texts: list[str], encoder: classify.Encoder | None) -> None:
    """Each sentence of ``texts`` a contribution, its kind from the classifier, flagged
    when the classifier is unsure or its rules and model disagree."""
    pieces = [s for text in texts for s in classify.sentences(strip_citation(text)) if s.strip()]
    plain = [LINK.sub(r"\1", s) for s in pieces]
    vectors = list(encoder(plain)) if encoder is not None and plain and classify.model().embedding else None
    for i, sentence in enumerate(pieces):
        guess = classify.classify(plain[i], vector=vectors[i] if vectors is not None else None)
        parsed.items.append(Sentence(guess.label, sentence, guess.confidence, guess.flagged, guess.scores))


def parse(filename: str, data: bytes, encoder: classify.Encoder | None = None) -> Parsed:
    """``encoder``, if given, turns sentences into vectors for the classifier's embedding
    head (used only when the shipped model has one for that encoder)."""
    every = blocks_of(filename, data)
    stamps = [b.text for b in every if is_stamp(b.text)]
    blocks = [b for b in every if not is_stamp(b.text) and not is_furniture(b.text)]
    if not blocks:
        raise ImportRefusedError(f"{filename}: no contributions found in the document.")
    title = title_index(blocks)
    sections = [i for i, b in enumerate(blocks) if b.kind == "heading" and i != title and section_kind(b.text)
                and _words(b.text) <= 8]
    first_section = sections[0] if sections else None
    head = blocks if first_section is None else blocks[:first_section]
    header = read_header(head, stamps, filename, title)
    before = [i for i, b in enumerate(head) if i not in header["used"] and b.kind != "heading"]
    # The seed's headed form: a header, then sections named by kind. A page of prose with
    # one such subheading is still prose.
    headed = bool(sections) and (len({section_kind(blocks[i].text) for i in sections}) >= 2 or not before)
    if first_section is not None and not headed:
        header = read_header(blocks, stamps, filename, title)
    parsed = Parsed(filename=filename, starts_at=header["starts_at"], zone=header["zone"], topic=header["topic"],
                    working_format=header["working_format"], registration_url=header["registration_url"],
                    alliance=header["alliance"], headed=headed, warnings=header["warnings"])
    if headed and first_section is not None:
        _prose(parsed, [head[i].text for i in before], encoder)
        section: str | None = None
        loose: list[str] = []
        for block in blocks[first_section:]:
            if block.kind == "heading":
                _prose(parsed, loose, encoder)
                loose = []
                section = section_kind(block.text) if _words(block.text) <= 8 else None
                continue
            text = strip_citation(block.text)
            if not text:
                continue
            if section is None:
                loose.append(text)  # under a heading that names no kind: prose
            elif section == kinds.REFERENCE:
                parsed.references.extend(links(text) or [(text, "")])
            elif section == NEEDS:
                guess = _kind_between(text, (kinds.DISRUPTION, kinds.NEED))
                parsed.items.append(Sentence(guess.label, text, guess.confidence, False, guess.scores))
            else:
                parsed.items.append(Sentence(section, text))
        _prose(parsed, loose, encoder)
    else:
        _prose(parsed, [b.text for i, b in enumerate(blocks) if i not in header["used"] and b.kind != "heading"],
               encoder)
    # A link counts once, whether it is in a contribution, the References section or both.
    found = [r for item in parsed.items for r in links(item.text)] + parsed.references
    parsed.references = list(dict.fromkeys(found))
    if not parsed.items and not parsed.references:
        raise ImportRefusedError(f"{filename}: no contributions found in the document.")
    return parsed


def _kind_between(text: str, labels: tuple[str, ...]) -> classify.Guess:
    return classify.classify(LINK.sub(r"\1", text), labels)
