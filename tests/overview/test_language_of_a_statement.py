"""A statement's language is detected from its text by a model shipped in the package;
too little text or an unsure model gives "unknown", never an error."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from alliance.overview.language import EU_LANGUAGES, UNKNOWN, detect


def test_the_alliances_languages_are_told_apart_in_short_crisis_sentences():
    said = {
        "Companies are struggling to pay their membership fees": "en",
        "Die Lieferketten sind unterbrochen, wir brauchen Schutzmasken": "de",
        "Nous avons besoin de masques FFP2 pour 300 travailleurs": "fr",
        "Servono mascherine per i lavoratori in Lombardia": "it",
        "Necesitamos una plataforma de eventos en línea para 200 socios": "es",
        "Innovation projects stopped": "en",
    }
    assert {text: detect(text) for text in said} == said


def test_too_little_text_is_unknown():
    for text in ["", "OK", "1234 5678", "**", "https://example.org/a-very-long-link-with-words-in-it"]:
        assert detect(text) == UNKNOWN


@given(st.text(max_size=300))
def test_any_text_gives_an_eu_language_or_unknown(text):
    assert detect(text) in (*EU_LANGUAGES, UNKNOWN)
