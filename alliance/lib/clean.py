"""Text the databases and encoders cannot hold, refused at the door. Pure Python, no Django.

PostgreSQL refuses NUL in text, and a lone surrogate ("\\ud800", which JSON's
``\\ud800`` escape and ``%ED%A0%80``-style input can produce) cannot be encoded
as UTF-8 by anything downstream. Both turned into 500s deep inside views, the
API and the live room; every entry point asks these functions instead, so one
rule decides what "bad text" is.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


class BadTextError(ValueError):
    """The text holds a NUL character or is not valid Unicode; the message says which."""


def check_text(value: str) -> str:
    """``value`` unchanged, or BadTextError when it holds a NUL or a lone surrogate."""
    if "\x00" in value:
        raise BadTextError("must not contain NUL characters")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise BadTextError("must be valid Unicode text (it holds a lone surrogate)") from None
    return value


def check_texts(values: Iterable[str]) -> None:
    for value in values:
        check_text(value)


def check_json(value: Any) -> None:
    """Walk a decoded JSON value (dicts, lists, strings; keys too) and raise BadTextError on
    the first string check_text refuses. Iterative, so deep nesting cannot overflow."""
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            check_text(item)
        elif isinstance(item, dict):
            for key, inner in item.items():
                if isinstance(key, str):
                    check_text(key)
                pending.append(inner)
        elif isinstance(item, list | tuple):
            pending.extend(item)
