"""Statements as the overview stores them, for tests of its pages (the sources' own
tests go through meetings.actions)."""

from __future__ import annotations

import datetime as dt

import factory

from alliance.overview.models import Statement


class StatementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Statement
        skip_postgeneration_save = True

    source = "contribution"
    source_id = factory.Sequence(lambda n: n + 1)
    kind = "need"
    text = factory.Sequence(lambda n: f"We need protective equipment for {n + 10} workers")
    language = "en"
    said_at = factory.LazyFunction(lambda: dt.datetime(2020, 5, 21, 8, 45, tzinfo=dt.UTC))
    visibility = "public"

    @factory.post_generation
    def ecosystems(self, create: bool, extracted: list[str] | None, **kwargs: object) -> None:
        if create and extracted:
            self.ecosystems.set(extracted)
