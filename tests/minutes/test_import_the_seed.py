"""Acceptance on the seed: the 21 May 2020 summary imports exactly, and survives a round trip."""

import datetime as dt
import json
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from alliance.meetings.models import Contribution, Session
from alliance.minutes import actions
from alliance.minutes.importer import parse

pytestmark = pytest.mark.django_db


def kinds(session):
    found = {}
    for c in Contribution.objects.filter(session=session):
        found[c.kind] = found.get(c.kind, 0) + 1
    return found


def test_the_seed_imports_as_the_session_of_21_may_2020(seed_bytes, tmp_path):
    path = tmp_path / "2020-05-21.txt"
    path.write_bytes(seed_bytes)
    out = StringIO()
    call_command("import_minutes", str(path), "--json", stdout=out)
    report = json.loads(out.getvalue().strip())
    assert report["status"] == "created"
    assert report["starts_at"] == "2020-05-21T08:30:00+02:00" and report["time_zone"] == "Europe/Brussels"
    assert report["topic"] == "Clusters Continuity through the Crisis"
    assert report["working_format"] == "Gilles Rules"
    c = report["contributions"]
    assert c["framework"] == 3
    assert c["disruption"] + c["need"] == 7
    assert c["solution"] == 6
    assert report["references"] == 2
    assert report["bold_phrases"] == 14

    session = Session.objects.get(pk=report["session"])
    assert session.starts_at == dt.datetime(2020, 5, 21, 8, 30, tzinfo=ZoneInfo("Europe/Brussels"))
    assert session.time_zone == "Europe/Brussels" and session.working_format == "gilles"
    assert session.status == "ended"
    stored = kinds(session)
    assert stored.get("reference") == 2
    assert stored.get("disruption", 0) + stored.get("need", 0) == 7
    texts = list(Contribution.objects.filter(session=session).values_list("text", flat=True))
    assert any("**innovation projects have been stopped**" in t for t in texts)
    assert any("**fake bureaucracy**" in t for t in texts)
    assert all(c.origin == "imported" and c.organisation is None for c in Contribution.objects.filter(session=session))


def test_exporting_the_minutes_and_importing_them_again_gives_the_same_structure(seed_bytes, coordinator):
    first = actions.import_parsed(by=coordinator, parsed=parse("seed.txt", seed_bytes))
    minutes = actions.draft_minutes(by=coordinator, session=first)
    version = actions.publish_minutes(by=coordinator, minutes=minutes)
    again = parse("exported.md", version.body.encode())
    original = parse("seed.txt", seed_bytes)
    assert (again.starts_at, again.zone, again.topic, again.working_format) == (
        original.starts_at, original.zone, original.topic, original.working_format)
    assert [(i.kind, i.text) for i in again.items] == [(i.kind, i.text) for i in original.items]
    assert again.references == original.references
    assert again.counts() == original.counts()


def test_importing_the_same_summary_twice_creates_nothing_the_second_time(seed_bytes, tmp_path):
    path = tmp_path / "seed.md"
    path.write_bytes(seed_bytes)
    call_command("import_minutes", str(path), stdout=StringIO())
    before = (Session.objects.count(), Contribution.objects.count())
    with pytest.raises(Exception, match="not imported"):
        call_command("import_minutes", str(path), stdout=StringIO())
    assert (Session.objects.count(), Contribution.objects.count()) == before
