"""Matching needs with offers, organisations and solutions (issue 11, item 2): plain data
in, plain data out, no Django, so that it ranks any collection of candidates — the open
posts, the registry's organisations, the solutions said in sessions, or a collection
from outside the product.

The one entry point is :func:`rank`::

    matches = rank(need, candidates, today=date.today())          # builds an Index
    matches = rank(need, candidates, today=today, index=index)    # reuses one

A :class:`Candidate` is a post (or an organisation, or a solution) reduced to what the
score reads: its text and stored sentence vector, categories, quantity, region, reach
and dates. Every field but the kind and the text may be unknown.

**Who ranks whom.** A need ranks offers, organisations and solutions; an offer, an
organisation or a solution ranks needs; a partner search ranks organisations. Nobody
ranks themselves (same ``id``), and an expired candidate (``expires_on`` before
``today``) never matches.

**The score** is a weighted mean of six parts, each in [0, 1], so the score is in
[0, 1] too (:class:`Weights`, tuned by ``bench/matching.py`` on the labelled set of
``bench/data/matching/``, never on its held-out part):

- *meaning*: cosine of the two stored multilingual sentence vectors (``lib.embedding``),
  below zero counted as zero; a need in Italian finds an offer in German through it.
  A candidate without a vector scores 0; for a query without one, meaning's weight goes
  to words (and words are then computed for every candidate).
- *words*: cosine of character 3–5-gram TF-IDF vectors within word bounds, accents
  stripped — robust to inflection and to the words the five languages share (*FFP2*,
  *Maske*, *mascherine*, *masques*); IDF from the indexed collection.
- *category*: 1 when the two share a resource category, 0 when both name categories and
  none is shared, ½ when either names none. A disjoint pair is also multiplied by
  ``Weights.mismatch``: a need and an offer of different kinds of resource rank low
  whatever their words.
- *geography*: same NUTS code 1, same NUTS 2 region 0.85, same NUTS 1 0.7, same
  country 0.5, another country 0.25; when both have coordinates, nearness
  ``1 / (1 + km / 100)`` when higher (a neighbour across a border is near). Reach is
  honoured: the narrower of the two reaches applies (local: same NUTS 2 region or within
  ``LOCAL_KM``; national: same country); out of reach the part is 0 and the score is
  multiplied by ``Weights.out_of_reach``. Both unknown: ½.
- *quantity*: how much of the need the offer covers (``min(1, offered / needed)``), when
  both give a quantity in the same unit (units compared lower-cased, without a final
  *s*); otherwise ½.
- *recency*: ``0.5 ** (age in days / RECENCY_HALF_LIFE_DAYS)`` of the candidate; ½ when
  its date is unknown.

**Speed.** An :class:`Index` holds the candidates as arrays (a matrix of unit vectors, a
sparse matrix of n-gram weights, category bit masks, region codes as integers…), built
once and reused for every query. For each kind of query it holds a slice of the
candidates that kind ranks, sorted by expiry, so the open ones are a prefix and every
array a query reads is a contiguous view. Every part of positive weight but *words* is
computed for all open candidates at once (a part of weight 0 only for the matches
returned); *words* only for the ``SHORTLIST`` best by the other parts (all of them
when the query has no vector, which needs the whole sparse product). Top 10 among
100,000 with stored vectors: ``bench/matching.py --speed 100000``; the product with
the matrix of vectors (200 MB at 512 dimensions, read once per query) is most of it.

**Reasons** come as structured tuples, for the app to turn into translated sentences
(:data:`REASONS` lists their shapes); :meth:`Match.explain` is the English version.

**Bad input** raises ValueError when a candidate is built: an unknown kind, category or
reach, a vector with NaN or infinity, a quantity that is not a positive finite number,
coordinates off the globe, an expiry before the posting date. An empty text is allowed
(an organisation without a description); an all-zero vector means "no vector", as
``lib.embedding.encode`` gives for an empty text.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Hashable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy import sparse
from sklearn.feature_extraction.text import TfidfTransformer, strip_accents_unicode

from alliance.lib import kinds
from alliance.lib.exchange_vocabulary import (
    EU_WIDE,
    LOCAL,
    NATIONAL,
    NEED,
    OFFER,
    PARTNER_SEARCH,
    POST_KINDS,
    REACHES,
    RESOURCE_CATEGORIES,
)

ORGANISATION = "organisation"
SOLUTION = kinds.SOLUTION  # a solution said in a session (lib.kinds)
KINDS = (*POST_KINDS, ORGANISATION, SOLUTION)

# Who a query of each kind ranks.
COUNTERPARTS: dict[str, frozenset[str]] = {
    NEED: frozenset({OFFER, ORGANISATION, SOLUTION}),
    OFFER: frozenset({NEED}),
    ORGANISATION: frozenset({NEED}),
    SOLUTION: frozenset({NEED}),
    PARTNER_SEARCH: frozenset({ORGANISATION}),
}
SUPPLY_SIDE = frozenset({OFFER, ORGANISATION, SOLUTION})

PARTS = ("meaning", "words", "category", "geography", "quantity", "recency")

LOCAL_KM = 100.0
RECENCY_HALF_LIFE_DAYS = 90.0
# Candidates the words part is computed for, at least: the rest cannot come near the top
# unless their words alone carry them, which the shortlist by meaning rarely misses
# (bench/matching.py --speed compares it with the exact ranking).
SHORTLIST = 300

# Geography levels (see the module's docstring).
SAME_CODE, SAME_NUTS2, SAME_NUTS1, SAME_COUNTRY, OTHER_COUNTRY, UNKNOWN = 1.0, 0.85, 0.7, 0.5, 0.25, 0.5
NEUTRAL = 0.5

# The reasons' shapes, first element the tag.
REASONS = {
    "category": "(\"category\", category)",
    "same_region": "(\"same_region\", nuts_code)",
    "neighbour_region": "(\"neighbour_region\", nuts_code)",
    "same_country": "(\"same_country\", country_code)",
    "eu_wide": "(\"eu_wide\", country_code)",
    "distance_km": "(\"distance_km\", km)",
    "covers": "(\"covers\", offered, needed, unit)",
    "partly_covers": "(\"partly_covers\", offered, needed, unit)",
    "language": "(\"language\", language, \"meaning\")",
    "meaning": "(\"meaning\", cosine)",
    "words": "(\"words\", cosine)",
    "expires_in_days": "(\"expires_in_days\", days)",
}

LANGUAGE_NAMES = {"en": "English", "de": "German", "fr": "French", "it": "Italian", "es": "Spanish",
                  "nl": "Dutch", "pt": "Portuguese", "pl": "Polish", "el": "Greek", "ro": "Romanian"}

FloatArray = npt.NDArray[np.float32]
_REACH_ORDER = {LOCAL: 0, NATIONAL: 1, EU_WIDE: 2}
_CATEGORY_BIT = {category: 1 << i for i, category in enumerate(RESOURCE_CATEGORIES)}


@dataclass(frozen=True, eq=False)
class Candidate:
    """A post, organisation or solution as the score sees it (see the module's docstring).
    ``quantity`` is what a need needs or an offer offers; ``region`` a NUTS code of any
    level; ``country`` the NUTS country code, taken from ``region`` when empty."""

    id: Hashable
    kind: str
    text: str
    language: str = ""
    vector: FloatArray | None = None
    categories: tuple[str, ...] = ()
    quantity: float | None = None
    unit: str = ""
    region: str = ""
    country: str = ""
    reach: str = ""
    posted_on: date | None = None
    expires_on: date | None = None
    lat: float | None = None
    lon: float | None = None

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown kind {self.kind!r}; one of {', '.join(KINDS)}")
        if not isinstance(self.text, str):
            raise ValueError("text must be a string")
        unknown = [c for c in self.categories if c not in _CATEGORY_BIT]
        if unknown:
            raise ValueError(f"unknown categories {unknown!r}")
        if self.reach and self.reach not in REACHES:
            raise ValueError(f"unknown reach {self.reach!r}; one of {', '.join(REACHES)}")
        if self.quantity is not None and not (math.isfinite(self.quantity) and self.quantity > 0):
            raise ValueError(f"quantity must be a positive number, not {self.quantity!r}")
        if (self.lat is None) != (self.lon is None):
            raise ValueError("give both lat and lon, or neither")
        if self.lat is not None and self.lon is not None and not (-90 <= self.lat <= 90 and -180 <= self.lon <= 180):
            raise ValueError(f"coordinates off the globe: {self.lat}, {self.lon}")
        if self.posted_on and self.expires_on and self.expires_on < self.posted_on:
            raise ValueError("expires_on is before posted_on")
        object.__setattr__(self, "categories", tuple(dict.fromkeys(self.categories)))
        object.__setattr__(self, "region", self.region.strip().upper())
        object.__setattr__(self, "country", (self.country.strip().upper() or self.region.strip().upper()[:2]))
        if self.vector is not None:
            vector = np.asarray(self.vector, dtype=np.float32).reshape(-1)
            if not np.all(np.isfinite(vector)):
                raise ValueError("vector has NaN or infinite values")
            norm = float(np.linalg.norm(vector))
            object.__setattr__(self, "vector", vector / norm if norm > 0 else None)


@dataclass(frozen=True)
class Weights:
    """The parts' weights (any non-negative scale; the score divides by their sum) and
    the two multipliers for a disjoint category pair and an out-of-reach pair."""

    # Tuned by bench/matching.py --tune on the labelled set's tuning part (coordinate
    # ascent on MAP): words and geography add nothing there once meaning, category and
    # the out-of-reach multiplier are in (the set's true pairs are mostly across
    # languages); held-out MAP 0.836 against 0.735 for the hand-set first weights.
    meaning: float = 0.2
    words: float = 0.0
    category: float = 0.2
    geography: float = 0.0
    quantity: float = 0.1
    recency: float = 0.0
    mismatch: float = 0.5
    out_of_reach: float = 0.5

    def __post_init__(self) -> None:
        values = [getattr(self, name) for name in (*PARTS, "mismatch", "out_of_reach")]
        if not all(math.isfinite(v) and v >= 0 for v in values):
            raise ValueError("weights must be finite and non-negative")
        if sum(getattr(self, name) for name in PARTS) <= 0:
            raise ValueError("at least one part needs a positive weight")
        if self.mismatch > 1 or self.out_of_reach > 1:
            raise ValueError("the multipliers are at most 1")

    def part(self, name: str) -> float:
        return float(getattr(self, name))


DEFAULT = Weights()


@dataclass(frozen=True)
class Match:
    """One counterpart: its score in [0, 1], every part's value and the reasons."""

    candidate: Candidate
    score: float
    parts: dict[str, float] = field(hash=False)
    reasons: tuple[tuple[Any, ...], ...]

    @property
    def id(self) -> Hashable:
        return self.candidate.id

    def explain(self) -> str:
        """The reasons in English, e.g. "same category: protective equipment · 40 km ·
        offers 500 of 300 needed · written in German, matched by meaning"."""
        return " · ".join(explain_reason(reason) for reason in self.reasons)


def explain_reason(reason: tuple[Any, ...]) -> str:
    tag, *args = reason
    if tag == "category":
        return f"same category: {str(args[0]).replace('_', ' ')}"
    if tag == "same_region":
        return f"same region ({args[0]})"
    if tag == "neighbour_region":
        return f"neighbouring region ({args[0]})"
    if tag == "same_country":
        return f"same country ({args[0]})"
    if tag == "eu_wide":
        return f"offered EU-wide, from {args[0]}" if args[0] else "EU-wide"
    if tag == "distance_km":
        return f"{args[0]} km"
    if tag in ("covers", "partly_covers"):
        offered, needed, unit = args
        unit_text = f" {unit}" if unit else ""
        verb = "offers" if tag == "covers" else "offers only"
        return f"{verb} {_number(offered)} of {_number(needed)}{unit_text} needed"
    if tag == "language":
        return f"written in {LANGUAGE_NAMES.get(args[0], args[0])}, matched by meaning"
    if tag == "meaning":
        return "similar meaning"
    if tag == "words":
        return "similar words"
    if tag == "expires_in_days":
        return f"expires in {args[0]} days"
    return " ".join(str(a) for a in reason)


def _number(value: float) -> str:
    return f"{value:g}" if value != int(value) else f"{int(value)}"


def _unit_key(unit: str) -> str:
    key = unit.strip().lower()
    return key[:-1] if len(key) > 3 and key.endswith("s") else key


class _Codes:
    """Strings as small integers, so that the candidates' regions compare as arrays."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}

    def add(self, value: str) -> int:
        return self.ids.setdefault(value, len(self.ids)) if value else -1

    def get(self, value: str) -> int:
        return self.ids.get(value, -2) if value else -1  # -2 equals no candidate's code


def _prefix(code: str, length: int) -> str:
    return code[:length] if len(code) >= length else ""


class _Slice:
    """The candidates one kind of query ranks (a need: offers, organisations and
    solutions), cut out once at build time and sorted by expiry, latest first (stable,
    so equal expiries keep the candidates' order): the candidates open on a day are then
    a prefix, and every array a query reads is a contiguous view, never a fancy-indexed
    copy — at 100,000 candidates the copies cost more than the scoring."""

    def __init__(self, index: Index, kinds: frozenset[str], vectors: FloatArray) -> None:
        wanted = [KINDS.index(k) for k in kinds]
        chosen = np.flatnonzero(np.isin(index.kinds, wanted))
        order = np.argsort(-index.expires[chosen], kind="stable")
        self.rows = chosen[order]
        self.position = np.full(len(index), -1, dtype=np.int64)  # row → position here, -1: not here
        self.position[self.rows] = np.arange(self.rows.size)
        self.neg_expires = -index.expires[self.rows]  # ascending, for searchsorted
        self.vectors = np.ascontiguousarray(vectors[self.rows])
        self.category_bits = index.category_bits[self.rows]
        self.region_ids = {length: ids[self.rows] for length, ids in index.region_ids.items()}
        self.lat, self.lon = index.lat[self.rows], index.lon[self.rows]
        # Their radians and the latitude's cosine, as _km computes them, once.
        self.lat_rad, self.lon_rad = np.radians(self.lat), np.radians(self.lon)
        self.cos_lat = np.cos(self.lat_rad)
        self.reach = index.reach[self.rows]
        self.quantity = index.quantity[self.rows]
        self.unit_ids = index.unit_ids[self.rows]
        self.posted = index.posted[self.rows]

    def open_count(self, today: int) -> int:
        """How many of the first positions are open on the day ``today`` (an ordinal)."""
        return int(np.searchsorted(self.neg_expires, -today, side="right"))


class Index:
    """The candidates as arrays, built once (at start-up, or again when the collection
    changes) and read by every :func:`rank` call. Rows follow ``candidates``' order.
    All vectors must have the same dimension."""

    def __init__(self, candidates: Sequence[Candidate]) -> None:
        self.candidates = tuple(candidates)
        n = len(self.candidates)
        dims = {c.vector.shape[0] for c in self.candidates if c.vector is not None}
        if len(dims) > 1:
            raise ValueError(f"vectors of different dimensions: {sorted(dims)}")
        self.dimensions = dims.pop() if dims else 0
        vectors = np.zeros((n, self.dimensions), dtype=np.float32)  # held by the slices only
        self.has_vector = np.zeros(n, dtype=bool)
        for row, c in enumerate(self.candidates):
            if c.vector is not None:
                vectors[row] = c.vector
                self.has_vector[row] = True
        self.kinds = np.array([KINDS.index(c.kind) for c in self.candidates], dtype=np.int8)
        self.category_bits = np.array([sum(_CATEGORY_BIT[x] for x in c.categories) for c in self.candidates],
                                      dtype=np.int64)
        self.codes = {length: _Codes() for length in (0, 2, 3, 4)}  # 0: the whole code
        self.region_ids = {length: np.array([self.codes[length].add(
            c.region if length == 0 else (c.country if length == 2 else _prefix(c.region, length)))
            for c in self.candidates], dtype=np.int32) for length in (0, 2, 3, 4)}
        self.lat = np.array([np.nan if c.lat is None else c.lat for c in self.candidates], dtype=np.float64)
        self.lon = np.array([np.nan if c.lon is None else c.lon for c in self.candidates], dtype=np.float64)
        self.reach = np.array([_REACH_ORDER.get(c.reach, 3) for c in self.candidates], dtype=np.int8)
        self.quantity = np.array([np.nan if c.quantity is None else c.quantity for c in self.candidates],
                                 dtype=np.float64)
        self.units = _Codes()
        self.unit_ids = np.array([self.units.add(_unit_key(c.unit)) for c in self.candidates], dtype=np.int32)
        far = date.max.toordinal()
        self.posted = np.array([c.posted_on.toordinal() if c.posted_on else -1 for c in self.candidates],
                               dtype=np.int64)
        self.expires = np.array([c.expires_on.toordinal() if c.expires_on else far for c in self.candidates],
                                dtype=np.int64)
        self.positions: dict[Hashable, list[int]] = {}
        for row, c in enumerate(self.candidates):
            self.positions.setdefault(c.id, []).append(row)
        self.slices = {kinds: _Slice(self, kinds, vectors) for kinds in set(COUNTERPARTS.values())}
        self.lexicon: _Lexicon | None
        try:
            self.lexicon = _Lexicon([c.text for c in self.candidates])
            self.words: sparse.csr_matrix = self.lexicon.matrix
        except ValueError:  # no text at all (or no n-gram in any): the words part is 0
            self.lexicon = None
            self.words = sparse.csr_matrix((n, 1), dtype=np.float32)
        self._last_query: tuple[str, Any] = ("", None)

    def __len__(self) -> int:
        return len(self.candidates)

    def word_scores(self, text: str, rows: npt.NDArray[np.intp] | None = None) -> FloatArray:
        """Cosine of the text's n-gram vector with the rows' (all rows when None)."""
        count = len(self) if rows is None else len(rows)
        if self.lexicon is None or not text.strip():
            return np.zeros(count, dtype=np.float32)
        last_text, query = self._last_query  # one tuple, read and written at once: safe across threads
        if query is None or last_text != text:
            query = self.lexicon.transform(text)
            self._last_query = (text, query)
        matrix = self.words if rows is None else self.words[rows]
        return np.asarray((matrix @ query.T).toarray()).reshape(-1).astype(np.float32)

    def rank(self, query: Candidate, *, weights: Weights = DEFAULT, today: date, limit: int = 10) -> list[Match]:
        return rank(query, self.candidates, weights=weights, today=today, limit=limit, index=self)


class _Lexicon:
    """The candidates' character 3–5-gram TF-IDF: the very matrix (values, column order,
    each row's storage order) of ``TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5),
    strip_accents="unicode", lowercase=True, sublinear_tf=True, dtype=np.float32)``, and
    a query's vector as its ``transform`` gives it, but counted once per distinct word:
    sklearn's analyzer and counter, Python loops per character and per n-gram, were
    nine tenths of the build time of an index of 100,000 (n-grams never cross a word's
    bounds, so a text's counts are the sum of its words'). Raises ValueError when no
    text has an n-gram, as sklearn does."""

    def __init__(self, texts: Sequence[str]) -> None:
        first_seen: dict[str, int] = {}  # n-gram → column, in order of first appearance, as sklearn counts
        word_ids: dict[str, int] = {}
        word_columns: list[list[int]] = []
        folded: dict[str, list[str]] = {}
        doc_words: list[int] = []
        doc_ends = [0]
        for text in texts:
            for word in _words(text, folded):
                w = word_ids.get(word)
                if w is None:
                    w = word_ids[word] = len(word_columns)
                    word_columns.append([first_seen.setdefault(g, len(first_seen)) for g in _word_ngrams(word)])
                doc_words.append(w)
            doc_ends.append(len(doc_words))
        if not first_seen:
            raise ValueError("empty vocabulary")
        by_doc = sparse.csr_matrix((np.ones(len(doc_words)), np.array(doc_words, dtype=np.int64),
                                    np.array(doc_ends, dtype=np.int64)), shape=(len(texts), len(word_columns)))
        lengths = np.fromiter((len(c) for c in word_columns), dtype=np.int64, count=len(word_columns))
        by_word = sparse.csr_matrix((np.ones(int(lengths.sum())), np.fromiter(
            (g for c in word_columns for g in c), dtype=np.int64, count=int(lengths.sum())),
            np.concatenate([[0], np.cumsum(lengths)])), shape=(len(word_columns), len(first_seen)))
        counts = sparse.csr_matrix(by_doc @ by_word, dtype=np.float32)  # whole numbers, exact
        counts.sum_duplicates()
        counts.sort_indices()
        # Columns in alphabetical order, each row keeping the first-appearance order
        # (sklearn's _sort_features), so that sums run in the same order.
        terms = sorted(first_seen)
        new_column = np.empty(len(terms), dtype=counts.indices.dtype)
        new_column[np.fromiter((first_seen[t] for t in terms), dtype=np.int64, count=len(terms))] = np.arange(
            len(terms), dtype=counts.indices.dtype)
        counts.indices = new_column.take(counts.indices)
        self.vocabulary = {term: column for column, term in enumerate(terms)}
        self.tfidf = TfidfTransformer(sublinear_tf=True).fit(counts)
        self.matrix: sparse.csr_matrix = sparse.csr_matrix(self.tfidf.transform(counts, copy=False))

    def transform(self, text: str) -> Any:
        columns = [c for word in _words(text, {}) for g in _word_ngrams(word)
                   if (c := self.vocabulary.get(g)) is not None]
        present, times = np.unique(np.array(columns, dtype=np.int64), return_counts=True)
        counts = sparse.csr_matrix((times.astype(np.float32), present, np.array([0, present.size])),
                                   shape=(1, len(self.vocabulary)), dtype=np.float32)
        return self.tfidf.transform(counts, copy=False)


def _words(text: str, folded: dict[str, list[str]]) -> list[str]:
    """The text's words lower-cased, accents stripped (sklearn's strip_accents_unicode),
    as sklearn's char_wb analyzer splits them. Stripping word by word gives what
    stripping the whole text gives (a decomposition never crosses a space), and each
    distinct word is stripped once (``folded``)."""
    out: list[str] = []
    for raw in text.lower().split():
        words = folded.get(raw)
        if words is None:
            words = folded[raw] = strip_accents_unicode(raw).split()
        out += words
    return out


def _word_ngrams(word: str) -> list[str]:
    """sklearn's ``_char_wb_ngrams`` for one word, n from 3 to 5."""
    w = " " + word + " "
    grams: list[str] = []
    for n in range(3, 6):
        if len(w) <= n:
            grams.append(w)  # a short word counts once, whole
            break
        grams += [w[i:i + n] for i in range(len(w) - n + 1)]
    return grams


_CONTROLLER: Any = None


@contextlib.contextmanager
def _one_thread() -> Iterator[None]:
    """BLAS on one thread for a product: OpenBLAS's second thread spins while it waits,
    and on two cores shared with the web processes that made the tail latency worse, not
    better (as alliance/overview/themes.py found). The controller is made once:
    ``threadpool_limits()`` looks the libraries up on every call (~0.6 ms), a
    controller's ``limit()`` takes microseconds."""
    global _CONTROLLER
    if _CONTROLLER is None:
        try:
            from threadpoolctl import ThreadpoolController
        except ImportError:  # pragma: no cover - threadpoolctl comes with SciPy's usual installs
            _CONTROLLER = False
        else:
            _CONTROLLER = ThreadpoolController()
    if not _CONTROLLER:  # pragma: no cover
        yield
        return
    with _CONTROLLER.limit(limits=1, user_api="blas"):
        yield


def _km(lat: float, lon: float, sub: _Slice, rows: Any) -> Any:
    """Great-circle distances (haversine, Earth radius 6371 km) to the slice's rows; NaN
    where unknown. The rows' radians and cosines were computed at build time."""
    p1 = math.radians(lat)
    dp, dl = sub.lat_rad[rows] - p1, sub.lon_rad[rows] - math.radians(lon)
    a = np.sin(dp / 2) ** 2 + math.cos(p1) * sub.cos_lat[rows] * np.sin(dl / 2) ** 2
    return 2 * 6371.0 * np.arcsin(np.sqrt(np.clip(a, 0, 1)))


def rank(query: Candidate, candidates: Sequence[Candidate], *, weights: Weights = DEFAULT, today: date,
         limit: int = 10, index: Index | None = None) -> list[Match]:
    """The best ``limit`` counterparts of ``query`` among ``candidates``, best first (ties
    in the candidates' order). ``index``, when given, must be built from these very
    candidates (``Index(candidates)``, once); without it one is built for this call."""
    if limit < 0:
        raise ValueError("limit must not be negative")
    if index is None:
        index = Index(candidates)
    elif len(index) != len(candidates):
        raise ValueError("the index was built from other candidates")
    n = len(index)
    if n == 0 or limit == 0:
        return []
    if query.vector is not None and index.dimensions and query.vector.shape[0] != index.dimensions:
        raise ValueError(f"query vector has {query.vector.shape[0]} dimensions, the index {index.dimensions}")

    today_ordinal = today.toordinal()
    sub = index.slices[COUNTERPARTS[query.kind]]
    open_count = sub.open_count(today_ordinal)  # positions [0, open_count) are open today
    own = [p for row in index.positions.get(query.id, []) if 0 <= (p := int(sub.position[row])) < open_count]
    available = open_count - len(own)
    if available <= 0:
        return []
    window = slice(0, open_count)

    use_meaning = query.vector is not None and index.dimensions > 0
    part_weights = {name: weights.part(name) for name in PARTS}
    if not use_meaning:  # the text still counts, through its words
        part_weights["words"] += part_weights["meaning"]
        part_weights["meaning"] = 0.0
    total = sum(part_weights.values())
    # A part of weight 0 adds exactly 0.0 to the sum: it is not computed here, only for
    # the matches returned (their parts say every value).
    wanted = {name for name in PARTS if part_weights[name] > 0}
    parts = _vector_parts(query, index, sub, window, today_ordinal, wanted)
    factors = np.array([1.0, weights.out_of_reach, weights.mismatch, weights.mismatch * weights.out_of_reach])
    factor = factors[(parts["disjoint"].view(np.uint8) << 1) | parts["out_of_reach"].view(np.uint8)]
    partial = sum(part_weights[name] * parts[name] for name in PARTS if name != "words" and name in wanted)
    partial = np.asarray(partial, dtype=np.float64) * factor / total
    partial[own] = -1.0  # below every score: the query never ranks itself

    words = np.zeros(open_count, dtype=np.float32)
    if part_weights["words"] > 0 and query.text.strip():
        keep = max(SHORTLIST, 20 * limit)
        if available <= keep or not use_meaning:
            shortlist = np.arange(open_count)
        else:
            shortlist = np.argpartition(-partial, keep)[:keep]
        words[shortlist] = index.word_scores(query.text, sub.rows[shortlist])
        np.clip(words, 0.0, 1.0, out=words)
        score = partial + part_weights["words"] * words * factor / total
    else:  # adding 0.0 changes nothing
        score = partial
    score = np.clip(score, 0.0, 1.0)
    score[own] = -1.0

    top = _best(score, min(limit, available), sub.rows[window])
    shown = _vector_parts(query, index, sub, top, today_ordinal, set(PARTS))
    if "meaning" in wanted:  # the very values the score used
        shown["meaning"] = parts["meaning"][top]
    shown["words"] = words[top]
    return [_match(query, index, int(sub.rows[p]), i, float(score[p]), shown) for i, p in enumerate(top)]


def _best(score: npt.NDArray[np.float64], count: int, rows: npt.NDArray[np.intp]) -> npt.NDArray[np.intp]:
    """The positions of the ``count`` best scores, best first; equal scores in the
    candidates' order (``rows``), at the cut too."""
    if count < score.size:
        cut = -np.partition(-score, count - 1)[count - 1]
        above = np.flatnonzero(score > cut)
        tied = np.flatnonzero(score == cut)
        tied = tied[np.argsort(rows[tied], kind="stable")][: count - above.size]
        top = np.concatenate([above, tied])
    else:
        top = np.arange(score.size)
    return top[np.lexsort((rows[top], -score[top]))]


def _vector_parts(query: Candidate, index: Index, sub: _Slice, rows: Any, today: int,
                  wanted: set[str]) -> dict[str, Any]:
    """The ``wanted`` parts but words for the slice's ``rows`` (a slice or positions) at
    once, and the two multipliers' conditions, which every score needs; ``km`` too when
    geography is wanted."""
    n = len(range(sub.rows.size)[rows]) if isinstance(rows, slice) else len(rows)
    out: dict[str, Any] = {}
    if "meaning" in wanted:
        if query.vector is not None and index.dimensions:
            with _one_thread():
                cosine = sub.vectors[rows] @ query.vector
            out["meaning"] = np.clip(cosine, 0.0, 1.0)
        else:
            out["meaning"] = np.zeros(n, dtype=np.float32)

    bits = sub.category_bits[rows]
    query_bits = sum(_CATEGORY_BIT[c] for c in query.categories)
    shared = (bits & query_bits) != 0
    known = (bits != 0) & (query_bits != 0)
    if "category" in wanted:
        out["category"] = np.where(shared, 1.0, np.where(known, 0.0, NEUTRAL))
    out["disjoint"] = known & ~shared

    _geography(query, index, sub, rows, n, "geography" in wanted, out)

    if "quantity" in wanted:
        if query.quantity is None:
            out["quantity"] = np.full(n, NEUTRAL)
        else:
            quantity = sub.quantity[rows]
            needed, offered = (query.quantity, quantity) if query.kind == NEED else (quantity, query.quantity)
            same_unit = sub.unit_ids[rows] == index.units.get(_unit_key(query.unit))
            with np.errstate(invalid="ignore", divide="ignore"):
                cover = np.minimum(1.0, np.asarray(offered, dtype=np.float64) / np.asarray(needed, dtype=np.float64))
            out["quantity"] = np.where(same_unit & ~np.isnan(cover), cover, NEUTRAL)

    if "recency" in wanted:
        posted = sub.posted[rows]
        age = np.maximum(0, today - posted)
        out["recency"] = np.where(posted >= 0, 0.5 ** (age / RECENCY_HALF_LIFE_DAYS), NEUTRAL)
    out["today"] = today
    return out


def _geography(query: Candidate, index: Index, sub: _Slice, rows: Any, n: int, level_wanted: bool,
               out: dict[str, Any]) -> None:
    """The geography part (when wanted) with the distances, and always whether a row is
    out of reach. Without the part, distances are computed only where a local reach
    needs them."""
    region_ids = {length: sub.region_ids[length][rows] for length in (2, 0, 4)}
    same: dict[int, Any] = {}
    for length in (2, 0, 4):
        value = query.country if length == 2 else (query.region if length == 0 else _prefix(query.region, length))
        same[length] = region_ids[length] == index.codes[length].get(value)
    country_known = (region_ids[2] >= 0) & bool(query.country)
    reach = np.minimum(sub.reach[rows], _REACH_ORDER.get(query.reach, 3))
    located = query.lat is not None and query.lon is not None
    national_out = (reach == 1) & country_known & ~same[2]
    if not level_wanted:
        out_of_reach = national_out
        local = np.flatnonzero(reach == 0)
        if local.size:
            positions = local + (rows.start or 0) if isinstance(rows, slice) else rows[local]
            km = _km(query.lat, query.lon, sub, positions) if located else np.full(local.size, np.nan)  # type: ignore[arg-type]
            local_ok = same[4][local] | same[0][local] | (km <= LOCAL_KM)
            local_known = (~np.isnan(km)) | (region_ids[0][local] >= 0) & bool(query.region)
            out_of_reach[local] |= local_known & ~local_ok
        out["out_of_reach"] = out_of_reach
        return

    same[3] = sub.region_ids[3][rows] == index.codes[3].get(_prefix(query.region, 3))
    level = np.full(n, UNKNOWN)
    level = np.where(country_known, OTHER_COUNTRY, level)
    for length, score in ((2, SAME_COUNTRY), (3, SAME_NUTS1), (4, SAME_NUTS2), (0, SAME_CODE)):
        level = np.where(same[length], score, level)
    if located:
        km = _km(query.lat, query.lon, sub, rows)  # type: ignore[arg-type]
        near = 1.0 / (1.0 + km / 100.0)
        level = np.where(np.isnan(km), level, np.maximum(level, np.nan_to_num(near)))
    else:
        km = np.full(n, np.nan)
    local_ok = same[4] | same[0] | (km <= LOCAL_KM)
    local_known = (~np.isnan(km)) | (region_ids[0] >= 0) & bool(query.region)
    out_of_reach = ((reach == 0) & local_known & ~local_ok) | national_out
    out["geography"] = np.where(out_of_reach, 0.0, level)
    out["out_of_reach"] = out_of_reach
    out["km"] = km


def _match(query: Candidate, index: Index, row: int, i: int, score: float, parts: dict[str, Any]) -> Match:
    candidate = index.candidates[row]
    values = {name: round(float(parts[name][i]), 4) for name in PARTS}
    reasons: list[tuple[Any, ...]] = [("category", c) for c in query.categories if c in candidate.categories]
    km = float(parts["km"][i])
    if not parts["out_of_reach"][i]:
        if candidate.region and candidate.region == query.region:
            reasons.append(("same_region", candidate.region))
        elif query.region and candidate.region[:3] == query.region[:3] and len(candidate.region) >= 3:
            reasons.append(("neighbour_region", candidate.region))
        elif query.country and candidate.country == query.country:
            reasons.append(("same_country", candidate.country))
        elif candidate.reach == EU_WIDE:
            reasons.append(("eu_wide", candidate.country))
    if not math.isnan(km):
        reasons.append(("distance_km", round(km)))
    need, offer = (query, candidate) if query.kind == NEED else (candidate, query)
    if need.quantity and offer.quantity and _unit_key(need.unit) == _unit_key(offer.unit):
        tag = "covers" if offer.quantity >= need.quantity else "partly_covers"
        reasons.append((tag, _plain(offer.quantity), _plain(need.quantity), offer.unit or need.unit))
    if values["meaning"] >= values["words"] and values["meaning"] > 0:
        if candidate.language and query.language and candidate.language != query.language:
            reasons.append(("language", candidate.language, "meaning"))
        else:
            reasons.append(("meaning", values["meaning"]))
    elif values["words"] > 0:
        reasons.append(("words", values["words"]))
    if candidate.expires_on is not None:
        days = candidate.expires_on.toordinal() - int(parts["today"])
        if days <= 14:
            reasons.append(("expires_in_days", int(days)))
    return Match(candidate=candidate, score=round(score, 6), parts=values, reasons=tuple(reasons))


def _plain(value: float) -> float | int:
    return int(value) if float(value).is_integer() else float(value)
