"""Writes of the overview: statements follow their sources (receivers.py calls these
after the source's transaction has committed; ``rebuild_statements`` redoes them all)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.db import transaction

from alliance.meetings.models import Contribution
from alliance.overview import sources
from alliance.overview.models import Statement, StatementSource
from alliance.overview.sources import StatementRow

_FIELDS = ("kind", "text", "language", "organisation_id", "organisation_type", "country_id", "region_id",
           "session_id", "series_id", "said_at", "visibility", "link")


@transaction.atomic
def sync_statements(source: str, rows: Iterable[tuple[int, StatementRow | None]]) -> tuple[int, int]:
    """Store what a source says of its rows: a statement is created or updated for each
    row that is one, and removed for each that is not (any more). Returns (stored,
    removed). Idempotent: syncing twice changes nothing."""
    rows = list(rows)
    gone = [source_id for source_id, row in rows if row is None]
    present = {source_id: row for source_id, row in rows if row is not None}
    removed = Statement.objects.filter(source=source, source_id__in=gone).delete()[0] if gone else 0
    existing = {s.source_id: s for s in Statement.objects.filter(source=source, source_id__in=list(present))
                .prefetch_related("ecosystems")}
    new: list[Statement] = []
    changed: list[Statement] = []
    regroup: list[Statement] = []
    for source_id, row in present.items():
        statement = existing.get(source_id)
        if statement is None:
            statement = Statement(source=source, source_id=source_id)
            new.append(statement)
        elif any(getattr(statement, name) != getattr(row, name) for name in _FIELDS):
            changed.append(statement)
        if statement.pk is None or {e.slug for e in statement.ecosystems.all()} != set(row.ecosystems):
            regroup.append(statement)
        for name in _FIELDS:
            setattr(statement, name, getattr(row, name))
    # Only what differs is written: a rebuild, or a session's sync after its minutes are
    # published, mostly finds every row as it was.
    Statement.objects.bulk_create(new, batch_size=500)
    if changed:
        Statement.objects.bulk_update(changed, _FIELDS, batch_size=200)
    _set_ecosystems(regroup, present)
    return len(present), removed


def _set_ecosystems(statements: list[Statement], rows: dict[int, StatementRow]) -> None:
    through = Statement.ecosystems.through
    ids = [s.pk for s in statements]
    if not ids:
        return
    through.objects.filter(statement_id__in=ids).delete()
    through.objects.bulk_create(
        [through(statement_id=s.pk, ecosystem_id=slug) for s in statements for slug in rows[s.source_id].ecosystems],
        batch_size=1000)


def sync_contributions(ids: Iterable[int]) -> tuple[int, int]:
    ids = list(ids)
    found = dict(sources.contributions(ids))
    # A contribution deleted meanwhile is no statement either.
    return sync_statements(StatementSource.CONTRIBUTION, [(pk, found.get(pk)) for pk in ids])


def sync_sessions(session_ids: Iterable[int]) -> tuple[int, int]:
    """After a session changed (visibility, status, ecosystems): its statements again."""
    return sync_statements(StatementSource.CONTRIBUTION, sources.contributions(sessions=session_ids))


Pair = tuple[int, StatementRow | None]


def _chunks(rows: Iterator[Pair], size: int) -> Iterator[list[Pair]]:
    chunk: list[Pair] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def rebuild_statements() -> tuple[int, int]:
    """Every source again, from scratch (manage.py rebuild_statements); statements whose
    row no longer exists are removed too. Returns (stored, removed)."""
    stored = removed = 0
    for chunk in _chunks(sources.contributions(), 2000):
        done = sync_statements(StatementSource.CONTRIBUTION, chunk)
        stored, removed = stored + done[0], removed + done[1]
    removed += Statement.objects.filter(source=StatementSource.CONTRIBUTION).exclude(
        source_id__in=Contribution.objects.values("pk")).delete()[0]
    return stored, removed
