"""The moderator's desk, the attendee's amendment page, the public page and its downloads, over HTTP."""

import io

import pypdf
import pytest
from django.urls import reverse

from alliance.minutes.models import Amendment, Minutes
from tests.minutes.helpers import attendee_user, ended_session

pytestmark = pytest.mark.django_db


def test_a_moderator_drafts_edits_opens_amendments_decides_and_publishes(client, moderator, outbox):
    attendee = attendee_user()
    session = ended_session(moderator, attendee=attendee)
    edit = reverse("minutes:edit", args=[session.pk])
    client.force_login(moderator)
    assert b"Draft the minutes" in client.get(edit).content
    client.post(edit, {"action": "draft"})
    minutes = Minutes.objects.get(session=session)
    body = minutes.body.replace("An online event platform", "An **online** event platform")
    assert client.post(edit, {"action": "save", "body": body}).status_code == 302
    assert client.post(edit, {"action": "open", "days": "5"}).status_code == 302

    client.force_login(attendee)
    amend = reverse("minutes:amend", args=[session.pk])
    line = next(line for line in Minutes.objects.get().body.splitlines() if "online" in line)
    assert line.encode() in client.get(amend).content or b"online" in client.get(amend).content
    client.post(amend, {"original": line, "proposed": line.replace("platform", "platform, free"), "reason": "x"})
    amendment = Amendment.objects.get()

    client.force_login(moderator)
    assert b"Proposed amendments" in client.get(edit).content
    client.post(reverse("minutes:decide", args=[session.pk, amendment.pk]), {"decision": "accept"})
    response = client.post(reverse("minutes:publish", args=[session.pk]), {"confirm": "yes"})
    assert response.status_code == 302 and response["Location"] == reverse("minutes:public", args=[session.pk])

    client.logout()
    page = client.get(reverse("minutes:public", args=[session.pk])).content.decode()
    assert "An <strong>online</strong> event platform, free" in page
    md = client.get(reverse("minutes:download", args=[session.pk, "md"]))
    assert md["Content-Type"].startswith("text/markdown") and b"## Solutions" in md.content
    pdf = client.get(reverse("minutes:download", args=[session.pk, "pdf"]))
    text = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Identification of disruptions and needs" in text and "free" in text
    assert client.get(reverse("minutes:download", args=[session.pk, "exe"])).status_code == 404
    session_page = client.get(session.get_absolute_url()).content.decode()
    assert reverse("minutes:public", args=[session.pk]) in session_page
    agenda = client.get(reverse("meetings:agenda") + "?when=past").content.decode()
    assert reverse("minutes:public", args=[session.pk]) in agenda


def test_the_preview_renders_markdown_and_keeps_no_script(client, moderator):
    session = ended_session(moderator)
    client.force_login(moderator)
    response = client.post(reverse("minutes:preview", args=[session.pk]),
                           {"body": "- **bold** <script>alert(1)</script> [x](javascript:alert(1))"})
    html = response.content.decode()
    assert "<strong>bold</strong>" in html and "<script>" not in html and "javascript:" not in html.split("[x]")[0]
    assert 'href="javascript' not in html


def test_versions_show_what_changed(client, moderator):
    session = ended_session(moderator)
    client.force_login(moderator)
    edit = reverse("minutes:edit", args=[session.pk])
    client.post(edit, {"action": "draft"})
    body = Minutes.objects.get().body
    client.post(edit, {"action": "save", "body": body.replace("FFP2 masks", "FFP3 masks")})
    page = client.get(reverse("minutes:version", args=[session.pk, 2])).content.decode()
    assert "<del>" in page and "FFP2 masks" in page and "<ins>" in page and "FFP3 masks" in page
    listing = client.get(reverse("minutes:versions", args=[session.pk])).content.decode()
    assert "Drafted from the contributions" in listing and "Edited" in listing


@pytest.mark.parametrize("post", [
    {"action": "save", "body": "x" * 100_001},
    {"action": "open", "days": "0"},
    {"action": "open", "days": "many"},
    {"action": "unknown"},
])
def test_bad_input_on_the_desk_changes_nothing(client, moderator, post):
    session = ended_session(moderator)
    client.force_login(moderator)
    edit = reverse("minutes:edit", args=[session.pk])
    client.post(edit, {"action": "draft"})
    before = Minutes.objects.values_list("body", "status").get()
    response = client.post(edit, post)
    assert response.status_code in (302, 400)
    assert Minutes.objects.values_list("body", "status").get() == before


def test_an_amendment_when_the_window_is_closed_or_tampered_is_refused(client, moderator):
    attendee = attendee_user()
    session = ended_session(moderator, attendee=attendee)
    client.force_login(moderator)
    client.post(reverse("minutes:edit", args=[session.pk]), {"action": "draft"})
    client.force_login(attendee)
    amend = reverse("minutes:amend", args=[session.pk])
    assert client.post(amend, {"original": "x", "proposed": "y"}).status_code == 404  # no window: no draft to see
    client.force_login(moderator)
    client.post(reverse("minutes:edit", args=[session.pk]), {"action": "open", "days": "3"})
    client.force_login(attendee)
    response = client.post(amend, {"original": "- not a bullet of the draft", "proposed": "y"}, follow=True)
    assert "no longer in the draft" in response.content.decode()
    assert client.post(amend, {"original": "", "proposed": ""}).status_code == 400
    assert not Amendment.objects.exists()


def test_minutes_of_a_members_only_session_are_not_public(client, moderator):
    session = ended_session(moderator)
    session.visibility = "members"
    session.save()
    client.force_login(moderator)
    client.post(reverse("minutes:edit", args=[session.pk]), {"action": "draft"})
    client.post(reverse("minutes:publish", args=[session.pk]), {"confirm": "yes"})
    client.logout()
    assert client.get(reverse("minutes:public", args=[session.pk])).status_code == 404
    assert client.get(reverse("minutes:download", args=[session.pk, "pdf"])).status_code == 404
