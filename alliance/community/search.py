"""Full-text indexes for the directory's word search, one per database.

Django's ``icontains`` is a full-table scan on both databases; at 100,000
organisations that alone cost 75–100 ms a search (bench/directory.py). So:

- SQLite: an FTS5 table with the trigram tokenizer over name and description,
  kept in sync by triggers. Trigrams keep the meaning of ``icontains`` (any
  substring, any case) for words of three letters or more.
- PostgreSQL: pg_trgm GIN indexes on exactly the expressions ``icontains``
  generates (``UPPER(col::text)``), so the ORM query stays as it is.

Installed after every ``migrate`` rather than in a migration because SQLite
migrations rebuild a table when a column changes, which silently drops its
triggers; re-checking after each migrate puts them back.
"""

from __future__ import annotations

from typing import Any

from django.db import connections

FTS_TABLE = "community_organisation_search"
VOCAB_TABLE = "community_organisation_search_vocab"
# Above this share of all rows a word is "common": walking the name index and testing
# each row finds a page of matches sooner than collecting every match from FTS
# (0.2 ms instead of 28 ms for a word in every row; 10 % measured best in
# bench/directory.py, where 25 % left 20 %-words at 25–30 ms).
COMMON_SHARE = 0.1
ORG_TABLE = "community_organisation"
MIN_TRIGRAM_WORD = 3

_SQLITE_TRIGGERS = {
    f"{FTS_TABLE}_ai": f"""
        CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_ai AFTER INSERT ON {ORG_TABLE} BEGIN
          INSERT INTO {FTS_TABLE}(rowid, name, description) VALUES (new.id, new.name, new.description);
        END""",
    f"{FTS_TABLE}_ad": f"""
        CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_ad AFTER DELETE ON {ORG_TABLE} BEGIN
          INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, name, description)
          VALUES ('delete', old.id, old.name, old.description);
        END""",
    f"{FTS_TABLE}_au": f"""
        CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_au AFTER UPDATE ON {ORG_TABLE} BEGIN
          INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, name, description)
          VALUES ('delete', old.id, old.name, old.description);
          INSERT INTO {FTS_TABLE}(rowid, name, description) VALUES (new.id, new.name, new.description);
        END""",
}


def install(using: str = "default", **_kwargs: Any) -> None:
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
                f"name, description, content='{ORG_TABLE}', content_rowid='id', tokenize='trigram')"
            )
            cursor.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS {VOCAB_TABLE} USING fts5vocab({FTS_TABLE}, 'row')")
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
            existing = {row[0] for row in cursor.fetchall()}
            missing = [name for name in _SQLITE_TRIGGERS if name not in existing]
            for name in missing:
                cursor.execute(_SQLITE_TRIGGERS[name])
            if missing:  # rows may have changed while a trigger was absent
                cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")
        elif connection.vendor == "postgresql":
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            for column in ("name", "description"):
                cursor.execute(
                    f"CREATE INDEX IF NOT EXISTS {ORG_TABLE}_{column}_trgm ON {ORG_TABLE} "
                    f"USING gin ((UPPER({column}::text)) gin_trgm_ops)"
                )


def sqlite_words_are_common(words: list[str], using: str = "default") -> bool:
    """True when even the rarest word is in a large share of the rows.

    A word cannot be in more rows than its rarest trigram, and the index keeps a
    row count per trigram, so this costs a handful of indexed look-ups.
    """
    with connections[using].cursor() as cursor:
        # The highest id bounds the row count from above: close enough here, and free.
        cursor.execute(f"SELECT MAX(id) FROM {ORG_TABLE}")
        rows = (cursor.fetchone() or [0])[0] or 0
        if rows < 1000:
            return False
        trigrams = {word.lower()[i:i + 3] for word in words for i in range(len(word) - 2)}
        cursor.execute(
            f"SELECT term, doc FROM {VOCAB_TABLE} WHERE term IN ({', '.join(['%s'] * len(trigrams))})",
            sorted(trigrams),
        )
        docs = dict(cursor.fetchall())
    # A word is in at most as many rows as its rarest trigram; the words are ANDed.
    rarest = min(min(docs.get(word.lower()[i:i + 3], 0) for i in range(len(word) - 2)) for word in words)
    return rarest >= rows * COMMON_SHARE


def sqlite_match_expression(words: list[str]) -> str | None:
    """An FTS5 query requiring every word as a substring, or None when a word is too
    short for trigrams (the caller then falls back to icontains)."""
    if not words or any(len(word) < MIN_TRIGRAM_WORD for word in words):
        return None
    return " AND ".join('"' + word.replace('"', '""') + '"' for word in words)


def refresh_statistics(using: str = "default") -> None:
    """Let the query planner see the new shape of the data after a bulk load.

    Without statistics SQLite guesses, and at 100,000 organisations it guessed
    wrong for "type + region" searches (50 ms instead of 5; bench/directory.py).
    PostgreSQL's autovacuum does this by itself, but sooner is cheaper.
    """
    connection = connections[using]
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
