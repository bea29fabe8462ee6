"""The coordinators' upload page: a batch reports per file, a bad file creates nothing, doubtful
sentences of a prose summary wait on a review screen."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from alliance.meetings.models import Contribution, Session
from alliance.minutes.models import PendingImport

pytestmark = pytest.mark.django_db

GOOD = (b"Alliance\n\n4 June 2020 at 8.30\n\nTopic of the day: **Retail reopening**\n\n"
        b"SOLUTIONS\n\n- Click and collect\n")
PROSE = b"""Alliance, 5 June 2020 at 8.30

Topic of the day: Skills

Others mentioned their own experience. Companies urgently need trainers for online courses.
"""


def upload(client, *files):
    return client.post(reverse("minutes:import"), {"summaries": [SimpleUploadedFile(n, d) for n, d in files]})


def test_a_batch_creates_the_good_files_and_reports_the_bad_one(client, coordinator):
    client.force_login(coordinator)
    response = upload(client, ("good.txt", GOOD), ("bad.txt", b"no date here\n\n- a bullet\n"),
                      ("binary.md", b"\x00\x00"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Session created" in page and page.count("Nothing created") == 2
    assert "no date found" in page and "binary" in page
    session = Session.objects.get()
    assert session.topic == "Retail reopening"
    assert list(Contribution.objects.values_list("kind", "text")) == [("solution", "Click and collect")]


def test_doubtful_sentences_wait_for_a_person_and_nothing_is_saved_before(client, coordinator):
    client.force_login(coordinator)
    page = upload(client, ("prose.txt", PROSE)).content.decode()
    assert "Confirm doubtful sentences" in page
    assert not Session.objects.exists() and not Contribution.objects.exists()
    pending = PendingImport.objects.get()
    review = reverse("minutes:review", args=[pending.pk])
    form = client.get(review).content.decode()
    assert "Others mentioned their own experience." in form
    fields = {f"s{i}": "other" for i, item in enumerate(pending.parsed["items"]) if item["flagged"]}
    assert fields
    assert client.post(review, {"action": "save", **dict.fromkeys(fields, "rubbish")}).status_code == 400
    assert not Session.objects.exists()
    response = client.post(review, {"action": "save", **fields})
    assert response.status_code == 302
    assert Session.objects.get().topic == "Skills"
    assert not PendingImport.objects.exists()
    assert "their own experience" not in " ".join(Contribution.objects.values_list("text", flat=True))


def test_a_review_can_be_discarded(client, coordinator):
    client.force_login(coordinator)
    upload(client, ("prose.txt", PROSE))
    pending = PendingImport.objects.get()
    client.post(reverse("minutes:review", args=[pending.pk]), {"action": "discard"})
    assert not PendingImport.objects.exists() and not Session.objects.exists()


def test_no_file_or_an_oversized_file_is_a_form_error(client, coordinator, settings):
    client.force_login(coordinator)
    assert client.post(reverse("minutes:import"), {}).status_code == 400
    settings.MAX_UPLOAD_BYTES = 1024
    response = upload(client, ("big.md", b"a" * 2048))
    assert response.status_code == 400 and "the limit is 1024 bytes" in response.content.decode()
    assert not Session.objects.exists()


def test_someone_elses_review_is_not_there(client, coordinator):
    from alliance.accounts.models import Role
    from tests.factories import UserFactory

    client.force_login(coordinator)
    upload(client, ("prose.txt", PROSE))
    other = UserFactory(role=Role.COORDINATOR)
    client.force_login(other)
    assert client.get(reverse("minutes:review", args=[PendingImport.objects.get().pk])).status_code == 404
