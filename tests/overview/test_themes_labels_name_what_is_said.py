"""A theme's label is made of what its statements say: not of a tag that heads many
statements ("Klimarat: …", the benchmark's council proposals), and not of one word
twice ("Autos · Auto")."""

from __future__ import annotations

import numpy as np

from alliance.overview.themes import Statement, find_themes

TEXTS = ("Radwege ausbauen", "Autos aus der Innenstadt, weniger Auto fahren",
         "Solarstrom am Dach fördern")


def corpus():
    rng = np.random.default_rng(2)
    centres = np.eye(24)[: len(TEXTS)] * 3
    statements, vectors = [], []
    for t, text in enumerate(TEXTS):
        for copy in range(12):
            # The tag heads every statement of the first theme and a few of the others.
            tag = "Klimarat: " if t == 0 or copy < 2 else ""
            statements.append(Statement(id=len(statements) + 1, text=f"{tag}{text} {copy}", language="de"))
            vectors.append(centres[t] + rng.normal(scale=0.5, size=24))
    return statements, np.array(vectors)


def test_a_tag_heading_many_statements_names_no_theme_not_even_where_it_is_most_common():
    statements, vectors = corpus()
    result = find_themes(statements, vectors)
    assert len(result.themes) == len(TEXTS)
    assert not any("Klimarat" in theme.label for theme in result.themes)


def test_a_word_and_its_plural_are_one_phrase_of_a_label():
    statements, vectors = corpus()
    result = find_themes(statements, vectors)
    cars = next(theme for theme in result.themes if "Autos" in theme.label or "Auto" in theme.label)
    words = [word for phrase in cars.key_phrases for word in phrase.split()]
    assert not {"Auto", "Autos"} <= set(words)
