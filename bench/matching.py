"""How well and how fast the exchange's matching ranks offers for needs
(alliance/exchange/matching.py, issue 11 item 2).

1. **Quality** on the hand-written labelled set of ``bench/data/matching/`` (its README
   says how it was built and what counts as a true offer): every need ranks all 300
   offers on its own posting date; P@5, P@10, recall@10 and MAP for the full score, for
   meaning only, words only, and the full score without each part — on the tuning part
   and on the held-out part (every 4th need), which tuning never sees.
2. ``--tune``: coordinate ascent over a small grid of weights, on the tuning part only,
   maximising MAP; prints the chosen weights (written into ``matching.DEFAULT`` by hand).
3. ``--speed N``: N synthetic candidates made from the set's offers (their vectors plus
   Gaussian noise, renormalised; their texts with words of other offers mixed in),
   the index's build time, top-10 latency p50/p95/p99 for the needs as new posts, and
   how often the shortlist's top 10 equals the exact top 10.

Vectors come from the product's encoder (``alliance.lib.embedding``), cached in a temp
file keyed by a hash of the encoder's name and the texts. Ends with one JSON line.
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import hashlib
import random
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from alliance.exchange import matching as m  # noqa: E402
from alliance.lib import embedding  # noqa: E402
from bench.harness import load_average, percentiles, print_json_line  # noqa: E402

DATA = ROOT / "bench" / "data" / "matching"
HELD_OUT_EVERY = 4  # every 4th need (N004, N008, …) is held out


@dataclasses.dataclass
class LabelledSet:
    needs: list[m.Candidate]
    offers: list[m.Candidate]
    truth: dict[str, set[str]]


def cached_vectors(texts: list[str], cache: Path) -> np.ndarray:
    key = hashlib.sha256("\n".join([embedding.ENCODER, *texts]).encode()).hexdigest()[:16]
    path = cache / f"matching-{key}.npy"
    if path.exists():
        return np.load(path)
    started = time.perf_counter()
    vectors = embedding.encode(texts)
    print(f"encoded {len(texts)} texts in {time.perf_counter() - started:.1f} s")
    cache.mkdir(parents=True, exist_ok=True)
    np.save(path, vectors)
    return vectors


def load(cache: Path) -> LabelledSet:
    places = {r["code"]: (float(r["lat"]), float(r["lon"])) for r in csv.DictReader((DATA / "regions.csv").open())}
    rows = list(csv.DictReader((DATA / "posts.csv").open(encoding="utf8")))
    vectors = cached_vectors([r["text"] for r in rows], cache)
    needs, offers, truth = [], [], {}
    for row, vector in zip(rows, vectors, strict=True):
        posted = date.fromisoformat(row["posted_on"])
        lat, lon = places.get(row["region"], (None, None))
        candidate = m.Candidate(
            id=row["id"], kind=row["kind"], text=row["text"], language=row["lang"], vector=vector,
            categories=tuple(filter(None, row["categories"].split("|"))),
            quantity=float(row["quantity"]) if row["quantity"] else None, unit=row["unit"], region=row["region"],
            reach=row["reach"], posted_on=posted,
            expires_on=date.fromisoformat(row["expires_on"]) if row["expires_on"] else posted + timedelta(days=60),
            lat=lat, lon=lon)
        if row["kind"] == "need":
            needs.append(candidate)
            truth[row["id"]] = set(row["true_offers"].split("|"))
        else:
            offers.append(candidate)
    return LabelledSet(needs, offers, truth)


def split(needs: Sequence[m.Candidate]) -> tuple[list[m.Candidate], list[m.Candidate]]:
    tuning = [n for i, n in enumerate(needs) if (i + 1) % HELD_OUT_EVERY]
    held_out = [n for i, n in enumerate(needs) if not (i + 1) % HELD_OUT_EVERY]
    return tuning, held_out


def evaluate(needs: Sequence[m.Candidate], offers: Sequence[m.Candidate], index: m.Index,
             truth: dict[str, set[str]], weights: m.Weights) -> dict[str, float]:
    p5 = p10 = r10 = ap_sum = 0.0
    for need in needs:
        assert need.posted_on is not None
        ranked = [x.id for x in m.rank(need, offers, weights=weights, today=need.posted_on, limit=len(offers),
                                       index=index)]
        true = truth[str(need.id)]
        p5 += sum(i in true for i in ranked[:5]) / 5
        p10 += sum(i in true for i in ranked[:10]) / 10
        r10 += sum(i in true for i in ranked[:10]) / len(true)
        hits, ap = 0, 0.0
        for k, i in enumerate(ranked, 1):
            if i in true:
                hits += 1
                ap += hits / k
        ap_sum += ap / len(true)
    n = max(1, len(needs))
    return {"p5": round(p5 / n, 3), "p10": round(p10 / n, 3), "recall10": round(r10 / n, 3),
            "map": round(ap_sum / n, 3)}


def variants(weights: m.Weights) -> dict[str, m.Weights]:
    """The full score, each text part alone, and the full score without each part."""
    zero = dict.fromkeys(m.PARTS, 0.0)
    out = {"full": weights,
           "meaning only": m.Weights(**{**zero, "meaning": 1.0}, mismatch=1.0, out_of_reach=1.0),
           "words only": m.Weights(**{**zero, "words": 1.0}, mismatch=1.0, out_of_reach=1.0)}
    for part in m.PARTS:
        changes: dict[str, float] = {part: 0.0}
        if part == "category":
            changes["mismatch"] = 1.0
        if part == "geography":
            changes["out_of_reach"] = 1.0
        out[f"without {part}"] = dataclasses.replace(weights, **changes)
    return out


GRID: dict[str, tuple[float, ...]] = {
    "meaning": (0.2, 0.3, 0.45, 0.6, 0.8), "words": (0.0, 0.05, 0.1, 0.2, 0.3),
    "category": (0.0, 0.1, 0.2, 0.3), "geography": (0.0, 0.05, 0.1, 0.2),
    "quantity": (0.0, 0.02, 0.05, 0.1), "recency": (0.0, 0.02, 0.05, 0.1),
    "mismatch": (0.3, 0.5, 0.7, 1.0), "out_of_reach": (0.2, 0.4, 0.6, 0.8, 1.0),
}


def tune(data: LabelledSet, index: m.Index, start: m.Weights) -> tuple[m.Weights, float]:
    """Coordinate ascent on MAP over the tuning part: each weight in turn takes its best
    grid value with the others fixed, until a round changes nothing (at most 3 rounds)."""
    tuning, _ = split(data.needs)
    best = start
    best_map = evaluate(tuning, data.offers, index, data.truth, best)["map"]
    for _round in range(3):
        changed = False
        for name, values in GRID.items():
            for value in values:
                try:
                    trial = dataclasses.replace(best, **{name: value})
                except ValueError:
                    continue
                score = evaluate(tuning, data.offers, index, data.truth, trial)["map"]
                if score > best_map + 1e-9:
                    best, best_map, changed = trial, score, True
        if not changed:
            break
    return best, best_map


def speed(data: LabelledSet, n: int, queries: int, seed: int = 7) -> dict[str, Any]:
    rng = np.random.default_rng(seed)
    pick = random.Random(seed)
    words = [w for o in data.offers for w in o.text.split()]
    base = data.offers
    synthetic = []
    for i in range(n):
        source = base[i % len(base)]
        assert source.vector is not None
        vector = source.vector + rng.normal(0, 0.03, source.vector.shape[0]).astype(np.float32)
        text = " ".join([*source.text.split()[: pick.randint(4, 12)], *pick.sample(words, 6)])
        synthetic.append(dataclasses.replace(source, id=f"S{i}", text=text, vector=vector))
    started = time.perf_counter()
    index = m.Index(synthetic)
    build_s = time.perf_counter() - started
    needs = [data.needs[i % len(data.needs)] for i in range(queries)]
    today = date(2021, 6, 1)
    for need in needs[:5]:  # warm-up
        m.rank(need, synthetic, today=today, index=index)
    latencies = []
    for need in needs:
        started = time.perf_counter()
        m.rank(need, synthetic, today=today, index=index)
        latencies.append((time.perf_counter() - started) * 1000)
    # The shortlist against the exact ranking (words for every open candidate).
    same = 0
    exact_checks = needs[:20]
    for need in exact_checks:
        fast = [x.id for x in m.rank(need, synthetic, today=today, index=index)]
        saved = m.SHORTLIST
        m.SHORTLIST = n
        try:
            exact = [x.id for x in m.rank(need, synthetic, today=today, index=index)]
        finally:
            m.SHORTLIST = saved
        same += len(set(fast) & set(exact))
    return {"n": n, "build_s": round(build_s, 2), **percentiles(latencies, digits=2),
            "top10_overlap_with_exact": round(same / (10 * len(exact_checks)), 3), "queries": len(latencies)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tune", action="store_true", help="tune the weights on the tuning part")
    parser.add_argument("--speed", type=int, default=0, metavar="N", help="latency among N synthetic candidates")
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--cache", default=str(Path(tempfile.gettempdir()) / "alliance-bench-matching"))
    args = parser.parse_args()

    data = load(Path(args.cache))
    tuning, held_out = split(data.needs)
    index = m.Index(data.offers)
    print(f"labelled set: {len(data.needs)} needs ({len(tuning)} tuning, {len(held_out)} held out), "
          f"{len(data.offers)} offers, {sum(len(t) for t in data.truth.values())} true pairs")
    results: dict[str, Any] = {"needs": len(data.needs), "offers": len(data.offers)}
    weights = m.DEFAULT
    if args.tune:
        started = time.perf_counter()
        weights, tuned_map = tune(data, index, m.DEFAULT)
        print(f"tuned in {time.perf_counter() - started:.0f} s, tuning MAP {tuned_map:.3f}: {weights}")
        results["tuned_weights"] = dataclasses.asdict(weights)
    results["weights"] = dataclasses.asdict(weights)
    print(f"{'score':<22} {'part':<9} {'P@5':>6} {'P@10':>6} {'R@10':>6} {'MAP':>6}")
    quality: dict[str, Any] = {}
    for name, variant in variants(weights).items():
        for part, needs in (("tuning", tuning), ("held-out", held_out)):
            f = evaluate(needs, data.offers, index, data.truth, variant)
            quality.setdefault(name, {})[part] = f
            print(f"{name:<22} {part:<9} {f['p5']:>6.3f} {f['p10']:>6.3f} {f['recall10']:>6.3f} {f['map']:>6.3f}")
    results["quality"] = quality
    if args.speed:
        s = speed(data, args.speed, args.queries)
        print(f"speed among {s['n']:,} candidates: index built in {s['build_s']} s; top 10 p50 {s['p50_ms']} ms, "
              f"p95 {s['p95_ms']} ms, p99 {s['p99_ms']} ms, max {s['max_ms']} ms ({s['queries']} queries); "
              f"top 10 equal to the exact ranking's: {s['top10_overlap_with_exact']:.1%}; load {load_average()}")
        results["speed"] = s
    results["load_average"] = load_average()
    print_json_line(results)


if __name__ == "__main__":
    main()
