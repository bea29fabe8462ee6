"""Whatever the statements, vectors and previous themes, every statement ends in
exactly one theme, the unsorted remainder or the undecided list; pins and hidden flags
hold; the same input gives the same themes (hypothesis)."""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from alliance.overview.themes import PreviousTheme, Statement, find_themes

WORDS = ["Lieferketten", "masks", "masques", "Pflegekräfte", "liquidity", "turismo", "formación", "energy",
         "the", "und", "de", "la", "Energie", "hospitals", "export"]
LANGUAGES = ["de", "en", "fr", "it", "es", "nl", "unknown"]


@st.composite
def corpora(draw):
    n = draw(st.integers(0, 40))
    d = draw(st.integers(1, 6))
    centres = np.random.default_rng(draw(st.integers(0, 2**16))).normal(size=(draw(st.integers(1, 5)), d))
    rows = []
    for _ in range(n):
        shape = draw(st.sampled_from(["near", "near", "near", "copy", "zero", "nan", "any"]))
        if shape == "near" or (shape == "copy" and not rows):
            noise = draw(st.lists(st.floats(-0.3, 0.3), min_size=d, max_size=d))
            rows.append(centres[draw(st.integers(0, len(centres) - 1))] + np.array(noise))
        elif shape == "copy":
            rows.append(rows[draw(st.integers(0, len(rows) - 1))].copy())
        elif shape == "zero":
            rows.append(np.zeros(d))
        elif shape == "nan":
            rows.append(np.full(d, np.nan))
        else:
            rows.append(np.array(draw(st.lists(st.floats(-1e6, 1e6), min_size=d, max_size=d))))
    ids = draw(st.lists(st.integers(1, 10_000), min_size=n, max_size=n, unique=True))
    statements = [Statement(id=sid, text=draw(st.one_of(st.text(max_size=40),
                                                        st.lists(st.sampled_from(WORDS), max_size=8).map(" ".join))),
                            language=draw(st.sampled_from(LANGUAGES)),
                            kind=draw(st.sampled_from(["", "disruption", "need", "solution"])),
                            ecosystems=tuple(draw(st.lists(st.sampled_from(["health", "tourism"]), max_size=2))),
                            time=draw(st.sampled_from(["", "2020-04-01", "2021-11-30T10:00:00+00:00", "junk"])))
                  for sid in ids]
    vectors = np.array(rows, dtype=np.float64).reshape(n, d)
    pool = [*ids, 20_000, 20_001]
    previous = [PreviousTheme(id=100 + p, name=f"theme {p}",
                              member_ids=frozenset(draw(st.lists(st.sampled_from(pool), max_size=10))),
                              pinned_ids=frozenset(draw(st.lists(st.sampled_from(pool), max_size=3))),
                              hidden=draw(st.booleans()), pinned=draw(st.booleans()))
                for p in range(draw(st.integers(0, 3)))]
    return statements, vectors, previous


def placed(result):
    return ([sid for theme in result.themes for sid in theme.member_ids] + list(result.unsorted)
            + [u.id for u in result.undecided])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(corpora())
def test_every_statement_ends_in_exactly_one_place(corpus):
    statements, vectors, previous = corpus
    result = find_themes(statements, vectors, previous)
    everywhere = placed(result)
    assert sorted(everywhere) == sorted(s.id for s in statements)
    for undecided in result.undecided:
        first, second = undecided.between
        assert first != second and 0 <= first < len(result.themes) and 0 <= second < len(result.themes)
    for theme in result.themes:
        assert theme.member_ids, "an empty theme"
        assert set(theme.representative_ids) <= set(theme.member_ids) and len(theme.representative_ids) <= 3
        assert 1 <= len(theme.label.split(" · ")) <= 6 or theme.label == ""


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(corpora())
def test_pinned_statements_stay_and_hidden_themes_stay_hidden(corpus):
    statements, vectors, previous = corpus
    result = find_themes(statements, vectors, previous)
    present = {s.id for s in statements}
    theme_of = {sid: theme for theme in result.themes for sid in theme.member_ids}
    claimed: set[int] = set()
    for theme in previous:
        pins = (theme.member_ids | theme.pinned_ids) if theme.pinned else theme.pinned_ids
        for sid in sorted(pins & present - claimed):
            assert theme_of[sid].id == theme.id and theme_of[sid].name == theme.name
            assert sid in theme_of[sid].pinned_ids
        claimed |= pins & present
    hidden = {theme.id for theme in previous if theme.hidden}
    for theme in result.themes:
        assert theme.hidden == (theme.id in hidden)
    kept = [theme.id for theme in result.themes if theme.id is not None]
    assert len(kept) == len(set(kept)), "two themes continue the same previous theme"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(corpora(), st.randoms(use_true_random=False))
def test_the_same_statements_in_any_order_give_the_same_themes(corpus, rnd):
    statements, vectors, previous = corpus
    order = list(range(len(statements)))
    rnd.shuffle(order)
    first = find_themes(statements, vectors, previous)
    again = find_themes([statements[i] for i in order], vectors[order] if len(order) else vectors, previous)
    assert first == again
