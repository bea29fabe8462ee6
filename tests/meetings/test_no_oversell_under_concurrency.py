"""Many people register for the last seats at the same moment: the seat count is taken
under a lock on the session row, so nobody gets a seat that is not there."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import close_old_connections, connection

from alliance.meetings import actions
from alliance.meetings.models import Registration
from tests.factories import PersonFactory, SessionFactory

pytestmark = pytest.mark.django_db(transaction=True)

PEOPLE = 40
SEATS = 7


def _register(session_pk: int, email: str) -> str:
    from alliance.meetings.models import Session

    close_old_connections()
    try:
        session = Session.objects.get(pk=session_pk)
        person, _org = actions.person_for(actions.Registrant(name=email, email=email))
        registration, _created = actions.register(session=session, person=person)
        return registration.status
    finally:
        connection.close()


def test_concurrent_registrations_never_oversell_and_never_duplicate():
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith("file:memorydb"):
        pytest.skip("in-memory SQLite shares one cache between threads; bench/registration_burst.py "
                    "measures SQLite concurrency on a real file through HTTP")
    session = SessionFactory(capacity=SEATS)
    emails = [f"burst{i}@example.org" for i in range(PEOPLE)] * 2  # everyone registers twice
    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(lambda e: _register(session.pk, e), emails))
    assert len(statuses) == 2 * PEOPLE
    rows = Registration.objects.filter(session=session)
    assert rows.count() == PEOPLE
    assert rows.filter(status="confirmed").count() == SEATS
    assert rows.filter(status="waitlisted").count() == PEOPLE - SEATS
    assert PersonFactory._meta.model.objects.filter(email__startswith="burst").count() == PEOPLE
