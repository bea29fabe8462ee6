"""Themes found in the overview's statements: plain vectors and texts in, themes out.
Pure: numpy, SciPy and scikit-learn only — no Django, no clock, no I/O but the stop-word
lists shipped beside this module. The same statements, vectors, previous themes and
seed always give the same themes.

The pipeline (``find_themes``):

1. **Vectors** are the statements' stored sentence embeddings, L2-normalised. A
   sentence encoder puts every text in a narrow cone (multilingual-e5's cosines are
   0.78–0.88 for any two of the benchmark's statements), so thresholds are not taken
   on raw cosines: the near-duplicate cut on cosines rescaled from the corpus's mean
   pair cosine to 1, the clustering and the fit on vectors centred on the corpus's
   mean, so that the same settings mean the same for e5 and for USE (measured:
   ``bench/themes.py``).
2. **Near-duplicates** (rescaled cosine ≥ ``Settings.duplicate_similarity``, or raw
   cosine ≥ 0.99) are merged first: the earliest statement leads its group, the others
   follow it everywhere. A raw 0.95 was tried and joins statements that differ in what
   they ask ("… subsidies stopped at once" / "… subsidies published at once", e5 0.957).
3. **Clustering**: spectral clustering of the representatives' mutual k-nearest-
   neighbour graph on the centred vectors (two statements linked when each is among
   the other's nearest, plus a spanning tree to keep it in one piece: the either-way
   graph let generic "hub" statements tie the topics together — USE benchmark NMI
   0.286 → 0.311 at six themes), for every k from 2 to ``max_k``, and the number of
   themes chosen by the graph's **modularity** — the share of neighbour links inside
   themes beyond what chance would put there. Of the k within ``parsimony`` of the
   best modularity, the smallest wins: modularity rises slowly with k past the
   topics' own structure (a kNN graph of any continuous data can be cut into more,
   smaller, equally "modular" regions), and fewer themes of the same quality are
   easier to curate. Silhouette was measured and rejected: on sentence embeddings it
   is 0.03–0.06 for every k and falls with k, so it always asks for two themes; the
   eigengap, stability over k-means starts, and modularity against a column-permuted
   null were as flat or pointed nowhere. Nobody tells the pipeline the true count.
   *Finer themes were tried and rejected* (the product's demo, 1,071 statements, 436
   after near-duplicates, about 20 overlapping topics, gets 5 themes; the benchmark 6).
   Every criterion that reads the graph fairly finds the benchmark's themes at least as
   clearly several as the demo's, and splitting the benchmark costs its NMI (0.303 at
   six themes, < 0.30 from seven on): modularity with a resolution γ > 1 picks more
   themes for the benchmark first (argmax k 13 and 21 at γ 1.25 and 1.5, the demo 10);
   re-clustering each theme as a corpus of its own and splitting it when its modularity
   reaches the corpus's splits the demo into 20 readable themes (chip shortage, car
   plants, FFP2 masks, liquidity…) and leaves the benchmark alone, but only because
   a smaller theme gets fewer neighbours (√m) and a sparser graph is more "modular":
   with the corpus's own neighbour count the demo's themes reach 0.28–0.36 against
   its 0.47 and none splits; against a Gaussian null of each theme's own spectrum the
   benchmark's themes stand out more (0.41–0.50 against 0.30–0.38) than the demo's
   (0.47–0.56 against 0.35–0.46), and splitting where they beat it gives the benchmark
   32 themes (NMI 0.23). Fewer neighbours (15) lower the benchmark below 0.30 at
   every k; statements weighted by their near-duplicates change nothing. What the demo
   needs finer is for the curator to split (``split_in_two``).
4. **Assignment**: every statement goes to the cluster whose centroid it is closest to
   in the graph's spectral embedding (where the clusters were found; the nearest
   centroid in the sentence space undid part of what the graph saw). A statement
   whose best theme wins there by less than ``undecided_margin`` over the second is
   **undecided** (both themes are kept with it); one that leans away from its theme's
   centroid in the sentence space (centred cosine below ``min_fit``) fits **no
   theme** (``unsorted``); a cluster smaller than ``min_theme_size`` is no theme either.
5. **Labels**: c-TF-IDF over 1–2-grams (stop words per language: DE, EN, FR, IT, ES
   shipped in ``data/``), each phrase re-ranked by how many of the theme's members
   contain it, weighted by their closeness to the centroid, so that a phrase of a few
   stray members does not name the theme; 2–4 phrases that share no word, " · ".
6. **Curation survives**: new clusters are matched to the previous run's themes by
   the Jaccard overlap of their members (a one-to-one Hungarian assignment); a matched
   theme keeps its id, name and hidden flag; a statement pinned to a theme is moved
   into it whatever the clustering said, and a previous theme whose pinned statements
   no cluster carries comes back with them.
"""

from __future__ import annotations

import contextlib
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

DATA = Path(__file__).with_name("data")
STOPWORD_LANGUAGES = ("de", "en", "fr", "it", "es")
# Rows of the similarity matrix computed at a time: 1,024 × 10,000 float32 is 40 MB.
CHUNK = 1024
# Cosines at least this high are the same text whatever the corpus (an edit, a prefix).
SAME_TEXT = 0.99
FACTOR = 0.6
PLACED, UNSORTED, UNDECIDED, PINNED = 0, 1, 2, 3


# --- Data in ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Statement:
    """What the pipeline knows of a statement. ``time`` is an ISO date or datetime."""

    id: int
    text: str
    language: str = "unknown"
    kind: str = ""
    ecosystems: tuple[str, ...] = ()
    organisation_type: str = ""
    country: str = ""
    region: str = ""
    time: str = ""


@dataclass(frozen=True)
class PreviousTheme:
    """A theme of the last run as people left it. ``pinned`` pins every member: the
    curator fixed the theme (a merge, a split) and none of its statements may leave."""

    id: int
    name: str
    member_ids: frozenset[int]
    pinned_ids: frozenset[int] = frozenset()
    hidden: bool = False
    pinned: bool = False


@dataclass(frozen=True)
class Settings:
    seed: int = 0
    # On cosines rescaled from the corpus's mean pair cosine (see the module's docstring).
    duplicate_similarity: float = 0.85
    neighbours: int = 25
    max_k: int = 30
    # Take the smallest k whose modularity is within this share of the best. Measured on
    # the benchmark (USE; e5 alike): 0.03 and 0.05 choose six themes of the five
    # conversations (NMI 0.303), 0.08 five (0.300); on mixes of three or four of the
    # conversations 0.05 chose 5–7 and 5–6 themes (NMI 0.258, 0.280), 0.03 6–8 and
    # 6–8 (0.248, 0.270), and over k-means seeds 0.05 held at six where 0.03 wavered.
    parsimony: float = 0.05
    # No theme at all below this modularity: the statements have no community structure.
    min_modularity: float = 0.05
    min_theme_size: int = 3
    undecided_margin: float = 0.015
    min_fit: float = 0.0
    # A new cluster is a previous theme when their members overlap at least this much.
    match_jaccard: float = 0.3
    label_phrases: int = 3
    representatives: int = 3
    # Two k-means starts gave the same themes as four on the benchmark (USE and e5), in
    # half the time.
    kmeans_inits: int = 2
    # Stop trying larger k after this many in a row without a better modularity.
    patience: int = 5

    def __post_init__(self) -> None:
        if not 0 < self.duplicate_similarity <= 1:
            raise ValueError("duplicate_similarity must be in (0, 1]")
        if self.neighbours < 1 or self.max_k < 1 or self.min_theme_size < 1 or self.kmeans_inits < 1:
            raise ValueError("neighbours, max_k, min_theme_size and kmeans_inits must be positive")
        if not 0 <= self.parsimony < 1 or not 0 <= self.match_jaccard <= 1:
            raise ValueError("parsimony must be in [0, 1) and match_jaccard in [0, 1]")
        if not 1 <= self.label_phrases <= 4:
            raise ValueError("a label has 1 to 4 phrases")


# --- Data out ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Theme:
    id: int | None  # the previous theme's id, or None for a new theme
    name: str  # the curated name kept from the previous theme, or ""
    label: str  # key phrases joined by " · ", in the theme's main language
    key_phrases: tuple[str, ...]
    member_ids: tuple[int, ...]
    representative_ids: tuple[int, ...]
    pinned_ids: tuple[int, ...] = ()
    hidden: bool = False
    language: str = ""  # the language most of its statements are in ("unknown" only if all are)
    labels: dict[str, str] = field(default_factory=dict)  # language → a label from its statements
    # The Jaccard overlap with the previous theme it continues (0 for a new theme).
    overlap: float = 0.0
    by_kind: dict[str, int] = field(default_factory=dict)
    by_ecosystem: dict[str, int] = field(default_factory=dict)
    by_organisation_type: dict[str, int] = field(default_factory=dict)
    by_country: dict[str, int] = field(default_factory=dict)
    by_region: dict[str, int] = field(default_factory=dict)
    by_month: dict[str, int] = field(default_factory=dict)  # "YYYY-MM" → statements, in order

    @property
    def size(self) -> int:
        return len(self.member_ids)


@dataclass(frozen=True)
class Undecided:
    """A statement the pipeline could not place: ``between`` are indices into
    ``Result.themes`` (the best first), ``margin`` how little the best one won by."""

    id: int
    between: tuple[int, int]
    margin: float


@dataclass(frozen=True)
class Result:
    themes: tuple[Theme, ...]
    unsorted: tuple[int, ...]
    undecided: tuple[Undecided, ...]
    k: int  # clusters chosen (before small ones were dropped and pinned themes restored)
    score: float  # the modularity of that choice
    scores: dict[int, float] = field(default_factory=dict)  # modularity for every k tried
    duplicate_groups: tuple[tuple[int, ...], ...] = ()  # the leader first; groups of 2+ only


# --- The pipeline -----------------------------------------------------------------------

def find_themes(statements: Sequence[Statement], vectors: Any, previous: Sequence[PreviousTheme] = (),
                settings: Settings | None = None) -> Result:
    """Themes of ``statements`` from ``vectors`` (n × d, row i for statement i). Every
    statement ends in exactly one theme, ``unsorted`` or ``undecided``. Raises
    ValueError only for input that is not data of this shape (ids not unique, a row
    count that is not n); a vector of zeros or NaNs makes its statement unsorted."""
    settings = settings or Settings()
    with _one_thread():
        return _find_themes(statements, vectors, previous, settings)


@contextlib.contextmanager
def _one_thread() -> Iterator[None]:
    """BLAS on one thread for the run: OpenBLAS's second thread spins while it waits,
    and on two cores shared with the web processes that made a run of 2,800 statements
    take 12–18 s instead of 2.5–3.5 s (measured, bench/themes.py)."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - threadpoolctl comes with SciPy's usual installs
        yield
        return
    with threadpool_limits(limits=1, user_api="blas"):
        yield


def _find_themes(statements: Sequence[Statement], vectors: Any, previous: Sequence[PreviousTheme],
                 settings: Settings) -> Result:
    n = len(statements)
    ids = [s.id for s in statements]
    if len(set(ids)) != n:
        raise ValueError("statement ids must be unique")
    raw = np.asarray(vectors, dtype=np.float32)
    if n == 0:
        return Result(themes=(), unsorted=(), undecided=(), k=0, score=0.0)
    if raw.ndim != 2 or raw.shape[0] != n:
        raise ValueError(f"vectors must be an array of {n} rows")
    # The statements in id order, so that the input's order changes nothing.
    order = sorted(range(n), key=lambda i: ids[i])
    statements = [statements[i] for i in order]
    raw = raw[order]
    ids = [s.id for s in statements]

    unit, valid = _normalise(raw)
    base = _baseline(unit, valid)
    leaders, groups, leader_of = _near_duplicates(unit, valid, base, settings.duplicate_similarity)
    centred = _centred(unit, valid)
    labels, k, score, scores, embedded = _cluster(centred[leaders], settings)

    # Every statement's best cluster and runner-up, and whether it is placed (0),
    # fits none (1) or is undecided (2).
    best = np.full(n, -1, dtype=np.int64)
    runner = np.full(n, -1, dtype=np.int64)
    margin = np.zeros(n, dtype=np.float32)
    status = np.full(n, UNSORTED, dtype=np.int64)
    if k >= 1:
        # The theme and the margin are read where the clusters were found, in the graph's
        # spectral embedding: the nearest centroid in the sentence space undid a part of
        # what the graph saw (benchmark NMI 0.311 → 0.295 at k 6 on USE). How well a
        # statement fits its theme is read in the sentence space.
        sizes = np.array([len(groups[int(leader)]) for leader in leaders], dtype=np.float32)
        spectral = _centroid_similarities(embedded, labels, k, sizes)
        fits = _centroid_similarities(centred[leaders], labels, k, sizes)
        ranked = np.argsort(-spectral, axis=1, kind="stable")
        for r, leader in enumerate(leaders):
            members = groups[leader]
            best[members] = ranked[r, 0]
            status[members] = PLACED
            if k >= 2:
                fit = fits[r, ranked[r, 0]]
                gap = spectral[r, ranked[r, 0]] - spectral[r, ranked[r, 1]]
                if fit < settings.min_fit:
                    status[members] = UNSORTED
                elif gap < settings.undecided_margin:
                    status[members] = UNDECIDED
                    runner[members] = ranked[r, 1]
                    margin[members] = gap
    status[~valid] = UNSORTED

    # A cluster with too few statements is no theme; an undecided statement with only
    # one theme left to choose from joins it.
    counts = np.bincount(best[status == PLACED], minlength=max(k, 1))
    kept = {c for c in range(k) if counts[c] >= settings.min_theme_size}
    for i in np.flatnonzero(status == UNDECIDED):
        if best[i] not in kept and runner[i] not in kept:
            status[i] = UNSORTED
        elif runner[i] not in kept:
            status[i] = PLACED
        elif best[i] not in kept:
            best[i], runner[i], status[i] = runner[i], -1, PLACED
    status[(status == PLACED) & ~np.isin(best, list(kept))] = UNSORTED

    # Slots: the kept clusters, then previous themes that come back for their pins.
    cluster_ids = sorted(kept)
    slot_members: list[set[int]] = [set(np.flatnonzero((status == PLACED) & (best == c)).tolist())
                                    for c in cluster_ids]
    slot_of_cluster = {c: slot for slot, c in enumerate(cluster_ids)}
    present = set(ids)
    cluster_sets = [frozenset(ids[i] for i in members) for members in slot_members]
    matches = _match(cluster_sets, previous, present, settings.match_jaccard)
    slot_previous: list[int | None] = [matches.get(slot) for slot in range(len(slot_members))]
    overlaps = [_jaccard(cluster_sets[slot], previous[p].member_ids & present) if p is not None else 0.0
                for slot, p in enumerate(slot_previous)]

    index_of = {sid: i for i, sid in enumerate(ids)}
    pinned_to: dict[int, int] = {}  # statement index → previous theme
    for p, theme in enumerate(previous):
        pins = theme.member_ids | theme.pinned_ids if theme.pinned else theme.pinned_ids
        for sid in sorted(pins):
            if sid in index_of and index_of[sid] not in pinned_to:
                pinned_to[index_of[sid]] = p
    for p in sorted(set(pinned_to.values())):
        if p not in slot_previous:
            slot_members.append(set())
            slot_previous.append(p)
            overlaps.append(0.0)
    slot_of_previous = {p: slot for slot, p in enumerate(slot_previous) if p is not None}
    for pinned_index, theme_index in pinned_to.items():
        for slot_set in slot_members:
            slot_set.discard(pinned_index)
        slot_members[slot_of_previous[theme_index]].add(pinned_index)
        status[pinned_index] = PINNED

    # Undecided statements name their two themes; a theme left empty by the pins is gone.
    order_of_slots = sorted((slot for slot, slot_set in enumerate(slot_members) if slot_set),
                            key=lambda slot: (-len(slot_members[slot]), min(slot_members[slot])))
    theme_of_slot = {slot: t for t, slot in enumerate(order_of_slots)}
    undecided: list[Undecided] = []
    for i in np.flatnonzero(status == UNDECIDED):
        first = theme_of_slot.get(slot_of_cluster[int(best[i])])
        other = theme_of_slot.get(slot_of_cluster[int(runner[i])])
        if first is not None and other is not None:
            undecided.append(Undecided(id=ids[i], between=(first, other), margin=round(float(margin[i]), 4)))
        else:
            remaining = first if first is not None else other
            if remaining is not None:
                slot_members[order_of_slots[remaining]].add(int(i))

    phrases = _phrases(statements)
    members_by_theme = [np.array(sorted(slot_members[slot]), dtype=np.int64) for slot in order_of_slots]
    labels_by_theme = _labels_in_languages(statements, members_by_theme, phrases, unit, base,
                                           settings.label_phrases)
    themes = []
    for t, slot in enumerate(order_of_slots):
        source = slot_previous[slot]
        themes.append(_theme(statements, members_by_theme[t], unit, leader_of, labels_by_theme[t],
                             previous[source] if source is not None else None, overlaps[slot],
                             {ids[i] for i, q in pinned_to.items() if q == source} if source is not None else set(),
                             settings.representatives))
    placed = {sid for theme in themes for sid in theme.member_ids} | {u.id for u in undecided}
    return Result(themes=tuple(themes), unsorted=tuple(sid for sid in ids if sid not in placed),
                  undecided=tuple(undecided), k=k, score=round(score, 4), scores=scores,
                  duplicate_groups=tuple(tuple(ids[i] for i in groups[leader]) for leader in leaders
                                         if len(groups[leader]) > 1))


def split_in_two(vectors: Any, seed: int = 0) -> list[int]:
    """A theme split in two for the curator: 0 or 1 for each row of ``vectors`` (n × d),
    the first valid row's group being 0. Both groups have members whenever there are
    two different valid rows (a row of zeros or NaNs goes with group 0); ValueError
    when there are not. The rows are centred on their own mean first: inside a theme
    what they share is the theme, and what is left is how its parts differ. Two-means
    from ``seed`` decides; should it leave a side empty (all but one row the same), the
    rows are cut along their main axis instead, and failing that (rows that differ
    in the last bits) the first row's look-alikes are set against the rest."""
    with _one_thread():
        raw = np.asarray(vectors, dtype=np.float32)
        if raw.ndim != 2:
            raise ValueError("vectors must be a two-dimensional array")
        unit, valid = _normalise(raw)
        rows = np.flatnonzero(valid)
        if len(rows) < 2 or len(np.unique(unit[rows], axis=0)) < 2:
            raise ValueError("a split needs two different vectors")
        centred = _centred(unit[rows], np.ones(len(rows), dtype=bool))
        sides = _kmeans(centred, 2, seed, 4)
        if len(np.unique(sides)) < 2:
            offsets = unit[rows] - unit[rows].mean(axis=0)
            axis = np.linalg.svd(offsets, full_matrices=False)[2][0]
            along = offsets @ axis
            sides = (along > (along.min() + along.max()) / 2).astype(np.int64)
        if len(np.unique(sides)) < 2:
            # Rows too close for the float arithmetic above: whatever is not the first
            # row's vector is the other side.
            sides = (unit[rows] != unit[rows[0]]).any(axis=1).astype(np.int64)
        labels = np.zeros(raw.shape[0], dtype=np.int64)
        labels[rows] = sides if sides[0] == 0 else 1 - sides
        return [int(label) for label in labels]


def best_of(values: Iterable[tuple[str, int]]) -> dict[str, int]:
    """A count as a dict, the largest first (then by key, for a stable order)."""
    return dict(sorted(values, key=lambda kv: (-kv[1], kv[0])))


# --- Vectors ----------------------------------------------------------------------------

def _normalise(raw: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Unit rows, and which rows are vectors at all (finite, not zero)."""
    if raw.shape[1] == 0:
        return np.zeros_like(raw), np.zeros(raw.shape[0], dtype=bool)
    finite = np.isfinite(raw).all(axis=1)
    safe = np.where(finite[:, None], raw, 0.0).astype(np.float32)
    norms = np.linalg.norm(safe, axis=1)
    valid = finite & (norms > 1e-12)
    unit = np.zeros_like(safe)
    unit[valid] = safe[valid] / norms[valid, None]
    return unit, valid


def _baseline(unit: np.ndarray, valid: np.ndarray) -> float:
    """The mean cosine of two different statements of the corpus: what "unrelated"
    means for this encoder (e5: about 0.83, USE: about 0.11). Thresholds are taken on
    cosines rescaled from it to 1 — a rescaling, not a centring: centring a small
    corpus on its own mean sets its statements against each other."""
    n = int(valid.sum())
    if n < 2:
        return 0.0
    total = unit[valid].sum(axis=0, dtype=np.float64)
    mean_pair = (float(total @ total) - n) / (n * (n - 1))
    return float(min(max(mean_pair, 0.0), 0.999))


def _rescaled(cosines: np.ndarray, base: float) -> np.ndarray:
    return (cosines - base) / (1.0 - base)


def _near_duplicates(unit: np.ndarray, valid: np.ndarray, base: float,
                     threshold: float) -> tuple[np.ndarray, dict[int, np.ndarray], np.ndarray]:
    """Groups of near-duplicates: the earliest statement of a group leads it and claims
    every later one at least ``threshold`` (rescaled) similar to it — to the leader, not
    through a chain of look-alikes. The leaders, each leader's group, and every
    statement's leader (-1 for a statement without a vector)."""
    n = unit.shape[0]
    cut = min(base + threshold * (1.0 - base), SAME_TEXT)
    leader_of = np.full(n, -1, dtype=np.int64)
    rows = np.flatnonzero(valid)
    for start in range(0, len(rows), CHUNK):
        block = rows[start:start + CHUNK]
        similar = (unit[block] @ unit[rows].T) >= cut - 1e-6
        # Most statements have no look-alike but themselves: they lead their own group
        # without a pass over the row (that pass took 1.5 s of 10,000 statements).
        alone = similar.sum(axis=1) <= 1
        lone = block[alone & (leader_of[block] == -1)]
        leader_of[lone] = lone
        for b in np.flatnonzero(~alone):
            i = block[b]
            if leader_of[i] != -1:
                continue
            mates = rows[similar[b]]
            mates = mates[(mates >= i) & (leader_of[mates] == -1)]
            leader_of[mates] = i
            leader_of[i] = i
    leaders = rows[leader_of[rows] == rows]
    grouped: dict[int, list[int]] = defaultdict(list)
    for i in rows:
        grouped[int(leader_of[i])].append(int(i))
    groups = {int(leader): np.array(grouped[int(leader)], dtype=np.int64) for leader in leaders}
    return leaders, groups, leader_of


def neighbour_count(m: int, most: int) -> int:
    """How many neighbours each of ``m`` statements links to: ``most``, fewer for a
    small corpus — with 40 statements on four topics, 15 neighbours reach across topics."""
    return int(min(most, max(3, round(np.sqrt(m)))))


def _neighbour_graph(points: np.ndarray, neighbours: int, mutual: bool = True) -> Any:
    """The k-nearest-neighbour graph of unit vectors: two statements are
    linked when each is among the other's ``neighbours`` nearest (mutual), plus the
    links of a minimum spanning tree of the either-way graph, so that the graph stays
    in one piece. A plain (either-way) kNN graph links a "hub" — a generic statement
    near the corpus's centre, nearest to many — to every topic, and the topics bleed
    into each other through it; a mutual graph alone falls apart into islands (a pair
    of look-alikes nearest to each other only), each of which would take one of the k
    clusters."""
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import minimum_spanning_tree

    m = points.shape[0]
    nn = min(neighbours, m - 1)
    cols = np.empty((m, nn), dtype=np.int64)
    near = np.empty((m, nn), dtype=np.float64)
    for start in range(0, m, CHUNK):
        sims = points[start:start + CHUNK] @ points.T
        block = np.arange(sims.shape[0])
        sims[block, np.arange(start, start + sims.shape[0])] = -np.inf
        picked = np.argpartition(sims, m - nn, axis=1)[:, m - nn:]
        cols[start:start + CHUNK] = picked
        near[start:start + CHUNK] = sims[block[:, None], picked]
    rows = np.repeat(np.arange(m), nn)
    graph = csr_matrix((np.ones(m * nn, dtype=np.float64), (rows, cols.ravel())), shape=(m, m))
    if not mutual:
        return graph.maximum(graph.T).tocsr()
    # Distances (1 - cosine), kept above zero: a zero is no link to SciPy.
    distance = csr_matrix((np.maximum(1.0 - near.ravel(), 0.0) + 1e-6, (rows, cols.ravel())), shape=(m, m))
    distance = distance.maximum(distance.T).tocsr()
    tree = minimum_spanning_tree(distance)
    links = graph.minimum(graph.T).multiply(distance).tocsr().maximum(tree.maximum(tree.T)).tocsr()
    # 0/1 weights: heat-kernel weights exp(-(d/σ)²) were measured and raised e5's NMI
    # (0.309 → 0.313) but lowered USE's, the product's encoder (0.303 → 0.294 at k 6).
    links.data = np.ones_like(links.data)
    return links


def _spectral_vectors(graph: Any, count: int) -> np.ndarray:
    """The ``count`` leading eigenvectors of the graph's normalised adjacency
    D^-1/2 W D^-1/2 (the Laplacian's smallest), leading first."""
    from scipy.sparse import diags
    from scipy.sparse.linalg import eigsh

    degrees = np.asarray(graph.sum(axis=1)).ravel()
    scale = diags(1.0 / np.sqrt(np.maximum(degrees, 1e-12)))
    adjacency = scale @ graph @ scale
    m = graph.shape[0]
    if m <= 600:
        values, vectors = np.linalg.eigh(adjacency.toarray())
    else:
        values, vectors = eigsh(adjacency, k=count, which="LA", v0=np.ones(m), tol=1e-6, maxiter=10 * m)
    order = np.argsort(-values, kind="stable")[:count]
    return np.asarray(vectors[:, order])


def _modularity(graph: Any, degrees: np.ndarray, labels: np.ndarray) -> float:
    coo = graph.tocoo()
    total = degrees.sum()
    inside = coo.data[labels[coo.row] == labels[coo.col]].sum() / total
    shares = np.bincount(labels, weights=degrees) / total
    return float(inside - (shares ** 2).sum())


def _cluster(points: np.ndarray, settings: Settings) -> tuple[np.ndarray, int, float, dict[int, float], np.ndarray]:
    """Cluster labels of the representatives, the k chosen, its modularity, the
    modularity of every k tried, and the representatives' spectral embedding for that
    k (unit rows; one column of ones for a single cluster)."""
    m = points.shape[0]
    if m == 0:
        return np.zeros(0, dtype=np.int64), 0, 0.0, {}, np.ones((0, 1), dtype=np.float32)
    one = np.zeros(m, dtype=np.int64)
    flat = np.ones((m, 1), dtype=np.float32)
    max_k = min(settings.max_k, m // settings.min_theme_size, m - 1)
    if max_k < 2:
        return one, 1, 0.0, {1: 0.0}, flat
    # Fewer neighbours for a small corpus: with 40 statements on four topics, 15
    # neighbours reach across topics and two of them merge.
    graph = _neighbour_graph(points, neighbour_count(m, settings.neighbours))
    degrees = np.asarray(graph.sum(axis=1)).ravel()
    vectors = _spectral_vectors(graph, max_k)
    scores: dict[int, float] = {1: 0.0}
    found: dict[int, np.ndarray] = {1: one}
    best_k = 1
    for k in range(2, max_k + 1):
        embedded = _unit_rows(vectors[:, :k])
        found[k] = _in_order_of_appearance(_kmeans(embedded, k, settings.seed, settings.kmeans_inits))
        scores[k] = round(_modularity(graph, degrees, found[k]), 4)
        if scores[k] > scores[best_k]:
            best_k = k
        elif k - best_k >= settings.patience:
            # Modularity is flat or falls past its peak (on the benchmark, five and eight
            # worse k in a row chose the same k, USE and e5); the rest would cost half
            # the run.
            break
    top = max(scores.values())
    if top < settings.min_modularity:
        return one, 1, 0.0, scores, flat
    k = min(k for k, q in scores.items() if q >= top * (1 - settings.parsimony))
    return found[k], k, scores[k], scores, _unit_rows(vectors[:, :k])


def _unit_rows(points: np.ndarray) -> np.ndarray:
    return (points / np.maximum(np.linalg.norm(points, axis=1, keepdims=True), 1e-12)).astype(np.float32)


def _kmeans(points: np.ndarray, k: int, seed: int, inits: int, iterations: int = 100) -> np.ndarray:
    """Lloyd's k-means from k-means++ starts, the best of ``inits``; a run stops when
    fewer than one point in a thousand changes cluster. Written here rather than taken
    from scikit-learn: its OpenMP threads made each run ten times slower on a busy
    two-core machine (0.33 s instead of 0.04 s for 2,800 points), and a theme run makes
    about a hundred."""
    rng = np.random.default_rng(seed)
    points = np.ascontiguousarray(points, dtype=np.float32)
    n = len(points)
    squared = (points ** 2).sum(axis=1)
    rows = np.arange(n)
    settled = max(1, n // 1000)
    best_labels, best_inertia = np.zeros(n, dtype=np.int64), np.inf
    for _ in range(inits):
        centres = np.empty((k, points.shape[1]), dtype=np.float32)
        centres[0] = points[rng.integers(n)]
        nearest = np.maximum(squared - 2 * points @ centres[0] + centres[0] @ centres[0], 0).astype(np.float64)
        for c in range(1, k):
            total = nearest.sum()
            pick = rng.choice(n, p=nearest / total) if total > 0 else rng.integers(n)
            centres[c] = points[pick]
            nearest = np.minimum(nearest, np.maximum(squared - 2 * points @ centres[c] + centres[c] @ centres[c], 0))
        labels = np.full(n, -1, dtype=np.int64)
        onehot = np.zeros((n, k), dtype=np.float32)
        for _ in range(iterations):
            # |x - c|² without |x|², which is the same for every centre of a point.
            distances = (centres ** 2).sum(axis=1)[None, :] - 2 * (points @ centres.T)
            new = distances.argmin(axis=1)
            changed = int((new != labels).sum())
            labels = new
            if changed < settled:
                break
            onehot.fill(0)
            onehot[rows, labels] = 1.0
            sizes = onehot.sum(axis=0)
            filled = sizes > 0
            centres[filled] = (onehot.T @ points)[filled] / sizes[filled, None]
        inertia = float(np.maximum(distances[rows, labels] + squared, 0).sum())
        if inertia < best_inertia:
            best_labels, best_inertia = labels, inertia
    return best_labels


def _in_order_of_appearance(labels: np.ndarray) -> np.ndarray:
    _, first = np.unique(labels, return_index=True)
    rank = np.empty(len(first), dtype=np.int64)
    rank[np.argsort(first)] = np.arange(len(first))
    return rank[np.searchsorted(np.unique(labels), labels)]


def _centred(unit: np.ndarray, valid: np.ndarray) -> np.ndarray:
    """Unit vectors centred on the corpus's mean and normalised again: how far a
    statement leans towards one theme rather than another. A sentence encoder puts every
    text in a narrow cone; centring spreads it, so that the same margins mean the same
    for e5 and USE (measured on the benchmark: centroid cosines median 0.26 for both,
    the margin between the best two themes median 0.19 and 0.21; rescaled raw cosines
    gave medians 0.04 and 0.13). Only for comparing themes with two or more of them:
    the mean of a handful of statements is mostly those statements."""
    if int(valid.sum()) < 2:
        return unit
    centred = unit - unit[valid].mean(axis=0)
    centred[~valid] = 0.0
    norms = np.linalg.norm(centred, axis=1, keepdims=True)
    return np.where(norms > 1e-6, centred / np.maximum(norms, 1e-12), 0.0).astype(np.float32)


def _centroid_similarities(points: np.ndarray, labels: np.ndarray, k: int, weights: np.ndarray) -> np.ndarray:
    """Each representative's cosine to each cluster's centroid (the mean of the
    cluster's rows, each weighted by the statements it stands for)."""
    centroids = np.zeros((k, points.shape[1]), dtype=np.float32)
    np.add.at(centroids, labels, points * weights[:, None])
    centroids /= np.maximum(np.linalg.norm(centroids, axis=1, keepdims=True), 1e-12)
    return points @ centroids.T


def _jaccard(a: frozenset[int], b: frozenset[int]) -> float:
    union = len(a | b)
    return len(a & b) / union if union else 0.0


def _match(clusters: Sequence[frozenset[int]], previous: Sequence[PreviousTheme], present: set[int],
           min_jaccard: float) -> dict[int, int]:
    """Cluster index → previous theme index: a one-to-one assignment maximising the
    members' total Jaccard overlap, pairs below ``min_jaccard`` left unmatched. Members
    of a previous theme that are no longer there do not count against it."""
    if not clusters or not previous:
        return {}
    from scipy.optimize import linear_sum_assignment

    before = [theme.member_ids & present for theme in previous]
    overlap = np.array([[_jaccard(cluster, members) for members in before] for cluster in clusters])
    rows, cols = linear_sum_assignment(-overlap)
    return {int(r): int(c) for r, c in zip(rows, cols, strict=True)
            if overlap[r, c] > 0 and overlap[r, c] >= min_jaccard}


# --- Labels -----------------------------------------------------------------------------

_SEGMENTS = re.compile(r"[.,;:!?()\[\]{}\"“”„«»/|•…–—]+|\s-\s")
_WORDS = re.compile(r"\w+(?:-\w+)*")


@cache
def stop_words(language: str) -> frozenset[str]:
    """The stop words of ``language`` (ISO 639-1); all shipped lists together for a
    language without one of its own ("unknown", Dutch…)."""
    if language in STOPWORD_LANGUAGES:
        path = DATA / f"stopwords-{language}.txt"
        return frozenset(line.strip().lower() for line in path.read_text(encoding="utf-8").splitlines()
                         if line.strip() and not line.startswith("#"))
    return frozenset().union(*(stop_words(code) for code in STOPWORD_LANGUAGES))


@dataclass(frozen=True)
class _Phrases:
    keys: tuple[frozenset[str], ...]  # per statement: its 1- and 2-gram keys
    surface: dict[str, Counter[str]]  # key → how it was written


_LEAD = re.compile(r"^\s*(\w+(?:[\s-]\w+){0,2})\s*:\s")
# A leading "Word:" that heads this share of all statements (and at least MARKER_LEAST
# of them) is a tag of where they came from, not what they say: 77 of the benchmark's
# 2,811 begin "Klimarat:" (the council's own proposals, in every conversation), and it
# named a theme. "Heizung:" or "Wien:" (5–6 each) are content and stay.
MARKER_SHARE = 0.01
MARKER_LEAST = 5


def _markers(statements: Sequence[Statement]) -> frozenset[str]:
    leads = Counter(match.group(1).lower() for s in statements if (match := _LEAD.match(s.text)))
    least = max(MARKER_LEAST, MARKER_SHARE * len(statements))
    return frozenset(lead for lead, count in leads.items() if count >= least)


def _phrases(statements: Sequence[Statement]) -> _Phrases:
    surface: dict[str, Counter[str]] = defaultdict(Counter)
    keys = []
    markers = _markers(statements)
    for statement in statements:
        stops = stop_words(statement.language)
        found: set[str] = set()
        text = statement.text
        if markers and (match := _LEAD.match(text)) and match.group(1).lower() in markers:
            text = text[match.end():]
        for segment in _SEGMENTS.split(text):
            run: list[str] = []
            for word in _WORDS.findall(segment):
                key = word.lower()
                if (key in stops or not any(ch.isalpha() for ch in word) or "_" in word
                        or len(word) < 2 or (len(word) < 3 and not word.isupper())):
                    run = []
                    continue
                found.add(key)
                surface[key][word] += 1
                if run:
                    pair, written = f"{run[-1].lower()} {key}", f"{run[-1]} {word}"
                    found.add(pair)
                    surface[pair][written] += 1
                run.append(word)
        keys.append(frozenset(found))
    return _Phrases(keys=tuple(keys), surface=surface)


def _labels(themes: Sequence[np.ndarray], phrases: _Phrases, unit: np.ndarray, base: float,
            count: int) -> list[tuple[str, ...]]:
    """Each theme's key phrases: c-TF-IDF (a phrase's share of the theme's phrases ×
    log(1 + average phrases per theme ÷ the phrase's statements in the whole corpus)),
    re-ranked by the share of the theme — weighted by closeness to its centroid — that
    says it; then the best that share no word with a better one."""
    if not themes:
        return []
    corpus = Counter(key for keys in phrases.keys for key in keys)
    per_theme = [Counter(key for i in members for key in phrases.keys[i]) for members in themes]
    average = sum(sum(counts.values()) for counts in per_theme) / max(1, sum(1 for m in themes if len(m)))
    result: list[tuple[str, ...]] = []
    for members, counts in zip(themes, per_theme, strict=True):
        total = sum(counts.values())
        if not total:
            result.append(())
            continue
        centroid = unit[members].sum(axis=0)
        centroid /= max(float(np.linalg.norm(centroid)), 1e-12)
        closeness = np.clip(_rescaled(unit[members] @ centroid, base), 0.0, None) + 1e-3
        weight: dict[str, float] = defaultdict(float)
        for i, c in zip(members, closeness, strict=True):
            for key in phrases.keys[i]:
                weight[key] += float(c)
        least = 2 if len(members) >= 4 else 1
        scored = sorted(((counts[key] / total) * np.log1p(average / corpus[key]) * weight[key] / closeness.sum(),
                         key) for key in counts if counts[key] >= least)
        scored.sort(key=lambda item: (-item[0], item[1]))
        chosen: list[str] = []
        words: set[str] = set()
        for _, key in scored:
            parts = set(key.split())
            if any(_same_word(part, word) for part in parts for word in words):
                continue
            chosen.append(key)
            words |= parts
            if len(chosen) == count:
                break
        result.append(tuple(_written(phrases.surface[key]) for key in chosen))
    return result


def _same_word(a: str, b: str) -> bool:
    """Whether two words are one for a label: they share a start of four letters or
    more that leaves at most two letters of the shorter one — "Auto · Autos",
    "Produkte · Produktion" named themes before; "Klimaschutz · klimafreundlich" and
    "Wohnungen · Wohnbau" are two things."""
    a, b = a.lower(), b.lower()
    short = min(len(a), len(b))
    common = next((i for i in range(short) if a[i] != b[i]), short)
    return common == short or (common >= 4 and common >= short - 2)


LANGUAGE_LABEL_MIN = 5


def _labels_in_languages(statements: Sequence[Statement], themes: Sequence[np.ndarray], phrases: _Phrases,
                         unit: np.ndarray, base: float, count: int) -> list[dict[str, tuple[str, ...]]]:
    """Each theme's key phrases in each language it has statements in, from those
    statements alone (a theme said in German and French gets a German and a French
    label, not "Krankenhäuser · hôpitaux"), and under ``""`` from all of them. A language
    with fewer than ``LANGUAGE_LABEL_MIN`` of a theme's statements gets no label of its
    own: c-TF-IDF over two or three sentences names their accidents ("aguantarán ·
    facturar · Muchos" for three Spanish statements of the demo's liquidity theme)."""
    languages = np.array([s.language for s in statements])
    found: list[dict[str, tuple[str, ...]]] = [{"": phrases_} for phrases_ in
                                               _labels(themes, phrases, unit, base, count)]
    for language in sorted(set(languages.tolist())):
        within = [members[languages[members] == language] for members in themes]
        within = [m if len(m) >= LANGUAGE_LABEL_MIN else m[:0] for m in within]
        for t, phrases_ in enumerate(_labels(within, phrases, unit, base, count)):
            if phrases_:
                found[t][language] = phrases_
    return found


def _main_language(statements: Sequence[Statement], members: np.ndarray) -> str:
    counts = Counter(statements[int(i)].language for i in members)
    known = {language: c for language, c in counts.items() if language != "unknown"} or counts
    return min(known, key=lambda language: (-known[language], language)) if known else ""


def _written(forms: Counter[str]) -> str:
    return min(forms.items(), key=lambda kv: (-kv[1], kv[0]))[0]


# --- A theme ----------------------------------------------------------------------------

_MONTH = re.compile(r"^\d{4}-\d{2}")
LABEL_WORDS = 6


def _first_words(text: str) -> str:
    """A label for a theme no phrase is shared in: its most representative statement's
    first words."""
    words = text.split()
    return " ".join(words[:LABEL_WORDS]) + (" …" if len(words) > LABEL_WORDS else "")


def _theme(statements: Sequence[Statement], members: np.ndarray, unit: np.ndarray, leader_of: np.ndarray,
           labels: dict[str, tuple[str, ...]], prior: PreviousTheme | None, overlap: float, pinned: set[int],
           representatives: int) -> Theme:
    chosen: list[int] = []
    groups_seen: set[int] = set()
    centroid = unit[members].sum(axis=0)
    if float(np.linalg.norm(centroid)) > 1e-12:
        closeness = unit[members] @ (centroid / np.linalg.norm(centroid))
        ranking = members[np.argsort(-closeness, kind="stable")]
    else:
        ranking = members
    for i in ranking:
        group = int(leader_of[i]) if leader_of[i] >= 0 else -1 - int(i)
        if group in groups_seen:
            continue
        groups_seen.add(group)
        chosen.append(int(i))
        if len(chosen) == representatives:
            break
    of = [statements[int(i)] for i in members]
    language = _main_language(statements, members)
    phrases = labels.get(language) or labels.get("") or ()
    label = " · ".join(phrases) or _first_words(statements[chosen[0]].text if chosen else "")
    months = Counter(match.group(0) for s in of if (match := _MONTH.match(s.time)))
    return Theme(
        id=prior.id if prior else None,
        name=prior.name if prior else "",
        label=label,
        key_phrases=phrases,
        language=language,
        labels={code: " · ".join(p) for code, p in labels.items() if code},
        member_ids=tuple(s.id for s in of),
        representative_ids=tuple(statements[i].id for i in chosen),
        pinned_ids=tuple(sorted(pinned)),
        hidden=prior.hidden if prior else False,
        overlap=round(overlap, 4),
        by_kind=best_of(Counter(s.kind for s in of if s.kind).items()),
        by_ecosystem=best_of(Counter(e for s in of for e in dict.fromkeys(s.ecosystems)).items()),
        by_organisation_type=best_of(Counter(s.organisation_type for s in of if s.organisation_type).items()),
        by_country=best_of(Counter(s.country for s in of if s.country).items()),
        by_region=best_of(Counter(s.region for s in of if s.region).items()),
        by_month=dict(sorted(months.items())),
    )
