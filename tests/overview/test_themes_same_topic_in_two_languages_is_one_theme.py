"""A multilingual encoder puts the same thing said in German and in French close
together; the pipeline then makes one theme of it, and labels it in each language from
that language's statements."""

from __future__ import annotations

import numpy as np

from alliance.overview.themes import Statement, find_themes

TOPICS = {
    "masks": ("Schutzmasken fehlen in den Spitälern", "Les masques de protection manquent dans les hôpitaux"),
    "tourism": ("Hotels brauchen Liquiditätshilfen", "Les hôtels ont besoin d'aides de liquidité"),
    "supply": ("Lieferketten für Medikamente sichern", "Sécuriser les chaînes d'approvisionnement de médicaments"),
}


def corpus():
    rng = np.random.default_rng(4)
    centres = np.eye(16)[: len(TOPICS)] * 3
    statements, vectors, topic_of = [], [], {}
    for t, (topic, (german, french)) in enumerate(TOPICS.items()):
        for copy in range(10):
            for language, text in (("de", german), ("fr", french)):
                sid = len(statements) + 1
                statements.append(Statement(id=sid, text=f"{text} ({copy})", language=language))
                vectors.append(centres[t] + rng.normal(scale=0.4, size=16))
                topic_of[sid] = topic
    return statements, np.array(vectors), topic_of


def test_german_and_french_statements_of_one_topic_share_a_theme():
    statements, vectors, topic_of = corpus()
    result = find_themes(statements, vectors)
    assert len(result.themes) == len(TOPICS)
    language_of = {s.id: s.language for s in statements}
    for theme in result.themes:
        assert len({topic_of[sid] for sid in theme.member_ids}) == 1
        assert {language_of[sid] for sid in theme.member_ids} == {"de", "fr"}


def test_each_language_gets_a_label_from_its_own_statements():
    statements, vectors, topic_of = corpus()
    result = find_themes(statements, vectors)
    masks = next(theme for theme in result.themes if topic_of[theme.member_ids[0]] == "masks")
    assert "Schutzmasken" in masks.labels["de"]
    assert "masques" in masks.labels["fr"]
    assert "masques" not in masks.labels["de"]
