"""The importer is a pure core: sentence vectors come in as plain data, from an encoder
the caller passes; without one (or with vectors of another size) the text model decides alone."""

from alliance.minutes import classify
from alliance.minutes.importer import parse

TEXT = (b"# Skills after the lockdown\n\nThe session of 4 June 2020 was about skills. Companies need trainers. "
        b"Courses were cancelled in March.\n")


def test_the_encoder_is_called_once_with_every_sentence_and_its_vectors_count():
    calls = []
    dim = classify.model().embedding["dim"]

    def encoder(texts):
        calls.append(list(texts))
        return [[1.0] + [0.0] * (dim - 1) for _ in texts]

    alone, helped = parse("a.md", TEXT), parse("a.md", TEXT, encoder=encoder)
    assert calls == [[i.text for i in alone.items]]
    assert [i.scores for i in helped.items] != [i.scores for i in alone.items]


def test_vectors_of_another_size_are_ignored():
    alone = parse("a.md", TEXT)
    other = parse("a.md", TEXT, encoder=lambda texts: [[0.5] * 7 for _ in texts])
    assert [(i.kind, i.scores) for i in other.items] == [(i.kind, i.scores) for i in alone.items]


def test_the_shipped_embedding_head_names_its_encoder():
    assert classify.model().embedding["encoder"] == classify.ENCODER
