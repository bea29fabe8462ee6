"""Every disruption, need and solution said in a session is a statement of the overview,
with its language, ecosystems, organisation, region and session — and stops being one
when it is hidden, was never more than a draft, or is not a disruption, need or solution."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from alliance.meetings import actions
from alliance.meetings.models import Contribution, SessionStatus
from alliance.overview.models import Statement
from tests.factories import OrganisationFactory, PersonFactory, RegistrationFactory, SessionFactory, region

pytestmark = pytest.mark.django_db


@pytest.fixture
def lombardy_company(db):
    return OrganisationFactory(name="Tessile Brianza", type="company", country=region("IT"), region=region("ITC4"),
                               ecosystems=["textile"])


def share(session, organisation, text, kind="need", key="k1", **extra):
    registration = RegistrationFactory(session=session, person=PersonFactory(affiliation=organisation))
    return actions.share_contribution(session=session, registration=registration, kind=kind, text=text, key=key,
                                      **extra)[0]


def test_a_need_shared_in_a_session_becomes_a_statement_with_everything_the_overview_filters_by(
        committed, lombardy_company):
    session = SessionFactory(status=SessionStatus.LIVE)
    session.ecosystems.set(["health"])
    contribution = share(session, lombardy_company, "Servono mascherine FFP2 per 300 lavoratori in Lombardia")
    statement = Statement.objects.get(source="contribution", source_id=contribution.pk)
    assert statement.kind == "need" and statement.language == "it"
    assert statement.organisation == lombardy_company and statement.organisation_type == "company"
    assert statement.country_id == "IT" and statement.region_id == "ITC4"
    assert statement.session == session and statement.said_at == contribution.created_at
    # The session's topic says which ecosystem the need belongs to, before the organisation's own.
    assert list(statement.ecosystems.values_list("slug", flat=True)) == ["health"]
    assert statement.visibility == "public" and statement.link == session.get_absolute_url()


def test_the_contributions_own_ecosystem_comes_first_and_the_organisations_last(committed, lombardy_company):
    session = SessionFactory(status=SessionStatus.LIVE)
    own = share(session, lombardy_company, "Wir brauchen Stoff für Kittel", ecosystem="health", key="a")
    theirs = share(session, lombardy_company, "Wir brauchen Garn für die Weberei", key="b")
    assert list(Statement.objects.get(source_id=own.pk).ecosystems.values_list("slug", flat=True)) == ["health"]
    assert list(Statement.objects.get(source_id=theirs.pk).ecosystems.values_list("slug", flat=True)) == ["textile"]


def test_framework_and_references_are_not_statements(committed, lombardy_company):
    session = SessionFactory(status=SessionStatus.LIVE)
    share(session, lombardy_company, "A cluster is a place-and-industry fact", kind="framework", key="a")
    share(session, lombardy_company, "https://example.org/paper", kind="reference", key="b")
    assert not Statement.objects.exists()


def test_an_edit_changes_the_statement_and_hiding_removes_it(committed, lombardy_company, coordinator):
    session = SessionFactory(status=SessionStatus.LIVE)
    contribution = share(session, lombardy_company, "Companies are struggling to pay their fees")
    actions.edit_contribution(contribution=contribution, by=coordinator,
                              text="Many companies are struggling to pay their fees", kind="disruption")
    statement = Statement.objects.get(source_id=contribution.pk)
    assert statement.kind == "disruption" and statement.text.startswith("Many companies")
    actions.hide_contribution(contribution=contribution, by=coordinator, reason="personal data")
    assert not Statement.objects.filter(source_id=contribution.pk).exists()


def test_a_capture_is_a_statement_only_once_its_speaker_confirmed_it(committed, lombardy_company, coordinator):
    session = SessionFactory(status=SessionStatus.LIVE)
    speaker = RegistrationFactory(session=session, person=PersonFactory(affiliation=lombardy_company))
    scribe_seat = RegistrationFactory(session=session)
    contribution, _ = actions.share_contribution(
        session=session, registration=scribe_seat, kind="disruption", text="Our innovation projects have stopped",
        key="cap", spoken_by=speaker, captured_by=coordinator)
    assert not Statement.objects.filter(source_id=contribution.pk).exists()
    actions.confirm_contribution(contribution=contribution, by=coordinator)
    assert Statement.objects.filter(source_id=contribution.pk, kind="disruption").exists()


def test_a_members_only_session_gives_members_only_statements_and_follows_a_change(
        committed, lombardy_company, coordinator):
    session = SessionFactory(status=SessionStatus.LIVE, visibility="members")
    contribution = share(session, lombardy_company, "We need a platform for online events for 200 members")
    assert Statement.objects.get(source_id=contribution.pk).visibility == "members"
    actions.update_session(by=coordinator, session=session, fields={"visibility": "public"})
    assert Statement.objects.get(source_id=contribution.pk).visibility == "public"


def test_cancelling_the_session_withdraws_its_statements(committed, lombardy_company, coordinator):
    session = SessionFactory(status=SessionStatus.LIVE)
    share(session, lombardy_company, "We need a platform for online events for 200 members")
    actions.cancel_session(by=coordinator, session=session)
    assert not Statement.objects.exists()


def test_an_imported_summary_gives_its_disruptions_needs_and_solutions_as_statements(committed, coordinator):
    from alliance.minutes import actions as minutes_actions
    from alliance.minutes.importer import parse
    from tests.minutes.conftest import BUNDLED_SEED

    session = minutes_actions.import_parsed(by=coordinator, parsed=parse("seed.txt", BUNDLED_SEED.read_bytes()))
    statements = Statement.objects.filter(session=session)
    kinds = set(statements.values_list("kind", flat=True))
    assert statements.count() >= 8 and kinds <= {"disruption", "need", "solution"} and "solution" in kinds
    assert set(statements.values_list("language", flat=True)) == {"en"}
    assert not statements.filter(organisation__isnull=False).exists()  # a summary names no one


def test_rebuilding_gives_the_same_statements_and_drops_orphans(committed, lombardy_company):
    session = SessionFactory(status=SessionStatus.LIVE)
    kept = share(session, lombardy_company, "Die Lieferketten für Vliesstoff sind unterbrochen", kind="disruption")
    before = list(Statement.objects.values_list("source_id", "kind", "language", "region_id"))
    Statement.objects.create(source="contribution", source_id=kept.pk + 1000, kind="need", text="orphan",
                             language="en", said_at=kept.created_at)
    Contribution.objects.filter(pk=kept.pk).update(text="Die Lieferketten für Vliesstoff sind unterbrochen.")
    call_command("rebuild_statements", stdout=__import__("io").StringIO())
    assert list(Statement.objects.values_list("source_id", "kind", "language", "region_id")) == before
    assert Statement.objects.get().text.endswith("unterbrochen.")
