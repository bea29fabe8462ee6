"""Sorting a sentence of a prose summary into framework / disruption / need / solution / other.

A multinomial naive Bayes over word unigrams and bigrams, trained at first use on
``data/sentences.tsv`` (labelled sentences written for this purpose; the seed is kept
out of it, for evaluation). Naive Bayes is small, deterministic, needs no download and
explains itself; its posteriors are overconfident, so the confidence is the posterior
of the *per-word* log-likelihoods scaled by ``SHARPNESS`` (fitted on the corpus,
see docs/minutes.md), which keeps long sentences from sounding sure of everything.

Pure Python, no Django. ``bench/minutes_classifier.py`` prints its accuracy.
"""

from __future__ import annotations

import csv
import itertools
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from alliance.lib.kinds import SENTENCE_LABELS

LABELS = SENTENCE_LABELS
CORPUS = Path(__file__).with_name("data") / "sentences.tsv"
# Below this confidence a sentence is flagged for a person to confirm.
CONFIDENT = 0.6
SHARPNESS = 4.0
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def features(text: str) -> list[str]:
    words = [w.lower() for w in _WORD.findall(text.replace("**", " "))]
    return words + [f"{a} {b}" for a, b in itertools.pairwise(words)]


@dataclass(frozen=True)
class Guess:
    label: str
    confidence: float
    scores: tuple[tuple[str, float], ...]  # every label with its probability, best first


class NaiveBayes:
    def __init__(self, examples: Iterable[tuple[str, str]], alpha: float = 0.5) -> None:
        self.alpha = alpha
        self.counts: dict[str, Counter[str]] = {label: Counter() for label in LABELS}
        docs: Counter[str] = Counter()
        for label, text in examples:
            if label not in self.counts:
                raise ValueError(f"unknown label {label!r}")
            docs[label] += 1
            self.counts[label].update(features(text))
        total = sum(docs.values())
        if not total:
            raise ValueError("no training examples")
        self.vocabulary = set().union(*self.counts.values())
        self.prior = {label: math.log((docs[label] + 1) / (total + len(LABELS))) for label in LABELS}
        self.size = {label: sum(self.counts[label].values()) for label in LABELS}

    def guess(self, text: str, labels: Sequence[str] = LABELS) -> Guess:
        words = [f for f in features(text) if f in self.vocabulary]
        v = len(self.vocabulary)
        raw = {}
        for label in labels:
            counts, size = self.counts[label], self.size[label]
            likelihood = sum(math.log((counts[w] + self.alpha) / (size + self.alpha * v)) for w in words)
            raw[label] = likelihood / max(1, len(words)) * SHARPNESS + self.prior[label]
        top = max(raw.values())
        exp = {label: math.exp(score - top) for label, score in raw.items()}
        norm = sum(exp.values())
        scores = sorted(((label, e / norm) for label, e in exp.items()), key=lambda p: (-p[1], LABELS.index(p[0])))
        return Guess(label=scores[0][0], confidence=scores[0][1], scores=tuple(scores))


def read_corpus(path: Path = CORPUS) -> list[tuple[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [(row["label"].strip(), row["sentence"].strip())
                for row in csv.DictReader(handle, delimiter="\t") if row.get("sentence")]


@lru_cache(maxsize=1)
def model() -> NaiveBayes:
    return NaiveBayes(read_corpus())


def classify(text: str, labels: Sequence[str] = LABELS) -> Guess:
    return model().guess(text, labels)


_ABBREVIATIONS = re.compile(r"\b(?:e\.g|i\.e|etc|vs|cf|approx|no|nr|dr|mr|mrs|ms|st)\.$", re.IGNORECASE)


def sentences(paragraph: str) -> list[str]:
    """Split on . ! ? followed by a capital, an opening quote or a bracket, except after
    common abbreviations."""
    parts: list[str] = []
    start = 0
    for match in re.finditer(r"[.!?]+[\"”’)]*\s+(?=[A-Z“\"(\[*])", paragraph):
        piece = paragraph[start:match.end()].strip()
        if _ABBREVIATIONS.search(paragraph[start:match.start() + 1].strip()):
            continue
        parts.append(piece)
        start = match.end()
    tail = paragraph[start:].strip()
    if tail:
        parts.append(tail)
    return [p for p in parts if p]
