"""The importer says what it did: the review screen shows the session's own time, the report
links to each session it created, and a topic it had to shorten or a time zone it did not
know is a warning line, not a silent change. Coordinators find both importers in the menu."""

import json
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from alliance.meetings.models import Session
from alliance.minutes.models import PendingImport

pytestmark = pytest.mark.django_db

PROSE = b"""Alliance, 5 June 2020 at 8.30

Topic of the day: Skills

Others mentioned their own experience. Companies urgently need trainers for online courses.
"""
LONG_TOPIC = "Retail " * 40
HEADED = ("Alliance\n\n4 June 2020 at 8.30 {zone}\n\nTopic of the day: **{topic}**\n\n"
          "SOLUTIONS\n\n- Click and collect\n")


def headed(topic="Retail reopening", zone=""):
    return HEADED.format(topic=topic, zone=zone).encode()


def upload(client, *files):
    return client.post(reverse("minutes:import"), {"summaries": [SimpleUploadedFile(n, d) for n, d in files]})


def test_the_review_screen_shows_the_time_in_the_sessions_own_zone(client, coordinator):
    client.force_login(coordinator)
    client.cookies["tz"] = "UTC"  # a viewer elsewhere: the summary still says 08:30 in Brussels
    upload(client, ("prose.txt", PROSE))
    page = client.get(reverse("minutes:review", args=[PendingImport.objects.get().pk])).content.decode()
    assert "08:30 (Europe/Brussels)" in page and "06:30" not in page


def test_the_report_of_a_headed_file_links_to_the_session_it_created(client, coordinator):
    client.force_login(coordinator)
    page = upload(client, ("headed.txt", headed())).content.decode()
    session = Session.objects.get()
    assert f'<a href="{session.get_absolute_url()}">' in page and "Retail reopening" in page


def test_a_shortened_topic_and_an_unknown_zone_are_warnings_in_the_report(client, coordinator):
    client.force_login(coordinator)
    page = upload(client, ("long.txt", headed(topic=LONG_TOPIC, zone="Mars/Olympus"))).content.decode()
    session = Session.objects.get()
    assert len(session.topic) == 200 and session.time_zone == "Europe/Brussels"
    assert "The topic of the day is longer than 200 characters: it was shortened." in page
    assert "Unknown time zone “Mars/Olympus”: Europe/Brussels was used." in page


def test_the_command_reports_the_same_warnings_and_the_sessions_address(tmp_path, settings):
    path = tmp_path / "long.txt"
    path.write_bytes(headed(topic=LONG_TOPIC, zone="Mars/Olympus"))
    out = StringIO()
    call_command("import_minutes", str(path), "--json", stdout=out)
    report = json.loads(out.getvalue())
    session = Session.objects.get()
    assert report["url"] == settings.SITE_URL + session.get_absolute_url()
    assert len(report["warnings"]) == 2
    path.write_bytes(headed(topic="Another day", zone="Mars/Olympus"))
    out = StringIO()
    call_command("import_minutes", str(path), stdout=out)
    text = out.getvalue()
    assert settings.SITE_URL + Session.objects.get(topic="Another day").get_absolute_url() in text
    assert "warning: Unknown time zone “Mars/Olympus”: Europe/Brussels was used." in text


def test_coordinators_find_both_importers_in_the_menu(client, coordinator, participant):
    client.force_login(coordinator)
    page = client.get("/").content.decode()
    assert f'href="{reverse("community:import")}"' in page and f'href="{reverse("minutes:import")}"' in page
    client.force_login(participant)
    assert f'href="{reverse("minutes:import")}"' not in client.get("/").content.decode()
