"""Publishing e-mails the summary to the whole list, so the desk asks first and says how
many people will be mailed; only a POST carrying the confirmation publishes."""

import pytest
from django.urls import reverse
from django.utils import timezone

from alliance.community.models import Subscription
from alliance.minutes import actions
from alliance.minutes.models import Minutes
from tests.factories import PersonFactory, RegistrationFactory
from tests.minutes.helpers import ended_session

pytestmark = pytest.mark.django_db


def drafted(client, moderator):
    session = ended_session(moderator)
    now = timezone.now()
    for email in ("a@example.org", "b@example.org"):
        Subscription.objects.create(email=email, status="confirmed", consent_text="y", requested_at=now,
                                    confirmed_at=now)
    RegistrationFactory(session=session, person=PersonFactory(email="c@example.org"))
    actions.draft_minutes(by=moderator, session=session)
    client.force_login(moderator)
    return session


def test_the_desk_links_to_a_confirmation_that_says_how_many_people_will_be_mailed(client, moderator, outbox):
    session = drafted(client, moderator)
    confirm = reverse("minutes:publish", args=[session.pk])
    desk = client.get(reverse("minutes:edit", args=[session.pk])).content.decode()
    assert f'href="{confirm}"' in desk and 'value="publish"' not in desk
    page = client.get(confirm)
    assert page.status_code == 200 and "3 people" in page.content.decode()
    assert Minutes.objects.get().published is None and not outbox


def test_a_post_without_the_confirmation_only_asks_again(client, moderator, outbox):
    session = drafted(client, moderator)
    response = client.post(reverse("minutes:publish", args=[session.pk]))
    assert response.status_code == 200 and "Yes, publish and send" in response.content.decode()
    old_style = client.post(reverse("minutes:edit", args=[session.pk]), {"action": "publish"})
    assert old_style.status_code == 302 and old_style["Location"] == reverse("minutes:publish", args=[session.pk])
    assert Minutes.objects.get().published is None and not outbox


def test_the_confirmed_post_publishes_and_mails_everyone(client, moderator, outbox):
    session = drafted(client, moderator)
    response = client.post(reverse("minutes:publish", args=[session.pk]), {"confirm": "yes"})
    assert response.status_code == 302 and response["Location"] == reverse("minutes:public", args=[session.pk])
    assert Minutes.objects.get().published is not None
    assert sorted(m.to[0] for m in outbox) == ["a@example.org", "b@example.org", "c@example.org"]


def test_only_the_people_editing_the_minutes_may_publish(client, moderator, participant, outbox):
    session = drafted(client, moderator)
    client.force_login(participant)
    assert client.get(reverse("minutes:publish", args=[session.pk])).status_code == 403
    assert client.post(reverse("minutes:publish", args=[session.pk]), {"confirm": "yes"}).status_code == 403
    assert Minutes.objects.get().published is None and not outbox
