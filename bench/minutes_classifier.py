"""How well the prose classifier sorts sentences (alliance/minutes/classify.py).

1. Ten-fold cross-validation on the training corpus (data/sentences.tsv, 5 labels × 60):
   accuracy, accuracy of the sentences it is sure of (confidence ≥ CONFIDENT), the share
   it flags for a person, and the confusion table.
2. The seed summary (../shared/seeds), never trained on: every sentence of its sections,
   classified as if the summary were prose; a sentence is right when its label belongs to
   its section (disruption or need for "disruptions and needs").

Prints the figures and ends with one JSON line. Runs in a second.
"""

from __future__ import annotations

import json
import random
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from alliance.minutes import classify  # noqa: E402
from alliance.minutes.importer import blocks_of, section_kind  # noqa: E402

SEED = ROOT.parent / "shared" / "seeds" / "000_a7bb6c083322a400.txt"
SECTION_LABELS = {"framework": {"framework"}, "needs": {"disruption", "need"}, "solution": {"solution"}}


def cross_validate(folds: int = 10, seed: int = 2020) -> dict:
    rows = classify.read_corpus()
    random.Random(seed).shuffle(rows)
    right = sure = sure_right = 0
    confusion: Counter[tuple[str, str]] = Counter()
    for k in range(folds):
        test = rows[k::folds]
        train = [r for i, r in enumerate(rows) if i % folds != k]
        model = classify.NaiveBayes(train)
        for label, text in test:
            guess = model.guess(text)
            confusion[(label, guess.label)] += 1
            right += guess.label == label
            if guess.confidence >= classify.CONFIDENT:
                sure += 1
                sure_right += guess.label == label
    n = len(rows)
    return {"sentences": n, "accuracy": round(right / n, 3), "flagged_share": round(1 - sure / n, 3),
            "accuracy_when_sure": round(sure_right / sure, 3) if sure else None,
            "confusion": {f"{a}->{b}": c for (a, b), c in sorted(confusion.items()) if a != b}}


def seed_sentences() -> dict:
    if not SEED.exists():
        return {"skipped": f"no seed at {SEED}"}
    section = None
    right = total = flagged = 0
    wrong = []
    for block in blocks_of(SEED.name, SEED.read_bytes()):
        if block.kind == "heading":
            section = section_kind(block.text)
            continue
        if section not in SECTION_LABELS:
            continue
        for sentence in classify.sentences(block.text):
            guess = classify.classify(sentence)
            total += 1
            ok = guess.label in SECTION_LABELS[section]
            right += ok
            flagged += guess.confidence < classify.CONFIDENT
            if not ok:
                wrong.append(f"{section} → {guess.label} ({guess.confidence:.2f}): {sentence[:70]}")
    return {"sentences": total, "accuracy": round(right / total, 3), "flagged_share": round(flagged / total, 3),
            "wrong": wrong}


def main() -> None:
    cv = cross_validate()
    on_seed = seed_sentences()
    print(f"corpus ({cv['sentences']} sentences, 10-fold): accuracy {cv['accuracy']:.1%}; "
          f"flagged {cv['flagged_share']:.1%}; accuracy of the rest {cv['accuracy_when_sure']:.1%}")
    print("most frequent confusions:", dict(Counter(cv["confusion"]).most_common(6)))
    if "skipped" in on_seed:
        print(on_seed["skipped"])
    else:
        print(f"seed ({on_seed['sentences']} sentences, never trained on): section accuracy "
              f"{on_seed['accuracy']:.1%}; flagged {on_seed['flagged_share']:.1%}")
        for line in on_seed["wrong"]:
            print("  wrong:", line)
    print(json.dumps({"bench": "minutes_classifier", "confident": classify.CONFIDENT,
                      "sharpness": classify.SHARPNESS, "corpus": cv, "seed": on_seed}, ensure_ascii=False))


if __name__ == "__main__":
    main()
