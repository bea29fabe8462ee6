"""A rerun keeps what people did to the last run's themes: a theme found again keeps
its id, its name and whether it was hidden; a pinned statement stays in its theme
whatever the clustering says; a pinned theme no cluster carries any more comes back
with its pinned statements."""

from __future__ import annotations

import numpy as np

from alliance.overview.themes import PreviousTheme, Statement, find_themes

WORDS = ("Energie Strom Netze", "Radwege Verkehr Busse", "Lebensmittel Boden Bauern")


def corpus(per_topic=12):
    rng = np.random.default_rng(4)
    centres = np.eye(12)[: len(WORDS)] * 3
    statements, vectors, topic_of = [], [], {}
    for t, words in enumerate(WORDS):
        for copy in range(per_topic):
            sid = 100 + len(statements)
            statements.append(Statement(id=sid, text=f"{words} {copy}", language="de"))
            vectors.append(centres[t] + rng.normal(scale=0.4, size=12))
            topic_of[sid] = t
    return statements, np.array(vectors), topic_of


def theme_of(result, sid):
    return next(theme for theme in result.themes if sid in theme.member_ids)


def test_a_theme_found_again_keeps_its_id_name_and_hidden_flag():
    statements, vectors, _ = corpus()
    first = find_themes(statements, vectors)
    energy = theme_of(first, 100)
    previous = [PreviousTheme(id=7, name="Strom für alle", member_ids=frozenset(energy.member_ids), hidden=True)]
    again = find_themes(statements, vectors, previous)
    kept = theme_of(again, 100)
    assert (kept.id, kept.name, kept.hidden) == (7, "Strom für alle", True)
    assert kept.overlap == 1.0
    assert all(theme.id is None and not theme.hidden for theme in again.themes if theme is not kept)


def test_a_pinned_statement_stays_where_the_curator_put_it():
    statements, vectors, topic_of = corpus()
    first = find_themes(statements, vectors)
    energy = theme_of(first, 100)
    stray = next(sid for sid, topic in topic_of.items() if topic == 1)  # a mobility statement
    previous = [PreviousTheme(id=7, name="Strom", member_ids=frozenset(energy.member_ids) | {stray},
                              pinned_ids=frozenset({stray}))]
    again = find_themes(statements, vectors, previous)
    assert theme_of(again, stray).id == 7
    assert stray in theme_of(again, stray).pinned_ids


def test_a_pinned_theme_nobody_finds_any_more_comes_back_with_its_statements():
    statements, vectors, topic_of = corpus()
    # The curator made a theme of two mobility statements and fixed it.
    pair = frozenset(sorted(sid for sid, topic in topic_of.items() if topic == 1)[:2])
    previous = [PreviousTheme(id=9, name="Zwei Radwege", member_ids=pair, pinned=True)]
    result = find_themes(statements, vectors, previous)
    restored = next(theme for theme in result.themes if theme.id == 9)
    assert set(restored.member_ids) == set(pair)
    assert restored.name == "Zwei Radwege"
    assert set(restored.pinned_ids) == set(pair)
