"""The shipped classifier is trained on the corpus as it is, minus a held-out fifth; the
corpus is large, in five languages, and holds neither the seed nor the held-out prose
summaries the importer is measured on."""

import json
import re
from collections import Counter
from pathlib import Path

from alliance.lib.kinds import SENTENCE_LABELS
from alliance.minutes import classify
from tests.minutes.conftest import BUNDLED_SEED

PROSE = Path(__file__).with_name("data") / "prose"


def test_the_shipped_model_is_trained_on_the_training_part_of_the_current_corpus():
    train, _held = classify.split(classify.read_corpus())
    assert classify.model().trained_on == classify.digest(train), (
        "the corpus changed: retrain with `.venv/bin/python -m alliance.minutes.classify`")


def test_the_held_out_fifth_is_stratified_fixed_and_apart_from_training():
    examples = classify.read_corpus()
    train, held = classify.split(examples)
    assert not {e.text for e in train} & {e.text for e in held}
    assert classify.split(examples) == (train, held)
    everything, kept = Counter((e.label, e.language) for e in examples), Counter((e.label, e.language) for e in held)
    assert all(abs(kept[k] - 0.2 * n) <= 1 for k, n in everything.items())


def test_the_corpus_is_large_and_multilingual():
    examples = classify.read_corpus()
    assert len(examples) >= 1500
    assert set(Counter(e.label for e in examples)) == set(SENTENCE_LABELS)
    assert min(Counter(e.label for e in examples).values()) >= 300
    languages = Counter(e.language for e in examples)
    assert languages["en"] > len(examples) / 2
    assert all(languages[lang] >= 100 for lang in ("de", "fr", "it", "es"))
    assert len({e.text for e in examples}) == len(examples)


def shingles(text):
    words = re.findall(r"\w+", text.casefold())
    return {tuple(words[i:i + 4]) for i in range(max(1, len(words) - 3))}


def test_neither_the_seed_nor_the_held_out_prose_is_in_the_corpus():
    kept_out = [line.strip(" -") for line in BUNDLED_SEED.read_text(encoding="utf-8").splitlines() if line.strip()]
    for sidecar in PROSE.glob("*.json"):
        truth = json.loads(sidecar.read_text(encoding="utf-8"))
        kept_out += [s for _kind, s in truth["sentences"]] + truth["boilerplate"]
    corpus = [(e.text, shingles(e.text)) for e in classify.read_corpus()]
    for line in kept_out:
        mine = shingles(line)
        for text, theirs in corpus:
            assert text.casefold() != line.casefold(), line
            if len(mine) >= 3:
                assert len(mine & theirs) / len(mine) < 0.5, (line, text)
