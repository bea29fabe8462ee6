"""The matcher (exchange.matching, a pure core) fed from the database: open posts with
the vectors stored for their statements, the registry's organisations with their
descriptions' vectors, and the solutions said in sessions. The index is built once per
process and again only when what it holds changed (a cheap fingerprint query per
request), never per request."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, cast

import numpy as np
from django.db.models import Count, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from alliance.community.models import Organisation, ReviewStatus, Visibility
from alliance.exchange import matching, queries
from alliance.exchange.models import Interest, Post, PostKind, ProfileEmbedding, ResourceCategory
from alliance.lib import embedding, kinds
from alliance.overview.models import Embedding, Statement, StatementSource, StatementVisibility

LIMIT = 10
_lock = threading.Lock()
_cache: dict[str, Any] = {}


@dataclass
class Shown:
    """One match as a page shows it."""

    kind: str  # "post", "organisation" or "solution"
    score: float
    reasons: list[str]
    post: Post | None = None
    organisation: Organisation | None = None
    statement: Statement | None = None
    contacted: bool = False


def _vectors(statement_ids: Sequence[int]) -> dict[int, np.ndarray]:
    rows = Embedding.objects.filter(statement_id__in=list(statement_ids), encoder=embedding.ENCODER).values_list(
        "statement_id", "vector")
    return {pk: embedding.from_bytes(data) for pk, data in rows}


def _post_candidate(post: Post, statement_id: int | None, vectors: dict[int, np.ndarray]) -> matching.Candidate:
    kind = {PostKind.NEED: matching.NEED, PostKind.OFFER: matching.OFFER,
            PostKind.PARTNER_SEARCH: matching.PARTNER_SEARCH}[PostKind(post.kind)]
    return matching.Candidate(
        id=("post", post.pk), kind=kind, text=f"{post.title}. {post.text}", language=post.language,
        vector=vectors.get(statement_id) if statement_id else None,
        categories=tuple(c.category for c in post.category_rows.all()),
        quantity=float(post.quantity) if post.quantity else None, unit=post.unit,
        region=post.region_id or post.organisation.region_id or "", reach=post.reach,
        posted_on=timezone.localdate(post.created_at), expires_on=post.expires_on)


def _organisations_embedded(organisations: Sequence[Organisation]) -> dict[int, np.ndarray]:
    stored = {e.organisation_id: e for e in ProfileEmbedding.objects.filter(encoder=embedding.ENCODER)}
    todo = [o for o in organisations if o.description.strip()
            and (o.pk not in stored or stored[o.pk].text_hash != embedding.text_hash(o.description))]
    if todo:
        vectors = embedding.encode([o.description for o in todo])
        ProfileEmbedding.objects.filter(organisation__in=todo).delete()
        ProfileEmbedding.objects.bulk_create([
            ProfileEmbedding(organisation=o, encoder=embedding.ENCODER, text_hash=embedding.text_hash(o.description),
                             vector=embedding.to_bytes(v)) for o, v in zip(todo, vectors, strict=True)])
        stored = {e.organisation_id: e for e in ProfileEmbedding.objects.filter(encoder=embedding.ENCODER)}
    return {pk: embedding.from_bytes(e.vector) for pk, e in stored.items()}


def _fingerprint() -> tuple[Any, ...]:
    posts = Post.objects.aggregate(n=Count("pk"), at=Max("updated_at"))
    statements = Statement.objects.filter(source=StatementSource.CONTRIBUTION, kind=kinds.SOLUTION).aggregate(
        n=Count("pk"), at=Max("updated_at"))
    organisations = Organisation.objects.aggregate(n=Count("pk"), at=Max("updated_at"))
    return (posts["n"], posts["at"], statements["n"], statements["at"], organisations["n"], organisations["at"],
            timezone.localdate())


def _build() -> dict[str, Any]:
    posts = list(queries.open_posts().select_related("organisation").prefetch_related("category_rows"))
    statement_of = dict(Statement.objects.filter(source=StatementSource.POST, source_id__in=[p.pk for p in posts])
                        .values_list("source_id", "pk"))
    solutions = list(Statement.objects.filter(source=StatementSource.CONTRIBUTION, kind=kinds.SOLUTION,
                                              visibility=StatementVisibility.PUBLIC))
    vectors = _vectors([*statement_of.values(), *(s.pk for s in solutions)])
    organisations = list(Organisation.objects.filter(review_status=ReviewStatus.APPROVED,
                                                     visibility=Visibility.PUBLIC))
    profile = _organisations_embedded(organisations)
    candidates = [_post_candidate(p, statement_of.get(p.pk), vectors) for p in posts]
    candidates += [matching.Candidate(id=("organisation", o.pk), kind=matching.ORGANISATION,
                                      text=f"{o.name}. {o.description}", vector=profile.get(o.pk),
                                      region=o.region_id or "") for o in organisations]
    candidates += [matching.Candidate(id=(matching.SOLUTION, s.pk), kind=matching.SOLUTION, text=s.text,
                                      language=s.language, vector=vectors.get(s.pk), region=s.region_id or "",
                                      posted_on=timezone.localdate(s.said_at)) for s in solutions]
    return {"index": matching.Index(candidates), "posts": {p.pk: p for p in posts},
            "organisations": {o.pk: o for o in organisations}, "solutions": {s.pk: s for s in solutions}}


def index() -> dict[str, Any]:
    fingerprint = _fingerprint()
    with _lock:
        if _cache.get("fingerprint") != fingerprint:
            _cache.update(_build(), fingerprint=fingerprint)
        return dict(_cache)


REASON_TEXT = {
    "same_region": lambda a: _("same region (%(code)s)") % {"code": a[0]},
    "neighbour_region": lambda a: _("neighbouring region (%(code)s)") % {"code": a[0]},
    "same_country": lambda a: _("same country (%(code)s)") % {"code": a[0]},
    "eu_wide": lambda a: _("offered EU-wide"),
    "distance_km": lambda a: _("%(km)s km") % {"km": a[0]},
    "covers": lambda a: _("offers %(offered)s of %(needed)s %(unit)s needed") % {
        "offered": a[0], "needed": a[1], "unit": a[2]},
    "partly_covers": lambda a: _("offers only %(offered)s of %(needed)s %(unit)s needed") % {
        "offered": a[0], "needed": a[1], "unit": a[2]},
    "meaning": lambda a: _("similar meaning"),
    "words": lambda a: _("similar words"),
    "expires_in_days": lambda a: _("expires in %(days)s days") % {"days": a[0]},
}


def reason_text(reason: tuple[Any, ...]) -> str:
    """A matcher's reason in the reader's language."""
    from alliance.overview.forms import language_choices

    tag, *args = reason
    if tag == "category":
        return _("same category: %(category)s") % {"category": ResourceCategory(args[0]).label}
    if tag == "language":
        names = dict(language_choices())
        return _("written in %(language)s, matched by meaning") % {"language": names.get(args[0], args[0])}
    text = REASON_TEXT.get(tag)
    return text(args) if text else " ".join(str(a) for a in reason)


def query_for(post: Post) -> matching.Candidate:
    statement = Statement.objects.filter(source=StatementSource.POST, source_id=post.pk).first()
    vectors = _vectors([statement.pk]) if statement else {}
    if statement is None or statement.pk not in vectors:
        # Not embedded yet (the task has not run): embed the query now, once.
        vector = embedding.encode([f"{post.title}. {post.text}"])[0]
        candidate = _post_candidate(post, None, {})
        return matching.Candidate(**{**candidate.__dict__, "vector": vector})
    return _post_candidate(post, statement.pk, vectors)


def matches_for(post: Post, *, viewer: Any = None, limit: int = LIMIT) -> list[Shown]:
    built = index()
    found = matching.rank(query_for(post), built["index"].candidates, index=built["index"],
                          today=timezone.localdate(), limit=limit + 5)
    own = queries.organisation_ids_of(viewer) if viewer is not None else set()
    contacted = queries.contacted_pairs({post.organisation_id})
    shown: list[Shown] = []
    seen_texts: set[str] = set()
    for match in found:
        kind, pk = cast(tuple[str, int], match.candidate.id)
        item = Shown(kind=kind, score=round(match.score * 100), reasons=[reason_text(r) for r in match.reasons])
        if kind == "post":
            item.post = built["posts"].get(pk)
            item.organisation = item.post.organisation if item.post else None
        elif kind == "organisation":
            item.organisation = built["organisations"].get(pk)
        else:
            item.statement = built["solutions"].get(pk)
            # The same solution said in two sessions is one counterpart.
            text = item.statement.text.casefold() if item.statement else ""
            if text in seen_texts:
                continue
            seen_texts.add(text)
        if item.organisation is not None and item.organisation.pk in (own | {post.organisation_id}):
            continue  # one's own organisation is no counterpart
        item.contacted = item.organisation is not None and (post.organisation_id, item.organisation.pk) in contacted
        shown.append(item)
    return shown[:limit]


def ranked_interests(post: Post) -> list[tuple[Interest, int]]:
    """A partner search's expressions of interest, the best fit first (the matcher's
    score of each organisation for the search), with the fit in percent."""
    interests = list(post.interests.select_related("organisation"))
    if not interests:
        return []
    profile = _organisations_embedded([i.organisation for i in interests])
    candidates = [matching.Candidate(id=i.pk, kind=matching.ORGANISATION,
                                     text=f"{i.organisation.name}. {i.organisation.description}. {i.note}",
                                     vector=profile.get(i.organisation_id), region=i.organisation.region_id or "")
                  for i in interests]
    ranked = matching.rank(query_for(post), candidates, today=timezone.localdate(), limit=len(candidates))
    score = {m.candidate.id: round(m.score * 100) for m in ranked}
    return sorted(((i, score.get(i.pk, 0)) for i in interests), key=lambda pair: (-pair[1], pair[0].pk))


def new_posts_for(user: Any, *, since: Any, limit: int = 8) -> list[Post]:
    """New open posts (since ``since``) of other organisations that best match the
    organisations ``user`` acts for — for the weekly digest."""
    own = queries.organisation_ids_of(user)
    organisations = list(Organisation.objects.filter(pk__in=own))
    if not organisations:
        return []
    fresh = list(queries.open_posts().filter(created_at__gte=since).exclude(organisation_id__in=own)
                 .select_related("organisation").prefetch_related("category_rows"))
    if not fresh:
        return []
    statement_of = dict(Statement.objects.filter(source=StatementSource.POST, source_id__in=[p.pk for p in fresh])
                        .values_list("source_id", "pk"))
    vectors = _vectors(list(statement_of.values()))
    candidates = [_post_candidate(p, statement_of.get(p.pk), vectors) for p in fresh]
    profile = _organisations_embedded(organisations)
    best: dict[int, float] = {}
    for organisation in organisations:
        query = matching.Candidate(id=("organisation", organisation.pk), kind=matching.ORGANISATION,
                                   text=f"{organisation.name}. {organisation.description}",
                                   vector=profile.get(organisation.pk), region=organisation.region_id or "")
        for match in matching.rank(query, candidates, today=timezone.localdate(), limit=limit):
            _kind, pk = cast(tuple[str, int], match.candidate.id)
            best[pk] = max(best.get(pk, 0.0), match.score)
    by_pk = {p.pk: p for p in fresh}
    return [by_pk[pk] for pk, _score in sorted(best.items(), key=lambda kv: -kv[1])[:limit]]
