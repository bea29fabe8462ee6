"""Draft → edit → amendment window → accept/reject → publish, every version kept and hashed."""

import datetime as dt
import hashlib

import pytest
from django.utils import timezone

from alliance.minutes import actions
from alliance.minutes.models import Amendment, MinutesVersion
from tests.minutes.helpers import attendee_user, ended_session

pytestmark = pytest.mark.django_db


def bullet(minutes, start):
    return next(line for _s, line in actions.amendable(minutes.body) if line.startswith(start))


def test_ending_a_session_drafts_its_minutes_in_the_seeds_structure(moderator):
    from alliance.meetings import actions as meetings_actions
    from tests.factories import SessionFactory

    session = SessionFactory(status="live", description="Why the clusters meet today.")
    session.moderators.add(moderator)
    meetings_actions.end_session(by=moderator, session=session)
    minutes = session.minutes
    assert minutes.status == "draft" and minutes.versions.count() == 1
    assert f"Topic of the day: **{session.topic}**" in minutes.body
    assert "## Conceptual framework\n\nWhy the clusters meet today." in minutes.body
    for empty in ("## Identification of disruptions and needs", "## Solutions", "## References"):
        assert empty not in minutes.body


def test_the_draft_merges_the_two_fee_bullets_and_cites_both_organisations(moderator):
    minutes = actions.draft_minutes(by=moderator, session=ended_session(moderator))
    fees = bullet(minutes, "- Members")
    assert "Basque Aerospace Cluster, Cluster Lombardia" in fees
    assert minutes.body.index("- Members") < minutes.body.index("- Need FFP2")  # two organisations before one
    assert "- [Cluster report](https://clusters.example/report)" in minutes.body


def test_an_attendee_amends_a_bullet_and_the_accepted_wording_replaces_it(moderator):
    attendee = attendee_user()
    minutes = actions.draft_minutes(by=moderator, session=ended_session(moderator, attendee=attendee))
    actions.open_amendments(by=moderator, minutes=minutes)
    original = bullet(minutes, "- Need FFP2")
    amendment = actions.propose_amendment(by=attendee, minutes=minutes, original=original,
                                          proposed="- Need FFP2 masks for 350 workers in Lombardy")
    actions.decide_amendment(by=moderator, amendment=amendment, accept=True)
    minutes.refresh_from_db()
    assert "- Need FFP2 masks for 350 workers in Lombardy" in minutes.body and original not in minutes.body
    assert [v.reason for v in minutes.versions.order_by("number")] == ["drafted", "amended"]


def test_a_rejected_amendment_changes_nothing(moderator):
    attendee = attendee_user()
    minutes = actions.draft_minutes(by=moderator, session=ended_session(moderator, attendee=attendee))
    actions.open_amendments(by=moderator, minutes=minutes)
    body = minutes.body
    amendment = actions.propose_amendment(by=attendee, minutes=minutes, original=bullet(minutes, "- An online"),
                                          proposed="- Something else entirely")
    actions.decide_amendment(by=moderator, amendment=amendment, accept=False)
    minutes.refresh_from_db()
    assert minutes.body == body and Amendment.objects.get().status == "rejected"
    with pytest.raises(actions.MinutesError, match="decided"):
        actions.decide_amendment(by=moderator, amendment=amendment, accept=True)


def test_an_amendment_after_the_window_closes_is_refused(moderator):
    attendee = attendee_user()
    minutes = actions.draft_minutes(by=moderator, session=ended_session(moderator, attendee=attendee))
    actions.open_amendments(by=moderator, minutes=minutes, days=3)
    later = timezone.now() + dt.timedelta(days=3, seconds=1)
    with pytest.raises(actions.MinutesError, match="window_closed"):
        actions.propose_amendment(by=attendee, minutes=minutes, original=bullet(minutes, "- An online"),
                                  proposed="- Better", now=later)
    assert not Amendment.objects.exists()


def test_an_amendment_to_a_bullet_that_is_not_there_is_refused(moderator):
    attendee = attendee_user()
    minutes = actions.draft_minutes(by=moderator, session=ended_session(moderator, attendee=attendee))
    actions.open_amendments(by=moderator, minutes=minutes)
    with pytest.raises(actions.MinutesError, match="no_such_bullet"):
        actions.propose_amendment(by=attendee, minutes=minutes, original="- invented", proposed="- x")


def test_publication_waits_for_every_amendment_and_freezes_a_hashed_version(moderator, outbox):
    attendee = attendee_user()
    session = ended_session(moderator, attendee=attendee)
    minutes = actions.draft_minutes(by=moderator, session=session)
    actions.save_minutes(by=moderator, minutes=minutes, body=minutes.body + "\nEdited by hand.\n")
    actions.open_amendments(by=moderator, minutes=minutes)
    amendment = actions.propose_amendment(by=attendee, minutes=minutes, original=bullet(minutes, "- An online"),
                                          proposed="- An online event platform, free for members")
    with pytest.raises(actions.MinutesError, match="pending_amendments"):
        actions.publish_minutes(by=moderator, minutes=minutes)
    actions.decide_amendment(by=moderator, amendment=amendment, accept=True)
    version = actions.publish_minutes(by=moderator, minutes=minutes)
    assert version.published and version.content_hash == hashlib.sha256(version.body.encode()).hexdigest()
    session.refresh_from_db()
    assert session.status == "minutes_published"
    assert [v.reason for v in MinutesVersion.objects.order_by("number")] == [
        "drafted", "edited", "amended", "published"]
    # Editing afterwards starts a new draft; the published version stays as it was.
    actions.save_minutes(by=moderator, minutes=minutes, body="# changed\n")
    minutes.refresh_from_db()
    assert minutes.status == "draft" and minutes.published == version
    assert MinutesVersion.objects.get(pk=version.pk).body == version.body
