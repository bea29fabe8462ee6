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
    # Far above the ids of real contributions a test may also have (their statements share the source).
    source_id = factory.Sequence(lambda n: n + 1_000_000)
    kind = "need"
    text = factory.Sequence(lambda n: f"We need protective equipment for {n + 10} workers")
    language = "en"
    said_at = factory.LazyFunction(lambda: dt.datetime(2020, 5, 21, 8, 45, tzinfo=dt.UTC))
    visibility = "public"

    @factory.post_generation
    def ecosystems(self, create: bool, extracted: list[str] | None, **kwargs: object) -> None:
        if create and extracted:
            self.ecosystems.set(extracted)


def embed(statement: Statement, vector) -> None:
    """Store a vector for a statement as the embedding task would (for tests that need
    to know which statements belong together, instead of asking the real encoder)."""
    import numpy as np

    from alliance.lib import embedding
    from alliance.overview.models import Embedding

    Embedding.objects.update_or_create(statement=statement, defaults={
        "encoder": embedding.ENCODER, "text_hash": embedding.text_hash(statement.text),
        "vector": embedding.to_bytes(np.asarray(vector, dtype=np.float32))})


GROUP_TEXTS = {
    0: ["Masks and gowns are missing in our hospitals", "Wir brauchen Schutzmasken für das Pflegepersonal",
        "Il manque des masques FFP2 dans les cliniques"],
    1: ["Members cannot pay their cluster fees", "Les membres ne paient plus leurs cotisations",
        "Le aziende non riescono a pagare le quote"],
    2: ["Trade fairs were cancelled until autumn", "Die Messen wurden bis zum Herbst abgesagt",
        "Las ferias se cancelaron hasta el otoño"],
}


def grouped_statements(per_group: int = 10, groups: int = 3, seed: int = 0, **fields) -> dict[int, list[Statement]]:
    """``groups`` clearly separate groups of statements (their vectors near one of
    ``groups`` orthogonal directions), each group's texts about one thing in several
    languages. Returns group → statements."""
    import numpy as np

    rng = np.random.default_rng(seed)
    found: dict[int, list[Statement]] = {}
    for g in range(groups):
        centre = np.zeros(512)
        centre[g] = 1.0
        found[g] = []
        for i in range(per_group):
            texts = GROUP_TEXTS[g % len(GROUP_TEXTS)]
            statement = StatementFactory(text=f"{texts[i % len(texts)]} ({i})",
                                         language=["en", "de", "fr"][i % 3], **fields)
            embed(statement, centre + rng.normal(scale=0.08, size=512))
            found[g].append(statement)
    return found
