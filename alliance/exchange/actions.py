"""Writes of the exchange. Every post is also a statement of the overview: after the
post's transaction commits, ``_publish`` writes its statement through
overview.actions (which embeds it), so the matcher finds its vector stored."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from alliance.accounts.models import User
from alliance.community.actions import log_activity
from alliance.community.models import ActivityVerb, Ecosystem, Organisation
from alliance.exchange.models import (
    DEFAULT_LIFETIME,
    DigestSubscription,
    Interest,
    Introduction,
    IntroductionStatus,
    Outcome,
    Post,
    PostCategory,
    PostKind,
    PostReport,
    PostStatus,
    ResourceCategory,
)
from alliance.lib import kinds, ratelimit
from alliance.lib.mail import send_templated_mail_on_commit
from alliance.meetings.models import Contribution
from alliance.overview import actions as overview_actions
from alliance.overview.language import detect
from alliance.overview.models import StatementResolution, StatementSource, StatementVisibility
from alliance.overview.sources import StatementRow

REPORTS_PER_HOUR = 10
OUTCOME_SALT = "alliance.exchange.outcome"
OUTCOME_MAX_AGE = 60 * 60 * 24 * 60
FOLLOW_UP_AFTER = dt.timedelta(days=14)
REMIND_BEFORE = dt.timedelta(days=7)


class ExchangeError(ValueError):
    """Something the exchange refuses; the message is for the person who asked."""


# --- Statements ---------------------------------------------------------------------------

# A need post says a need; an offer is a solution; a partner search asks for partners.
_STATEMENT_KIND = {PostKind.NEED: kinds.NEED, PostKind.OFFER: kinds.SOLUTION, PostKind.PARTNER_SEARCH: kinds.NEED}


_RESOLUTION = {PostStatus.FULFILLED: StatementResolution.MET,
               PostStatus.PARTLY_FULFILLED: StatementResolution.PARTLY_MET,
               PostStatus.WITHDRAWN: StatementResolution.WITHDRAWN}


def statement_row(post: Post) -> StatementRow | None:
    """What the overview stores of a post: a hidden post is no statement."""
    if post.hidden_at is not None:
        return None
    organisation = post.organisation
    region = post.region_id or organisation.region_id
    return StatementRow(
        source=StatementSource.POST, source_id=post.pk, kind=_STATEMENT_KIND[PostKind(post.kind)],
        text=f"{post.title}. {post.text}".strip(), language=post.language,
        said_at=post.created_at, visibility=StatementVisibility.PUBLIC,
        ecosystems=[e.slug for e in post.ecosystems.all()] or [e.slug for e in organisation.ecosystems.all()],
        organisation_id=organisation.pk, organisation_type=organisation.type,
        country_id=(region or "")[:2] or None, region_id=region, link=post.get_absolute_url(),
        resolution=_RESOLUTION.get(PostStatus(post.status), ""),
        resolved_at=post.resolved_at if post.status in _RESOLUTION else None)


def sync_posts(ids: Iterable[int]) -> None:
    """The posts' statements, written and embedded (idempotent)."""
    ids = list(ids)
    found = {p.pk: p for p in Post.objects.filter(pk__in=ids).select_related("organisation")
             .prefetch_related("ecosystems", "organisation__ecosystems")}
    overview_actions.sync_statements(StatementSource.POST,
                                     [(pk, statement_row(found[pk]) if pk in found else None) for pk in ids])
    overview_actions.embed_statements(overview_actions.statement_ids(StatementSource.POST, ids))


def _publish(post: Post) -> None:
    transaction.on_commit(lambda: sync_posts([post.pk]))


# --- Posts --------------------------------------------------------------------------------

def _set_categories(post: Post, categories: Sequence[str]) -> None:
    unknown = [c for c in categories if c not in ResourceCategory.values]
    if unknown:
        raise ExchangeError(_("Unknown category: %(names)s.") % {"names": ", ".join(unknown)})
    PostCategory.objects.filter(post=post).exclude(category__in=categories).delete()
    have = set(PostCategory.objects.filter(post=post).values_list("category", flat=True))
    PostCategory.objects.bulk_create([PostCategory(post=post, category=c) for c in dict.fromkeys(categories)
                                      if c not in have])


def _check(fields: dict[str, Any]) -> None:
    quantity = fields.get("quantity")
    if quantity is not None and (not isinstance(quantity, Decimal | int | float) or quantity <= 0):
        raise ExchangeError(_("A quantity must be a positive number."))
    expires = fields.get("expires_on")
    if expires is not None and expires < timezone.localdate():
        raise ExchangeError(_("The expiry date is in the past."))


@transaction.atomic
def create_post(*, by: User, organisation: Organisation, fields: dict[str, Any], categories: Sequence[str] = (),
                ecosystems: Sequence[str] = (), contribution: Contribution | None = None) -> Post:
    """A post on behalf of ``organisation`` (the caller checked that ``by`` may)."""
    _check(fields)
    post = Post(organisation=organisation, author=by, contribution=contribution, **fields)
    if post.kind == PostKind.PARTNER_SEARCH and post.deadline is not None and post.deadline < post.expires_on:
        post.expires_on = post.deadline  # the deadline closes a partner search
    if not fields.get("language") or fields.get("language") == "unknown":
        post.language = detect(f"{post.title}. {post.text}")
    post.full_clean(exclude=["author", "organisation"])
    post.save()
    _set_categories(post, categories)
    post.ecosystems.set(Ecosystem.objects.filter(slug__in=list(ecosystems)))
    log_activity(by, ActivityVerb.POST_CREATED, post.title, post=post.pk, kind=post.kind)
    _publish(post)
    return post


@transaction.atomic
def edit_post(*, by: User, post: Post, fields: dict[str, Any], categories: Sequence[str] | None = None,
              ecosystems: Sequence[str] | None = None) -> Post:
    _check(fields)
    post = Post.objects.select_for_update().get(pk=post.pk)
    for name, value in fields.items():
        setattr(post, name, value)
    post.full_clean(exclude=["author", "organisation"])
    post.save()
    if categories is not None:
        _set_categories(post, categories)
    if ecosystems is not None:
        post.ecosystems.set(Ecosystem.objects.filter(slug__in=list(ecosystems)))
    log_activity(by, ActivityVerb.POST_EDITED, post.title, post=post.pk)
    _publish(post)
    return post


def post_from_contribution(*, by: User, contribution: Contribution) -> Post:
    """A need said in a session becomes a standing post of its author, in one click,
    linked to the session. Refused for anything but the author's own need, and twice."""
    if contribution.kind != kinds.NEED:
        raise ExchangeError(_("Only a need can become a post."))
    if Post.objects.filter(contribution=contribution).exists():
        raise ExchangeError(_("This need is already a post."))
    if contribution.organisation is None:
        raise ExchangeError(_("The need names no organisation to post for."))
    words = contribution.text.replace("**", "").split()
    title = " ".join(words[:12]) + (" …" if len(words) > 12 else "")
    return create_post(by=by, organisation=contribution.organisation, contribution=contribution,
                       fields={"kind": PostKind.NEED, "title": title[:160], "text": contribution.text.replace("**", ""),
                               "language": contribution.language or "unknown"},
                       ecosystems=[e.slug for e in contribution.session.ecosystems.all()])


def report_post(*, by: User, post: Post, reason: str, note: str = "") -> PostReport:
    """Anyone signed in may report a post, once, at most ``REPORTS_PER_HOUR`` an hour."""
    if PostReport.objects.filter(post=post, reporter=by).exists():
        raise ExchangeError(_("You have already reported this post."))
    if not ratelimit.hit("exchange-report", str(by.pk), limit=REPORTS_PER_HOUR, window=3600):
        raise ExchangeError(_("You have sent many reports in a short time; please try again later."))
    report = PostReport.objects.create(post=post, reporter=by, reason=reason, note=note[:300])
    log_activity(by, ActivityVerb.POST_REPORTED, post.title, post=post.pk, reason=reason)
    return report


@transaction.atomic
def hide_post(*, by: User, post: Post, reason: str) -> Post:
    reason = " ".join(reason.split())
    if not reason:
        raise ExchangeError(_("Say why the post is hidden."))
    post = Post.objects.select_for_update().get(pk=post.pk)
    post.hidden_at, post.hidden_reason = timezone.now(), reason[:300]
    post.save(update_fields=["hidden_at", "hidden_reason", "updated_at"])
    log_activity(by, ActivityVerb.POST_HIDDEN, post.title, post=post.pk, reason=post.hidden_reason)
    _publish(post)
    return post


RESOLUTIONS = (PostStatus.FULFILLED, PostStatus.PARTLY_FULFILLED, PostStatus.WITHDRAWN)


@transaction.atomic
def resolve_post(*, by: User, post: Post, status: str, note: str = "", helped_by_post: Post | None = None,
                 helped_by_organisation: Organisation | None = None) -> Post:
    """A need marked fulfilled, partly fulfilled (with what is still missing) or
    withdrawn, naming who helped. The caller checked that ``by`` may (the author's
    organisation or a coordinator)."""
    if status not in RESOLUTIONS:
        raise ExchangeError(_("Unknown outcome."))
    if status == PostStatus.PARTLY_FULFILLED and not note.strip():
        raise ExchangeError(_("Say what is still missing."))
    post = Post.objects.select_for_update().get(pk=post.pk)
    if helped_by_post is not None and helped_by_organisation is None:
        helped_by_organisation = helped_by_post.organisation
    if helped_by_organisation is not None and helped_by_organisation.pk == post.organisation_id:
        raise ExchangeError(_("An organisation cannot help itself here: name the one that helped."))
    post.status, post.outcome_note = status, note.strip()[:1000]
    post.helped_by_post, post.helped_by_organisation = helped_by_post, helped_by_organisation
    post.resolved_at = timezone.now()
    post.save()
    log_activity(by, ActivityVerb.POST_RESOLVED, post.title, post=post.pk, status=status,
                 helped_by=helped_by_organisation.pk if helped_by_organisation else None)
    _publish(post)
    return post


@transaction.atomic
def renew_post(*, by: User | None, post: Post) -> Post:
    """Sixty more days from today, and open again if it had expired."""
    post = Post.objects.select_for_update().get(pk=post.pk)
    if post.status not in (PostStatus.OPEN, PostStatus.EXPIRED):
        raise ExchangeError(_("Only an open or expired post can be renewed."))
    post.expires_on = timezone.localdate() + DEFAULT_LIFETIME
    post.status, post.reminded_at = PostStatus.OPEN, None
    post.save(update_fields=["expires_on", "status", "reminded_at", "updated_at"])
    log_activity(by, ActivityVerb.POST_RENEWED, post.title, post=post.pk)
    return post


def expire_posts(today: dt.date | None = None) -> int:
    """Posts past their expiry leave the matching (a periodic task)."""
    today = today or timezone.localdate()
    ids = list(Post.objects.filter(status=PostStatus.OPEN, expires_on__lt=today).values_list("pk", flat=True))
    Post.objects.filter(pk__in=ids).update(status=PostStatus.EXPIRED)
    for pk in ids:
        log_activity(None, ActivityVerb.POST_EXPIRED, str(pk), post=pk)
    return len(ids)


def remind_expiring(today: dt.date | None = None) -> int:
    """"Still needed? Renew for 60 days": once, a week before a post expires."""
    today = today or timezone.localdate()
    due = Post.objects.filter(status=PostStatus.OPEN, reminded_at__isnull=True, hidden_at__isnull=True,
                              expires_on__lte=today + REMIND_BEFORE, expires_on__gte=today,
                              author__isnull=False, author__is_active=True).select_related("author")
    count = 0
    for post in due:
        with transaction.atomic():
            if not Post.objects.filter(pk=post.pk, reminded_at__isnull=True).update(reminded_at=timezone.now()):
                continue
            author = post.author
            assert author is not None
            send_templated_mail_on_commit(
                to=[author.email], template="exchange/email/expiring", language=author.language or "en",
                context={"title": post.title, "expires_on": post.expires_on.isoformat(),
                         "url": settings.SITE_URL + post.get_absolute_url()})
            count += 1
    return count


# --- Introductions ------------------------------------------------------------------------

@transaction.atomic
def request_introduction(*, by: User, post: Post, from_organisation: Organisation, message: str,
                         to_post: Post | None = None, to_organisation: Organisation | None = None) -> Introduction:
    """Ask to be introduced to the other side of a match (a post, or an organisation of
    the registry). Refused to one's own organisation and for a pair already asked."""
    message = message.strip()
    if not message:
        raise ExchangeError(_("Write a short message for the other side."))
    target = to_post.organisation if to_post is not None else to_organisation
    if target is None:
        raise ExchangeError(_("Say whom you want to be introduced to."))
    if target.pk == from_organisation.pk:
        raise ExchangeError(_("You cannot ask for an introduction to your own organisation."))
    if Introduction.objects.filter(from_organisation__in=[from_organisation, target],
                                   to_organisation__in=[from_organisation, target]).exists():
        raise ExchangeError(_("These two organisations have already been in contact through the exchange."))
    introduction = Introduction.objects.create(post=post, to_post=to_post, to_organisation=target,
                                               from_organisation=from_organisation, requested_by=by,
                                               message=message[:1000])
    log_activity(by, ActivityVerb.INTRODUCTION_REQUESTED, post.title, introduction=introduction.pk,
                 to=target.pk)
    for user in organisation_users(target):
        send_templated_mail_on_commit(
            to=[user.email], template="exchange/email/introduction_requested", language=user.language or "en",
            context={"from": from_organisation.name, "title": post.title, "message": introduction.message,
                     "url": settings.SITE_URL + reverse("exchange:mine")})
    return introduction


def organisation_users(organisation: Organisation) -> list[User]:
    """The active accounts of an organisation's people: who answers for it here."""
    return list(User.objects.filter(is_active=True, person__affiliation=organisation).order_by("pk"))


@transaction.atomic
def answer_introduction(*, by: User, introduction: Introduction, accept: bool, note: str = "") -> Introduction:
    """The other side accepts or declines. On acceptance both people get an e-mail
    introducing them to each other — the only place contact details are given."""
    introduction = Introduction.objects.select_for_update().get(pk=introduction.pk)
    if introduction.status != IntroductionStatus.REQUESTED:
        raise ExchangeError(_("This introduction has already been answered."))
    introduction.status = IntroductionStatus.ACCEPTED if accept else IntroductionStatus.DECLINED
    introduction.answered_by, introduction.answered_at = by, timezone.now()
    introduction.answer_note = note.strip()[:500]
    introduction.save()
    log_activity(by, ActivityVerb.INTRODUCTION_ACCEPTED if accept else ActivityVerb.INTRODUCTION_DECLINED,
                 introduction.post.title, introduction=introduction.pk)
    requester = introduction.requested_by
    if accept:
        pairs = [(requester, by, introduction.to_organisation), (by, requester, introduction.from_organisation)]
        for to, other, other_organisation in pairs:
            send_templated_mail_on_commit(
                to=[to.email], template="exchange/email/introduced", language=to.language or "en",
                context={"other_name": other.name or other.email, "other_email": other.email,
                         "other_organisation": other_organisation.name, "title": introduction.post.title,
                         "message": introduction.message, "note": introduction.answer_note})
    else:
        send_templated_mail_on_commit(
            to=[requester.email], template="exchange/email/declined", language=requester.language or "en",
            context={"organisation": introduction.to_organisation.name, "title": introduction.post.title,
                     "note": introduction.answer_note})
    return introduction


def outcome_token(introduction: Introduction, user: User, outcome: str) -> str:
    return signing.dumps({"i": introduction.pk, "u": user.pk, "o": outcome}, salt=OUTCOME_SALT)


def outcome_of_token(token: str) -> dict[str, Any]:
    """What a follow-up link says (introduction "i", person "u", answer "o"), or
    ExchangeError when it is forged, expired or names no answer."""
    try:
        data = signing.loads(token, salt=OUTCOME_SALT, max_age=OUTCOME_MAX_AGE)
    except signing.BadSignature as error:
        raise ExchangeError(_("This link is not valid or has expired.")) from error
    if not isinstance(data, dict) or data.get("o") not in Outcome.values or not isinstance(data.get("i"), int):
        raise ExchangeError(_("This link is not valid or has expired."))
    return data


def record_outcome(*, token: str) -> Introduction:
    """"Did it lead to something?" answered with one click from the e-mail: the signed
    link names the introduction, the person and the answer; only the two people of the
    introduction can answer, each for their own side."""
    data = outcome_of_token(token)
    with transaction.atomic():
        introduction = Introduction.objects.select_for_update().filter(pk=data["i"]).first()
        if introduction is None or introduction.status != IntroductionStatus.ACCEPTED:
            raise ExchangeError(_("This link is not valid or has expired."))
        if data.get("u") == introduction.requested_by_id:
            introduction.outcome_requester = data["o"]
        elif data.get("u") == introduction.answered_by_id:
            introduction.outcome_other = data["o"]
        else:
            raise ExchangeError(_("This link is not valid or has expired."))
        introduction.save(update_fields=["outcome_requester", "outcome_other"])
    log_activity(None, ActivityVerb.INTRODUCTION_OUTCOME, str(introduction.pk), introduction=introduction.pk,
                 outcome=data["o"])
    return introduction


def follow_up_introductions(now: dt.datetime | None = None) -> int:
    """Two weeks after an introduction, ask both people whether it led to something."""
    now = now or timezone.now()
    due = Introduction.objects.filter(status=IntroductionStatus.ACCEPTED, followed_up_at__isnull=True,
                                      answered_at__lte=now - FOLLOW_UP_AFTER).select_related(
        "requested_by", "answered_by", "post")
    count = 0
    for introduction in due:
        with transaction.atomic():
            if not Introduction.objects.filter(pk=introduction.pk, followed_up_at__isnull=True).update(
                    followed_up_at=now):
                continue
            for user in (introduction.requested_by, introduction.answered_by):
                if user is None or not user.is_active:
                    continue
                links = {o: settings.SITE_URL + reverse("exchange:outcome", args=[outcome_token(introduction, user, o)])
                         for o in Outcome.values}
                send_templated_mail_on_commit(
                    to=[user.email], template="exchange/email/follow_up", language=user.language or "en",
                    context={"title": introduction.post.title, "yes": links["yes"], "partly": links["partly"],
                             "no": links["no"]})
            count += 1
    return count


# --- Partner search -----------------------------------------------------------------------

def express_interest(*, by: User, post: Post, organisation: Organisation, note: str) -> Interest:
    if post.kind != PostKind.PARTNER_SEARCH:
        raise ExchangeError(_("Only a partner search takes expressions of interest."))
    if post.deadline is not None and post.deadline < timezone.localdate():
        raise ExchangeError(_("The deadline of this partner search has passed."))
    if organisation.pk == post.organisation_id:
        raise ExchangeError(_("You cannot express interest in your own organisation's search."))
    note = note.strip()
    if not note:
        raise ExchangeError(_("Write a short note on what your organisation brings."))
    interest, created = Interest.objects.get_or_create(post=post, organisation=organisation,
                                                       defaults={"by": by, "note": note[:500]})
    if not created:
        raise ExchangeError(_("Your organisation has already expressed interest."))
    log_activity(by, ActivityVerb.INTEREST_EXPRESSED, post.title, post=post.pk, organisation=organisation.pk)
    return interest


def shortlist(*, by: User, interest: Interest, shortlisted: bool = True) -> Interest:
    Interest.objects.filter(pk=interest.pk).update(shortlisted=shortlisted)
    interest.shortlisted = shortlisted
    return interest


# --- Weekly digest --------------------------------------------------------------------------

DIGEST_SALT = "alliance.exchange.digest.unsubscribe"
DIGEST_POSTS = 8


def subscribe_digest(*, by: User) -> DigestSubscription:
    """Only the person themself opts in (the view passes the signed-in user)."""
    subscription, _created = DigestSubscription.objects.update_or_create(
        user=by, defaults={"active": True, "consented_at": timezone.now(), "unsubscribed_at": None})
    log_activity(by, ActivityVerb.DIGEST_SUBSCRIBED, by.email)
    return subscription


def unsubscribe_digest(*, subscription: DigestSubscription) -> None:
    if not subscription.active:
        return
    subscription.active, subscription.unsubscribed_at = False, timezone.now()
    subscription.save(update_fields=["active", "unsubscribed_at"])
    log_activity(None, ActivityVerb.DIGEST_UNSUBSCRIBED, subscription.user.email)


def digest_token(subscription: DigestSubscription) -> str:
    return signing.Signer(salt=DIGEST_SALT).sign(str(subscription.pk))


def digest_from_token(token: str) -> DigestSubscription | None:
    try:
        pk = signing.Signer(salt=DIGEST_SALT).unsign(token)
    except signing.BadSignature:
        return None
    return DigestSubscription.objects.select_related("user").filter(pk=pk).first()


def send_digests(today: dt.date | None = None) -> int:
    """Once a week per subscriber: the new open posts of the week that best match their
    organisations (the matcher, each organisation as the query), in their language."""
    from alliance.exchange import matches

    today = today or timezone.localdate()
    year, week, _day = today.isocalendar()
    label = f"{year}-W{week:02d}"
    since = timezone.now() - dt.timedelta(days=7)
    sent = 0
    for subscription in DigestSubscription.objects.filter(active=True, user__is_active=True).exclude(
            last_week=label).select_related("user"):
        with transaction.atomic():
            if not DigestSubscription.objects.filter(pk=subscription.pk).exclude(last_week=label).update(
                    last_week=label):
                continue
            posts = matches.new_posts_for(subscription.user, since=since, limit=DIGEST_POSTS)
            if not posts:
                continue
            user = subscription.user
            send_templated_mail_on_commit(
                to=[user.email], template="exchange/email/digest", language=user.language or "en",
                context={"posts": [{"title": p.title, "kind": str(p.get_kind_display()),
                                    "organisation": p.organisation.name,
                                    "url": settings.SITE_URL + p.get_absolute_url()} for p in posts]},
                unsubscribe_url=settings.SITE_URL + reverse("exchange:digest-unsubscribe",
                                                            args=[digest_token(subscription)]))
            sent += 1
    return sent
