"""Factories and personas shared by every test."""

from __future__ import annotations

import datetime as dt

import factory

from alliance.accounts.models import Role, User
from alliance.community.models import (
    Cluster,
    Membership,
    Organisation,
    OrganisationType,
    Person,
    Region,
    Visibility,
)

PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    name = factory.Faker("name")
    role = Role.PARTICIPANT
    is_active = True

    @factory.post_generation
    def password(self, create: bool, extracted: str | None, **kwargs: object) -> None:
        self.set_password(extracted or PASSWORD)
        if create:
            self.save()


def region(code: str) -> Region:
    return Region.objects.get(code=code)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Organisation {n}")
    type = OrganisationType.COMPANY
    size = "small"
    country = factory.LazyFunction(lambda: region("DE"))
    region = factory.LazyAttribute(lambda o: o.country)
    description = "Makes things."
    visibility = Visibility.PUBLIC

    @factory.post_generation
    def ecosystems(self, create: bool, extracted: list[str] | None, **kwargs: object) -> None:
        if create and extracted:
            self.ecosystems.set(extracted)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Faker("name")
    email = factory.Sequence(lambda n: f"person{n}@example.org")
    affiliation = factory.SubFactory(OrganisationFactory)


class ClusterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cluster

    name = factory.Sequence(lambda n: f"Cluster {n}")
    organisation = factory.SubFactory(OrganisationFactory, type=OrganisationType.CLUSTER_ORGANISATION, size="")
    region = factory.LazyAttribute(lambda c: c.organisation.region)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    cluster = factory.SubFactory(ClusterFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    since = dt.date(2015, 1, 1)


def session_start(days: float = 7) -> dt.datetime:
    """A start time ``days`` from now, rounded to the minute."""
    from django.utils import timezone

    return (timezone.now() + dt.timedelta(days=days)).replace(second=0, microsecond=0)


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "meetings.Session"
        skip_postgeneration_save = True

    topic = factory.Sequence(lambda n: f"Topic {n}")
    starts_at = factory.LazyFunction(session_start)
    video_link = "https://meet.example/alliance"
    status = "scheduled"


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "meetings.Registration"

    session = factory.SubFactory(SessionFactory)
    person = factory.SubFactory(PersonFactory)
    organisation = factory.LazyAttribute(lambda r: r.person.affiliation)
    status = "confirmed"
