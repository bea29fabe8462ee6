"""Drafting from a real session: who had the floor (the stored floor events) with the
scribe's captures, the session's own framing, no empty sections, and a registration link
only while one can still register."""

import datetime as dt

import pytest

from alliance.meetings import actions as meetings_actions
from alliance.meetings import queries
from alliance.minutes import actions
from tests.factories import OrganisationFactory, PersonFactory, RegistrationFactory, SessionFactory

pytestmark = pytest.mark.django_db


def floor(session, *events):
    for i, (kind, person, seconds) in enumerate(events):
        meetings_actions.record_floor_event(session=session, kind=kind, key=f"f{i}", person=person,
                                            data={"point": "Members cannot pay their fees"} if person else {},
                                            now=session.starts_at + dt.timedelta(seconds=seconds))


def capture(session, registration, text, key):
    state = queries.floor_state(session)
    started = dt.datetime.fromtimestamp(state.current.started_at, dt.UTC)
    meetings_actions.share_contribution(session=session, registration=registration, spoken_by=registration,
                                        kind="need", text=text, key=key, turn_started_at=started)


def test_the_draft_has_the_spoken_round_with_each_speakers_point_and_captures(moderator):
    session = SessionFactory(duration_minutes=30, opening_minutes=2, closing_minutes=2,
                             description="Clusters as **intermediaries** in the crisis.")
    session.moderators.add(moderator)
    basque = OrganisationFactory(name="Basque Aerospace Cluster")
    ana = RegistrationFactory(session=session, person=PersonFactory(name="Ana Ribeiro", affiliation=basque))
    floor(session, ("request", f"r{ana.pk}", 0), ("start", "", 120), ("next", "", 121))
    capture(session, ana, "Fees are **unpaid** since March", "c1")
    capture(session, ana, "Projects have been stopped", "c2")
    floor(session, ("next", "", 200))
    meetings_actions.end_session(by=moderator, session=session)
    body = session.minutes.body
    assert ("## Spoken round\n\n- **Ana Ribeiro** (Basque Aerospace Cluster): Members cannot pay their fees\n"
            "    - Fees are **unpaid** since March *(Basque Aerospace Cluster · #") in body
    assert "    - Projects have been stopped *(Basque Aerospace Cluster · #" in body
    assert "## Conceptual framework\n\nClusters as **intermediaries** in the crisis.\n" in body
    assert "## References" not in body and "## Solutions" not in body


def test_an_ended_session_gets_no_registration_link_but_an_open_one_does(moderator, settings):
    ended = SessionFactory(status="ended", starts_at=dt.datetime.now(dt.UTC) - dt.timedelta(days=2),
                           registration_url="https://register.example/old")
    assert "registration" not in actions.drafted_markdown(ended).lower()
    upcoming = SessionFactory()
    assert (f"[Link to registration of the session]({settings.SITE_URL}/sessions/{upcoming.pk}/register/)"
            in actions.drafted_markdown(upcoming))
