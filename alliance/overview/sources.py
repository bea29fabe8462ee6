"""Where statements come from. A source turns its own rows into ``StatementRow``s; the
overview's actions store them and nothing else of the overview knows the source.

Today: the contributions of sessions (live rooms and imported summaries). The
exchange's posts (issue 11) will be a second function of the same shape."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Prefetch
from django.urls import reverse

from alliance.lib import kinds
from alliance.meetings.models import Contribution, Session, SessionStatus, Visibility
from alliance.overview.models import StatementSource, StatementVisibility


@dataclass
class StatementRow:
    """What a source says of one of its rows; ``None`` from a source means "not a
    statement (any more)": hidden, a draft, or not a disruption, need or solution."""

    source: str
    source_id: int
    kind: str
    text: str
    language: str
    said_at: datetime
    visibility: str
    ecosystems: list[str] = field(default_factory=list)
    organisation_id: int | None = None
    organisation_type: str = ""
    country_id: str | None = None
    region_id: str | None = None
    session_id: int | None = None
    series_id: int | None = None
    link: str = ""
    resolution: str = ""
    resolved_at: datetime | None = None


def contributions(ids: Iterable[int] | None = None, *, sessions: Iterable[int] | None = None,
                  ) -> Iterator[tuple[int, StatementRow | None]]:
    """(contribution id, its statement or None) for the contributions asked for — by id,
    by session, or all of them."""
    qs = Contribution.objects.select_related("session", "organisation").prefetch_related(
        Prefetch("session__ecosystems"), Prefetch("organisation__ecosystems"))
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    if sessions is not None:
        qs = qs.filter(session_id__in=list(sessions))
    for contribution in qs.order_by("pk").iterator(chunk_size=2000):
        yield contribution.pk, contribution_statement(contribution)


def _is_statement(contribution: Contribution) -> bool:
    session = contribution.session
    if contribution.kind not in kinds.STATEMENT_KINDS or contribution.hidden_at is not None:
        return False
    if session.status in (SessionStatus.DRAFT, SessionStatus.CANCELLED):
        return False
    # A capture waits for its speaker's word: until confirmed it is the scribe's draft.
    return not (contribution.spoken and contribution.confirmed_at is None)


def session_link(session: Session) -> str:
    if session.status == SessionStatus.MINUTES_PUBLISHED:
        return reverse("minutes:public", args=[session.pk])
    return session.get_absolute_url()


def contribution_statement(contribution: Contribution) -> StatementRow | None:
    from alliance.overview.language import detect

    if not _is_statement(contribution):
        return None
    session = contribution.session
    organisation = contribution.organisation
    # The most specific the record knows: the contribution's own ecosystem, else the
    # session's (its topic), else the organisation's.
    if contribution.ecosystem_id:
        ecosystems = [contribution.ecosystem_id]
    else:
        ecosystems = [e.slug for e in session.ecosystems.all()] or (
            [e.slug for e in organisation.ecosystems.all()] if organisation is not None else [])
    return StatementRow(
        source=StatementSource.CONTRIBUTION, source_id=contribution.pk, kind=contribution.kind,
        # Key phrases are marked **like this** for the minutes; the overview quotes the words.
        text=contribution.text.replace("**", ""), language=contribution.language or detect(contribution.text),
        said_at=contribution.created_at,
        visibility=(StatementVisibility.PUBLIC if session.visibility == Visibility.PUBLIC
                    else StatementVisibility.MEMBERS),
        ecosystems=ecosystems, organisation_id=organisation.pk if organisation else None,
        organisation_type=organisation.type if organisation else "",
        country_id=organisation.country_id if organisation else None,
        region_id=organisation.region_id if organisation else None,
        session_id=session.pk, series_id=session.series_id, link=session_link(session),
    )
