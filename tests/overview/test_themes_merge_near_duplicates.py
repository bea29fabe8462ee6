"""The same statement submitted several times (or with a prefix added) is counted once
when clustering: its copies follow the first one into its theme, are reported as one
group, and never stand twice among a theme's representatives."""

from __future__ import annotations

import numpy as np

from alliance.overview.themes import Statement, find_themes


def corpus():
    rng = np.random.default_rng(4)
    centres = np.eye(32)[:3] * 3
    statements, vectors = [], []
    for t in range(3):
        for copy in range(12):
            statements.append(Statement(id=len(statements) + 1, text=f"Thema {t} Aussage {copy}", language="de"))
            vectors.append(centres[t] + rng.normal(scale=0.5, size=32))
    original = vectors[0]
    for _ in range(4):
        statements.append(Statement(id=len(statements) + 1, text="Thema 0 Aussage 0", language="de"))
        vectors.append(original * 2 + rng.normal(scale=1e-4, size=32))  # length differs, direction does not
    return statements, np.array(vectors)


def test_copies_form_one_group_led_by_the_first():
    statements, vectors = corpus()
    result = find_themes(statements, vectors)
    assert result.duplicate_groups == ((1, 37, 38, 39, 40),)


def test_copies_follow_the_first_into_its_theme_and_are_shown_once():
    statements, vectors = corpus()
    result = find_themes(statements, vectors)
    theme = next(theme for theme in result.themes if 1 in theme.member_ids)
    assert {1, 37, 38, 39, 40} <= set(theme.member_ids)
    assert len(set(theme.representative_ids) & {1, 37, 38, 39, 40}) <= 1
