"""Sorting names the way readers of the UI languages expect.

Python compares code points, so "Österreich" (Ö = U+00D6) sorts after every
unaccented name. For English, German (DIN 5007-1, the dictionary order) and
French, an accented letter sorts with its base letter and case does not count
first; accents and case only break ties. That is what the first levels of the
Unicode Collation Algorithm give for these languages, so a key of the base
letters, then the case-folded text, then the text itself is enough here.
(With a collation library in the lock file, pyuca's DUCET collator would be the
drop-in replacement for sort_key.)
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from typing import TypeVar

T = TypeVar("T")

# Latin letters with no canonical decomposition into base letter + mark.
_BASE_LETTERS = str.maketrans({"ø": "o", "ł": "l", "đ": "d", "ħ": "h", "ı": "i", "æ": "ae", "œ": "oe", "þ": "th"})


def sort_key(text: str) -> tuple[str, str, str]:
    folded = text.casefold()  # also ß → ss
    decomposed = unicodedata.normalize("NFKD", folded)
    base = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).translate(_BASE_LETTERS)
    return base, folded, text


def sorted_by_name(items: Iterable[T], name: Callable[[T], str]) -> list[T]:
    return sorted(items, key=lambda item: sort_key(name(item)))
