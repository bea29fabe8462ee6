"""Writes of the overview: statements follow their sources (receivers.py calls these
after the source's transaction has committed; ``rebuild_statements`` redoes them all);
their embeddings are computed once, when they are written; themes are found by a run
(``run_themes``, all or nothing) and curated by coordinators (every curation logged, and
kept by the next run: themes.find_themes keeps a matched theme's id, name and pins)."""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, cast

import numpy as np
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from alliance.accounts.models import Role, User
from alliance.community.actions import log_activity
from alliance.community.models import ActivityVerb, Ecosystem, OrganisationType, PolicyScope
from alliance.lib import embedding, kinds
from alliance.lib.mail import send_templated_mail_on_commit
from alliance.meetings.models import Contribution
from alliance.minutes.models import content_hash
from alliance.overview import alerts, report_draft, sources, themes
from alliance.overview.models import (
    MAX_REPORT_TEXT,
    EcosystemReport,
    Embedding,
    Placement,
    PlacementStatus,
    ReportVersion,
    Statement,
    StatementMonth,
    StatementSource,
    StatementTally,
    StatementVisibility,
    Theme,
    ThemeAlertMail,
    ThemeRun,
    ThemeRunStatus,
)
from alliance.overview.sources import StatementRow

if TYPE_CHECKING:
    from collections.abc import Callable

log = logging.getLogger(__name__)

_FIELDS = ("kind", "text", "language", "organisation_id", "organisation_type", "country_id", "region_id",
           "session_id", "series_id", "said_at", "visibility", "link", "resolution", "resolved_at")


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
    recount_rollups()
    return stored, removed


_MONTH_SQL = {"sqlite": "substr(s.said_at, 1, 7)", "postgresql": "to_char(s.said_at AT TIME ZONE 'UTC', 'YYYY-MM')"}


@transaction.atomic
def recount_rollups() -> tuple[int, int]:
    """StatementMonth and StatementTally counted again from the statements. The triggers
    of migration 0006 keep them at every write, so this only repairs what went around
    them (a restore of the statements without their triggers, a TRUNCATE); a rebuild
    does it anyway. Returns the rows written of each."""
    from django.db import connection

    months, tallies = StatementMonth._meta.db_table, StatementTally._meta.db_table
    links, statements = Statement.ecosystems.through._meta.db_table, Statement._meta.db_table
    with connection.cursor() as cursor:
        # Table names from the models, no input: noqa S608.
        cursor.execute(f"DELETE FROM {months}")  # noqa: S608
        cursor.execute(
            f"INSERT INTO {months} (ecosystem, month, kind, visibility, n) "  # noqa: S608
            f"SELECT l.ecosystem_id, {_MONTH_SQL[connection.vendor]}, s.kind, s.visibility, COUNT(*) "
            f"FROM {links} l JOIN {statements} s ON s.id = l.statement_id GROUP BY 1, 2, 3, 4")
        written_months = cursor.rowcount
        cursor.execute(f"DELETE FROM {tallies}")  # noqa: S608
        cursor.execute(
            f"INSERT INTO {tallies} (visibility, kind, organisation_type, organisation, region, country, n) "  # noqa: S608
            "SELECT visibility, kind, organisation_type, coalesce(organisation_id, 0), coalesce(region_id, ''), "
            f"coalesce(country_id, ''), COUNT(*) FROM {statements} GROUP BY 1, 2, 3, 4, 5, 6")
        return written_months, cursor.rowcount


# --- Embeddings -------------------------------------------------------------------------

def embed_statements(ids: Iterable[int] | None = None, *, batch: int = 512) -> int:
    """Compute and store the embedding of each statement (of ``ids``, or all) that has
    none, one of another encoder, or one of an older text. Returns how many were
    computed. Idempotent; safe to run beside a theme run (it writes embeddings only)."""
    statements = Statement.objects.order_by("pk")
    if ids is not None:
        statements = statements.filter(pk__in=list(ids))
    stored = dict(Embedding.objects.filter(statement__in=statements).values_list("statement_id", "text_hash")
                  .filter(encoder=embedding.ENCODER))
    todo = [(pk, text) for pk, text in statements.values_list("pk", "text")
            if stored.get(pk) != embedding.text_hash(text)]
    for start in range(0, len(todo), batch):
        chunk = todo[start:start + batch]
        vectors = embedding.encode([text for _, text in chunk])
        rows = [Embedding(statement_id=pk, encoder=embedding.ENCODER, text_hash=embedding.text_hash(text),
                          vector=embedding.to_bytes(vector)) for (pk, text), vector in zip(chunk, vectors, strict=True)]
        with transaction.atomic():
            # A statement removed meanwhile takes its embedding with it (CASCADE); one
            # removed between our read and this write is simply skipped.
            alive = set(Statement.objects.filter(pk__in=[r.statement_id for r in rows]).values_list("pk", flat=True))
            Embedding.objects.filter(statement_id__in=alive).delete()
            Embedding.objects.bulk_create([r for r in rows if r.statement_id in alive], batch_size=500)
    return len(todo)


# --- Theme runs -------------------------------------------------------------------------

class ThemeRunError(RuntimeError):
    pass


def _pipeline_input(statements: Sequence[Statement]) -> tuple[list[themes.Statement], np.ndarray]:
    ecosystems: dict[int, list[str]] = defaultdict(list)
    through = Statement.ecosystems.through
    for statement_id, slug in through.objects.values_list("statement_id", "ecosystem_id").order_by("pk"):
        ecosystems[statement_id].append(slug)
    vectors = np.zeros((len(statements), embedding.DIMENSIONS), dtype=np.float32)
    index = {s.pk: i for i, s in enumerate(statements)}
    for statement_id, data in Embedding.objects.filter(encoder=embedding.ENCODER).values_list(
            "statement_id", "vector").iterator(chunk_size=2000):
        if statement_id in index:
            vectors[index[statement_id]] = embedding.from_bytes(data)
    rows = [themes.Statement(id=s.pk, text=s.text, language=s.language, kind=s.kind,
                             ecosystems=tuple(ecosystems.get(s.pk, ())), organisation_type=s.organisation_type,
                             country=s.country_id or "", region=s.region_id or "", time=s.said_at.isoformat())
            for s in statements]
    return rows, vectors


def _previous_themes() -> list[themes.PreviousTheme]:
    members: dict[int, set[int]] = defaultdict(set)
    pins: dict[int, set[int]] = defaultdict(set)
    for statement_id, theme_id, status in Placement.objects.filter(theme__isnull=False).values_list(
            "statement_id", "theme_id", "status"):
        members[theme_id].add(statement_id)
        if status == PlacementStatus.PINNED:
            pins[theme_id].add(statement_id)
    return [themes.PreviousTheme(id=t.pk, name=t.name, member_ids=frozenset(members[t.pk]),
                                 pinned_ids=frozenset(pins[t.pk]), hidden=t.hidden, pinned=t.pinned)
            for t in Theme.objects.filter(retired=False).order_by("pk")]


def run_themes(*, by: User | None = None, today: dt.date | None = None,
               settings_: themes.Settings | None = None) -> ThemeRun:
    """Find the themes of every statement again from their stored embeddings, keeping
    what coordinators curated, and flag early alerts. All or nothing: a run that fails
    is recorded with its error and leaves the previous themes as they were (raises
    ThemeRunError). E-mails of new alerts go after the commit, once per theme and week."""
    started = time.perf_counter()
    run = ThemeRun.objects.create(started_at=timezone.now(), encoder=embedding.ENCODER)
    try:
        embed_statements()
        statements = list(Statement.objects.order_by("pk").only(
            "pk", "text", "language", "kind", "organisation_id", "organisation_type", "country_id", "region_id",
            "said_at"))
        rows, vectors = _pipeline_input(statements)
        result = themes.find_themes(rows, vectors, _previous_themes(), settings_)
        with transaction.atomic():
            found = _store_themes(run, statements, result, today or timezone.localdate())
    except Exception as error:
        log.exception("theme run %s failed", run.pk)
        ThemeRun.objects.filter(pk=run.pk).update(status=ThemeRunStatus.FAILED, finished_at=timezone.now(),
                                                   error=f"{type(error).__name__}: {error}"[:2000],
                                                   seconds=time.perf_counter() - started)
        raise ThemeRunError(str(error)) from error
    run.status = ThemeRunStatus.DONE
    run.finished_at = timezone.now()
    run.statements, run.themes = len(statements), len(found)
    run.unsorted, run.undecided = len(result.unsorted), len(result.undecided)
    run.k, run.score, run.seconds = result.k, result.score, round(time.perf_counter() - started, 3)
    run.save()
    log_activity(by, ActivityVerb.THEMES_RUN, f"run {run.pk}", themes=run.themes, statements=run.statements,
                 seconds=run.seconds)
    _mail_alerts([t for t in found if t.alert], today or timezone.localdate())
    return run


def _store_themes(run: ThemeRun, statements: Sequence[Statement], result: themes.Result,
                  today: dt.date) -> list[Theme]:
    said = {s.pk: s.said_at for s in statements}
    existing = {t.pk: t for t in Theme.objects.filter(retired=False)}
    stored: list[Theme] = []
    for found in result.themes:
        theme = existing.pop(found.id, None) if found.id is not None else None
        if theme is None:
            theme = Theme()
        when = [said[i] for i in found.member_ids]
        theme.label = found.label[:200]
        theme.labels = found.labels
        theme.language = found.language
        theme.size = found.size
        theme.counts = {"kind": found.by_kind, "ecosystem": found.by_ecosystem,
                        "organisation_type": found.by_organisation_type, "country": found.by_country,
                        "region": found.by_region, "month": found.by_month}
        theme.representative_ids = list(found.representative_ids)
        theme.first_said_at, theme.last_said_at = min(when), max(when)
        theme.alert, theme.alert_recent, theme.alert_expected, theme.alert_p = False, 0, 0.0, 1.0
        theme.run = run
        theme.save()
        stored.append(theme)
    # A previous theme no cluster continues is retired: its id stays for the log.
    Theme.objects.filter(pk__in=list(existing)).update(retired=True, size=0, alert=False)
    placements = [Placement(statement_id=sid, theme=theme,
                            status=PlacementStatus.PINNED if sid in pinned else PlacementStatus.PLACED)
                  for theme, found in zip(stored, result.themes, strict=True)
                  for pinned in [set(found.pinned_ids)] for sid in found.member_ids]
    placements += [Placement(statement_id=u.id, theme=stored[u.between[0]], second=stored[u.between[1]],
                             status=PlacementStatus.UNDECIDED, margin=u.margin) for u in result.undecided]
    placements += [Placement(statement_id=sid, status=PlacementStatus.UNSORTED) for sid in result.unsorted]
    Placement.objects.all().delete()
    Placement.objects.bulk_create(placements, batch_size=2000)
    _flag_alerts(stored, statements, today)
    return stored


def _flag_alerts(stored: Sequence[Theme], statements: Sequence[Statement], today: dt.date) -> None:
    """A theme of disruptions or needs raised by significantly more organisations in
    the last 14 days than its own baseline (overview.alerts: exact Poisson test)."""
    by_pk = {s.pk: s for s in statements}
    theme_of = dict(Placement.objects.filter(theme__in=stored).exclude(status=PlacementStatus.UNDECIDED)
                    .values_list("statement_id", "theme_id"))
    raised = [alerts.Raised(theme=theme_of[pk], organisation=s.organisation_id,
                            day=timezone.localdate(s.said_at))
              for pk, s in by_pk.items() if pk in theme_of and s.organisation_id is not None
              and s.kind in (kinds.DISRUPTION, kinds.NEED)]
    themes_by_pk = {t.pk: t for t in stored}
    for alert in alerts.emerging(raised, today=today):
        theme = themes_by_pk[cast(int, alert.theme)]
        theme.alert, theme.alert_recent = True, alert.recent
        theme.alert_expected, theme.alert_p = round(alert.baseline, 3), alert.p_value
        theme.save(update_fields=["alert", "alert_recent", "alert_expected", "alert_p"])


def alert_recipients(theme: Theme) -> list[User]:
    """Active coordinators, and active policy makers whose scope names one of the
    theme's ecosystems or no ecosystem at all (a scope without ecosystems covers all)."""
    ecosystems = list((theme.counts or {}).get("ecosystem", {}))
    scoped = PolicyScope.objects.filter(Q(ecosystems__in=ecosystems) | Q(ecosystems__isnull=True))
    return list(User.objects.filter(is_active=True).filter(
        Q(role=Role.COORDINATOR) | Q(role=Role.POLICY_MAKER, policy_scope__in=scoped)).distinct().order_by("pk"))


def _mail_alerts(alerting: Sequence[Theme], today: dt.date) -> None:
    year, week, _day = today.isocalendar()
    label = f"{year}-W{week:02d}"
    for theme in alerting:
        with transaction.atomic():
            # Claimed before it is queued: a second run in the same week finds the row.
            claim, created = ThemeAlertMail.objects.get_or_create(theme=theme, week=label)
            if not created:
                continue
            recipients = alert_recipients(theme)
            for user in recipients:
                send_templated_mail_on_commit(
                    to=[user.email], template="overview/email/alert", language=user.language or "en",
                    context={"theme": theme.title, "recent": theme.alert_recent,
                             "expected": f"{theme.alert_expected:.1f}", "days": alerts.WINDOW_DAYS,
                             "url": settings.SITE_URL + reverse("overview:theme", args=[theme.pk])})
            claim.recipients = len(recipients)
            claim.save(update_fields=["recipients"])
            log_activity(None, ActivityVerb.THEME_ALERT_SENT, theme.title, theme=theme.pk, week=label,
                         recipients=len(recipients))


# --- Curation ---------------------------------------------------------------------------

class CurationError(ValueError):
    """A curation that cannot be done; the message is for the coordinator."""


def _locked(theme: Theme) -> Theme:
    theme = Theme.objects.select_for_update().get(pk=theme.pk)
    if theme.retired:
        raise CurationError(_("This theme is no longer in the overview."))
    return theme


def _recount(theme_ids: Iterable[int]) -> None:
    """Size and counts of themes a curation changed, as the next run would count them."""
    for theme in Theme.objects.filter(pk__in=list(theme_ids)):
        members = list(Statement.objects.filter(placement__theme=theme).exclude(
            placement__status=PlacementStatus.UNDECIDED).prefetch_related("ecosystems"))
        theme.size = len(members)
        month = Counter(f"{s.said_at:%Y-%m}" for s in members)
        theme.counts = {
            "kind": themes.best_of(Counter(s.kind for s in members).items()),
            "ecosystem": themes.best_of(Counter(e.slug for s in members for e in s.ecosystems.all()).items()),
            "organisation_type": themes.best_of(Counter(s.organisation_type for s in members
                                                        if s.organisation_type).items()),
            "country": themes.best_of(Counter(s.country_id for s in members if s.country_id).items()),
            "region": themes.best_of(Counter(s.region_id for s in members if s.region_id).items()),
            "month": dict(sorted(month.items())),
        }
        theme.representative_ids = [i for i in theme.representative_ids if i in {s.pk for s in members}] or \
            [s.pk for s in members[:3]]
        if members:
            theme.first_said_at = min(s.said_at for s in members)
            theme.last_said_at = max(s.said_at for s in members)
        theme.save()


@transaction.atomic
def rename_theme(*, by: User | None, theme: Theme, name: str) -> Theme:
    name = " ".join(name.split())
    if not name:
        raise CurationError(_("A theme needs a name."))
    theme = _locked(theme)
    before = theme.title
    theme.name = name[:120]
    theme.save(update_fields=["name", "updated_at"])
    log_activity(by, ActivityVerb.THEME_RENAMED, theme.title, theme=theme.pk, before=before)
    return theme


@transaction.atomic
def pin_theme(*, by: User | None, theme: Theme, pinned: bool = True) -> Theme:
    """A pinned theme keeps every statement it has now through the next runs (and can
    gain new ones), and is listed first."""
    theme = _locked(theme)
    theme.pinned = pinned
    theme.save(update_fields=["pinned", "updated_at"])
    log_activity(by, ActivityVerb.THEME_PINNED if pinned else ActivityVerb.THEME_UNPINNED, theme.title,
                 theme=theme.pk)
    return theme


@transaction.atomic
def hide_theme(*, by: User | None, theme: Theme, hidden: bool = True) -> Theme:
    """A hidden theme is not listed in the overview (coordinators still see it); its
    statements stay in it, so the next run does not offer it again."""
    theme = _locked(theme)
    theme.hidden = hidden
    theme.save(update_fields=["hidden", "updated_at"])
    log_activity(by, ActivityVerb.THEME_HIDDEN if hidden else ActivityVerb.THEME_SHOWN, theme.title,
                 theme=theme.pk)
    return theme


@transaction.atomic
def merge_themes(*, by: User | None, into: Theme, other: Theme) -> Theme:
    """``other``'s statements join ``into``, pinned there (the next run keeps them
    together); ``other`` is retired. ``into`` keeps its name, or takes ``other``'s if it
    had none."""
    if into.pk == other.pk:
        raise CurationError(_("A theme cannot be merged with itself."))
    first, second = sorted([into.pk, other.pk])
    locked = {t.pk: t for t in Theme.objects.select_for_update().filter(pk__in=[first, second])}
    into, other = locked[into.pk], locked[other.pk]
    if into.retired or other.retired:
        raise CurationError(_("This theme is no longer in the overview."))
    moved = Placement.objects.filter(theme=other).exclude(status=PlacementStatus.UNDECIDED).update(
        theme=into, status=PlacementStatus.PINNED, second=None, margin=0.0)
    # Undecided between the two is decided now; undecided between other and a third
    # theme is between into and that theme.
    Placement.objects.filter(theme=other, second=into).update(theme=into, second=None,
                                                              status=PlacementStatus.PINNED)
    Placement.objects.filter(theme=into, second=other).update(second=None, status=PlacementStatus.PINNED)
    Placement.objects.filter(theme=other).update(theme=into)
    Placement.objects.filter(second=other).update(second=into)
    if not into.name and other.name:
        into.name = other.name
    into.save()
    other.retired, other.size, other.alert = True, 0, False
    other.save(update_fields=["retired", "size", "alert", "updated_at"])
    _recount([into.pk])
    log_activity(by, ActivityVerb.THEME_MERGED, into.title, theme=into.pk, merged=other.pk,
                 merged_title=other.title, statements=moved)
    into.refresh_from_db()
    return into


@transaction.atomic
def split_theme(*, by: User | None, theme: Theme) -> tuple[Theme, Theme]:
    """Split a theme in two by meaning (themes.split_in_two over its statements'
    embeddings): the half with the theme's most representative statement keeps the
    theme, the other half becomes a new theme; both halves are pinned so that the next
    run keeps the split. Refused for a theme of fewer than two statements."""
    theme = _locked(theme)
    placements = list(Placement.objects.filter(theme=theme).exclude(status=PlacementStatus.UNDECIDED)
                      .order_by("statement_id"))
    if len(placements) < 2:
        raise CurationError(_("A theme of fewer than two statements cannot be split."))
    ids = [p.statement_id for p in placements]
    stored = dict(Embedding.objects.filter(statement_id__in=ids, encoder=embedding.ENCODER)
                  .values_list("statement_id", "vector"))
    vectors = np.array([embedding.from_bytes(stored[i]) if i in stored else np.zeros(embedding.DIMENSIONS)
                        for i in ids], dtype=np.float32)
    try:
        halves = themes.split_in_two(vectors, seed=theme.pk)
    except ValueError as error:
        raise CurationError(_("These statements say the same thing: the theme cannot be split.")) from error
    keep = halves[ids.index(theme.representative_ids[0])] if theme.representative_ids and \
        theme.representative_ids[0] in ids else 0
    leaving = [i for i, half in zip(ids, halves, strict=True) if half != keep]
    texts = dict(Statement.objects.filter(pk__in=leaving[:1]).values_list("pk", "text"))
    new = Theme.objects.create(label=_first_words(texts.get(leaving[0], "")), language=theme.language,
                               run=theme.run, representative_ids=leaving[:3])
    Placement.objects.filter(statement_id__in=leaving).update(theme=new, status=PlacementStatus.PINNED)
    Placement.objects.filter(theme=theme).exclude(status=PlacementStatus.UNDECIDED).update(
        status=PlacementStatus.PINNED)
    Placement.objects.filter(second=theme, statement_id__in=leaving).update(second=new)
    _recount([theme.pk, new.pk])
    log_activity(by, ActivityVerb.THEME_SPLIT, theme.title, theme=theme.pk, new=new.pk,
                 statements=len(leaving))
    theme.refresh_from_db()
    new.refresh_from_db()
    return theme, new


def _first_words(text: str, count: int = 6) -> str:
    words = text.split()
    return " ".join(words[:count]) + (" …" if len(words) > count else "")


@transaction.atomic
def move_statement(*, by: User | None, statement: Statement, theme: Theme) -> Placement:
    """Put a statement in a theme and pin it there (the next run keeps it). Refused
    when it would leave its theme empty: merge the themes instead."""
    theme = _locked(theme)
    placement = Placement.objects.select_for_update().filter(statement=statement).first()
    before = placement.theme_id if placement else None
    if before == theme.pk and placement and placement.status != PlacementStatus.UNDECIDED:
        raise CurationError(_("The statement is already in this theme."))
    if before is not None and placement and placement.status != PlacementStatus.UNDECIDED and \
            not Placement.objects.filter(theme_id=before).exclude(status=PlacementStatus.UNDECIDED).exclude(
                statement=statement).exists():
        raise CurationError(_("Moving its last statement would leave the theme empty; merge the themes instead."))
    placement, _created = Placement.objects.update_or_create(
        statement=statement, defaults={"theme": theme, "status": PlacementStatus.PINNED, "second": None,
                                       "margin": 0.0})
    _recount([pk for pk in (before, theme.pk) if pk is not None])
    log_activity(by, ActivityVerb.STATEMENT_MOVED, theme.title, statement=statement.pk, theme=theme.pk,
                 before=before)
    return placement


# --- Scheduling -------------------------------------------------------------------------

def schedule_theme_run(enqueue: Callable[..., Any], *, delay: float | None = None) -> bool:
    """Ask for a theme run soon (``enqueue(run_after=...)``), at most one waiting at a
    time: statements arrive in bursts (a room's contributions, an import) and one run
    after the burst is enough. Returns whether a run was queued. With a backend that
    cannot defer (the immediate one of development and tests) nothing is queued: a
    theme run is never done on a page request; the overview says the themes are older
    than the statements, and a coordinator (or ``manage.py run_themes``) runs them."""
    from django_tasks import default_task_backend

    if not default_task_backend.supports_defer:
        return False
    delay = settings.THEMES_DEBOUNCE_SECONDS if delay is None else delay
    with transaction.atomic():
        # A queued run its worker never took (the worker died, the queue was cleared)
        # must not block every later one.
        ThemeRun.objects.filter(status=ThemeRunStatus.QUEUED,
                                started_at__lt=timezone.now() - dt.timedelta(seconds=delay + 3600)).delete()
        waiting = ThemeRun.objects.select_for_update().filter(status=ThemeRunStatus.QUEUED).exists()
        if waiting:
            return False
        ThemeRun.objects.create(started_at=timezone.now(), status=ThemeRunStatus.QUEUED)
        transaction.on_commit(lambda: enqueue(run_after=timezone.now() + dt.timedelta(seconds=delay)))
    return True


def statements_since_last_run() -> int:
    last = ThemeRun.objects.filter(status=ThemeRunStatus.DONE).order_by("-finished_at").first()
    if last is None or last.finished_at is None:
        return Statement.objects.count()
    return Statement.objects.filter(updated_at__gt=last.started_at).count()


def statement_ids(source: str, source_ids: Iterable[int]) -> list[int]:
    return list(Statement.objects.filter(source=source, source_id__in=list(source_ids)).values_list("pk", flat=True))


def statement_ids_of_sessions(session_ids: Iterable[int]) -> list[int]:
    return list(Statement.objects.filter(session_id__in=list(session_ids)).values_list("pk", flat=True))


# --- Ecosystem reports ------------------------------------------------------------------

_IN_THEME = (PlacementStatus.PLACED, PlacementStatus.PINNED)


class ReportError(ValueError):
    """A report change that cannot be made; ``code`` is stable, views word it."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def report_statements(ecosystem: Ecosystem) -> Any:
    """What a report may quote: the ecosystem's public statements only — a report is
    public, whoever drafts or reads it."""
    return (Statement.objects.filter(ecosystems=ecosystem, visibility=StatementVisibility.PUBLIC)
            .select_related("region", "session", "placement__theme").order_by("said_at", "pk"))


def report_input(ecosystem: Ecosystem, *, introduction: str = "", recommendations: str = "") -> report_draft.Report:
    """The report's plain data: each listed theme with its statements (the theme's most
    representative first), the statements in no theme apart. Two queries."""
    with translation.override("en"):  # reports are written in the alliance's working language
        type_labels = {value: str(label) for value, label in OrganisationType.choices}
        name = str(ecosystem.name)
    sections: dict[int, list[report_draft.Quote]] = defaultdict(list)
    theme_of: dict[int, Theme] = {}
    other: list[report_draft.Quote] = []
    for s in report_statements(ecosystem):
        session = s.session
        quote = report_draft.Quote(
            id=s.pk, kind=s.kind, text=s.text, organisation=s.organisation_id,
            organisation_type=type_labels.get(s.organisation_type, ""), region=s.region_id or "",
            region_name=s.region.name if s.region else "", session=s.session_id,
            session_topic=session.topic if session else "",
            session_date=session.local_start.date().isoformat() if session else "",
            link=settings.SITE_URL + s.link if s.link.startswith("/") else s.link,
            reference=f"{s.source} {s.source_id}")
        placement = getattr(s, "placement", None)
        theme = placement.theme if placement is not None and placement.status in _IN_THEME else None
        if theme is None or theme.hidden or theme.retired:
            other.append(quote)
        else:
            theme_of[theme.pk] = theme
            sections[theme.pk].append(quote)

    def ordered(theme: Theme, quotes: list[report_draft.Quote]) -> tuple[report_draft.Quote, ...]:
        rank = {int(pk): i for i, pk in enumerate(theme.representative_ids)}
        return tuple(sorted(quotes, key=lambda q: rank.get(q.id, len(rank))))

    built = [report_draft.ThemeSection(title=theme_of[pk].title, quotes=ordered(theme_of[pk], quotes))
             for pk, quotes in sections.items()]
    built.sort(key=lambda t: (-report_draft.count(t.quotes).organisations, -len(t.quotes), t.title))
    return report_draft.Report(alliance=settings.ALLIANCE_NAME, ecosystem=name, introduction=introduction,
                               recommendations=recommendations, themes=tuple(built), other=tuple(other))


def report_of(ecosystem: Ecosystem) -> EcosystemReport:
    """The ecosystem's report row (an empty draft until a coordinator writes one)."""
    return EcosystemReport.objects.filter(ecosystem=ecosystem).select_related("published").first() or \
        EcosystemReport(ecosystem=ecosystem)


def drafted_report(report: EcosystemReport) -> str:
    return report_draft.to_markdown(report_input(report.ecosystem, introduction=report.introduction,
                                                 recommendations=report.recommendations))


@transaction.atomic
def save_report_draft(*, by: User | None, ecosystem: Ecosystem, introduction: str,
                      recommendations: str) -> EcosystemReport:
    """The coordinator's introduction and recommendations; published versions are untouched."""
    if len(introduction) > MAX_REPORT_TEXT or len(recommendations) > MAX_REPORT_TEXT:
        raise ReportError("too_long")
    report, _created = EcosystemReport.objects.select_for_update().get_or_create(ecosystem=ecosystem)
    report.introduction = introduction.strip()
    report.recommendations = recommendations.strip()
    report.updated_by = by if by is not None and getattr(by, "is_authenticated", False) else None
    report.save()
    log_activity(by, ActivityVerb.REPORT_DRAFTED, str(ecosystem.name), ecosystem=ecosystem.slug)
    return report


@transaction.atomic
def publish_report(*, by: User | None, ecosystem: Ecosystem) -> ReportVersion:
    """Freeze today's draft as a new published version with its SHA-256. Under the
    report's row lock, so two coordinators publishing at once make two numbered
    versions, not one number twice. Refused when nothing changed since the last one."""
    report, _created = EcosystemReport.objects.select_for_update().get_or_create(ecosystem=ecosystem)
    data = report_input(ecosystem, introduction=report.introduction, recommendations=report.recommendations)
    statements = report_draft.count([q for t in data.themes for q in t.quotes] + list(data.other)).statements
    if not statements and not report.introduction:
        raise ReportError("empty")
    body = report_draft.to_markdown(data)
    digest = content_hash(body)
    last = report.versions.order_by("-number").first()
    if last is not None and last.content_hash == digest:
        raise ReportError("no_change")
    version = ReportVersion.objects.create(
        report=report, number=(last.number if last else 0) + 1, body=body, content_hash=digest,
        statements=statements, published_at=timezone.now(),
        published_by=by if by is not None and getattr(by, "is_authenticated", False) else None)
    report.published = version
    report.save(update_fields=["published", "updated_at"])
    log_activity(by, ActivityVerb.REPORT_PUBLISHED, str(ecosystem.name), ecosystem=ecosystem.slug,
                 version=version.number, hash=digest)
    return version
