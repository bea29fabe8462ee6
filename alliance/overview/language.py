"""Which language a statement is written in: py3langid (its model ships inside the
package, nothing is downloaded), restricted to the EU's official languages — the
alliance's — so that a short sentence is not taken for Afrikaans or Latin. Pure: no
Django. Measured on Tatoeba (docs/decisions/0013-overview-statements.md): 97.6–100 %
on DE/FR/IT/ES/EN sentences, about 0.1 ms each; lingua-language-detector was no better
here (96–99 %) at ten times the time and 20 times the size."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

UNKNOWN = "unknown"
# The EU's official languages that py3langid knows (it has no Maltese model; Irish
# is left out: its few training texts make short English sentences look Irish).
EU_LANGUAGES = ("bg", "cs", "da", "de", "el", "en", "es", "et", "fi", "fr", "hr", "hu", "it", "lt", "lv", "nl",
                "pl", "pt", "ro", "sk", "sl", "sv")
# Below this the guess is a coin toss: a name, a number, "OK".
MIN_LETTERS = 12
# A short statement rarely gets a high probability, but a clear lead over the runner-up
# is as telling ("Innovation projects stopped": en 0.50, fr 0.17).
MIN_CONFIDENCE = 0.4
MIN_LEAD = 3.0
_NOT_LETTERS = re.compile(r"[\W\d_]+", re.UNICODE)
_LINKS = re.compile(r"https?://\S+|\*\*")


@cache
def _identifier() -> Any:
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_modelpath(MODEL_DIR / MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(EU_LANGUAGES))
    return identifier


def detect(text: str) -> str:
    """ISO 639-1 code of ``text``'s language, or ``"unknown"`` when there is too little
    text or the model is not sure. Never raises on any string."""
    cleaned = _LINKS.sub(" ", text or "")
    if len(_NOT_LETTERS.sub("", cleaned)) < MIN_LETTERS:
        return UNKNOWN
    (language, confidence), (_, runner_up) = _identifier().rank(cleaned)[:2]
    if confidence < MIN_CONFIDENCE or confidence < MIN_LEAD * runner_up:
        return UNKNOWN
    return str(language)
