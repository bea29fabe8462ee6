"""The exchange's pages. Views parse, check access.py, call actions and render."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alliance.accounts.models import User
from alliance.community.ecosystems import ECOSYSTEMS
from alliance.community.models import CompanySize, Organisation, OrganisationType
from alliance.exchange import access, actions, queries
from alliance.exchange.forms import (
    HideForm,
    InterestForm,
    IntroductionForm,
    PostFilterForm,
    PostForm,
    ReportForm,
    ResolveForm,
)
from alliance.exchange.models import DigestSubscription, Interest, Introduction, Post, PostKind, PostStatus
from alliance.lib.paging import CappedPaginator
from alliance.meetings.models import Contribution

PER_PAGE = 20
ECOSYSTEM_NAMES = dict(ECOSYSTEMS)
SME_SIZES = (CompanySize.MICRO, CompanySize.SMALL, CompanySize.MEDIUM)


def _me(request: HttpRequest) -> User:
    """The signed-in account acting (access.py has already said it may)."""
    user = request.user
    if not isinstance(user, User) or not user.is_authenticated:
        raise PermissionDenied
    return user


def post_list(request: HttpRequest) -> HttpResponse:
    form = PostFilterForm(request.GET or None)
    page = None
    if not form.is_bound or form.is_valid():
        data = form.cleaned_data if form.is_bound else {}
        posts = queries.visible_posts(request.user)
        status = data.get("status", "")
        if not status:
            posts = posts.filter(pk__in=queries.open_posts().values("pk"))
        elif status != "all":
            posts = posts.filter(status=status)
        if data.get("kind"):
            posts = posts.filter(kind=data["kind"])
        if data.get("category"):
            posts = posts.filter(category_rows__category=data["category"])
        if data.get("ecosystem"):
            posts = posts.filter(ecosystems=data["ecosystem"])
        if data.get("region"):
            posts = posts.filter(region__code__startswith=data["region"])
        page = CappedPaginator(queries.listed(posts), PER_PAGE, 10_000).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(request, "exchange/post_list.html",
                  {"form": form, "page": page, "query": params.urlencode(), "can_post": access.can_post(request.user)},
                  status=400 if form.is_bound and form.errors else 200)


def _post(request: HttpRequest, pk: int) -> Post:
    post = get_object_or_404(Post.objects.select_related("organisation", "region", "author"), pk=pk)
    if not access.can_view_post(request.user, post):
        raise Http404
    return post


def post_detail(request: HttpRequest, pk: int) -> HttpResponse:
    from alliance.exchange import matches as matching

    post = _post(request, pk)
    mine = access.acts_for_post(request.user, post)
    context: dict[str, Any] = {
        "post": post, "mine": mine, "categories": post.category_rows.all(), "ecosystems": post.ecosystems.all(),
        "can_edit": access.can_edit_post(request.user, post),
        "can_report": access.can_report_post(request.user, post), "can_hide": access.can_hide_post(request.user),
        "report_form": ReportForm(), "hide_form": HideForm(), "interest_form": InterestForm(),
        "can_express_interest": access.can_express_interest(request.user, post),
    }
    if access.can_see_matches(request.user) and post.is_open:
        found = matching.matches_for(post, viewer=request.user)
        context["matches"] = found
        context["introduction_form"] = IntroductionForm()
    if context["can_edit"]:
        helpers = Organisation.objects.filter(pk__in=[m.organisation.pk for m in context.get("matches", [])
                                                      if m.organisation is not None])
        context["resolve_form"] = ResolveForm(helpers=helpers if helpers.exists() else None)
        context["introductions"] = post.introductions_asked.select_related("to_organisation")
    if access.can_see_interests(request.user, post) and post.kind == PostKind.PARTNER_SEARCH:
        interests = matching.ranked_interests(post)
        context["smes_first"] = request.GET.get("smes") == "1"
        if context["smes_first"]:
            # SMEs first, on request: the seed's "give SMEs the opportunity to participate in projects".
            interests.sort(key=lambda pair: not (pair[0].organisation.type == OrganisationType.COMPANY
                                                 and pair[0].organisation.size in SME_SIZES))
        context["interests"] = interests
    return render(request, "exchange/post_detail.html", context)


@login_required
def post_create(request: HttpRequest) -> HttpResponse:
    if not access.can_post(request.user):
        messages.error(request, _("To post, your account needs an organisation: ask a coordinator to link it."))
        return redirect("exchange:posts")
    organisations = Organisation.objects.filter(pk__in=queries.organisation_ids_of(request.user)).order_by("name")
    suggestion = None
    if request.method == "POST" and request.POST.get("action") == "suggest":
        from alliance.exchange import suggestions

        suggestion = suggestions.suggest_for(request.POST.get("text", ""), request.POST.get("title", ""))
        form = PostForm(suggestion.merged(request.POST), organisations=organisations)
        form.errors.clear()
    elif request.method == "POST":
        form = PostForm(request.POST, organisations=organisations)
        if form.is_valid():
            try:
                post = actions.create_post(by=_me(request), organisation=form.cleaned_data["organisation"],
                                           fields=form.post_fields(), categories=form.cleaned_data["categories"],
                                           ecosystems=form.cleaned_data["ecosystems"])
            except actions.ExchangeError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Your post is published. Its best matches are below."))
                return redirect(post)
    else:
        form = PostForm(organisations=organisations, initial={"kind": request.GET.get("kind", PostKind.NEED)})
    return render(request, "exchange/post_form.html", {"form": form, "suggestion": suggestion},
                  status=400 if request.method == "POST" and form.errors else 200)


@require_POST
def post_from_contribution(request: HttpRequest, pk: int) -> HttpResponse:
    contribution = get_object_or_404(Contribution.objects.select_related(
        "registration__person", "session", "organisation"), pk=pk)
    person = contribution.registration.person if contribution.registration else None
    if not (request.user.is_authenticated and person is not None and person.user_id == request.user.pk):
        raise PermissionDenied
    try:
        post = actions.post_from_contribution(by=_me(request), contribution=contribution)
    except actions.ExchangeError as error:
        messages.error(request, str(error))
        return redirect(contribution.session.get_absolute_url())
    messages.success(request, _("Your need is now a standing post; check its details."))
    return redirect(post)


def _told(request: HttpRequest, success: str, write: Callable[[], object]) -> bool:
    """Do one write of the exchange and tell the person what came of it: its refusal's
    message, or ``success``."""
    try:
        write()
    except actions.ExchangeError as error:
        messages.error(request, str(error))
        return False
    messages.success(request, success)
    return True


def _owned(request: HttpRequest, pk: int) -> Post:
    post = _post(request, pk)
    if not access.can_edit_post(request.user, post):
        raise PermissionDenied
    return post


@require_POST
def post_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    post = _owned(request, pk)
    form = ResolveForm(request.POST)
    if form.is_valid():
        _told(request, _("Thank you: the post says what came of it."),
              lambda: actions.resolve_post(by=_me(request), post=post, status=form.cleaned_data["status"],
                                           note=form.cleaned_data.get("note", ""),
                                           helped_by_organisation=form.cleaned_data.get("helped_by")))
    else:
        messages.error(request, _("Choose an outcome."))
    return redirect(post)


@require_POST
def post_renew(request: HttpRequest, pk: int) -> HttpResponse:
    post = _owned(request, pk)
    _told(request, _("The post stays open for 60 more days."),
          lambda: actions.renew_post(by=_me(request), post=post))
    return redirect(post)


@require_POST
def post_report(request: HttpRequest, pk: int) -> HttpResponse:
    post = _post(request, pk)
    if not access.can_report_post(request.user, post):
        raise PermissionDenied
    form = ReportForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose why you report the post."))
        return redirect(post)
    _told(request, _("Thank you: a coordinator will look at it."),
          lambda: actions.report_post(by=_me(request), post=post, reason=form.cleaned_data["reason"],
                                      note=form.cleaned_data.get("note", "")))
    return redirect(post)


@require_POST
def post_hide(request: HttpRequest, pk: int) -> HttpResponse:
    post = get_object_or_404(Post, pk=pk)
    if not access.can_hide_post(request.user):
        raise PermissionDenied
    form = HideForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the post is hidden."))
        return redirect(post)
    _told(request, _("The post is hidden."),
          lambda: actions.hide_post(by=_me(request), post=post, reason=form.cleaned_data["reason"]))
    return redirect(post)


@require_POST
def introduction_request(request: HttpRequest, pk: int) -> HttpResponse:
    post = _post(request, pk)
    if not access.can_request_introduction(request.user, post):
        raise PermissionDenied
    form = IntroductionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write a short message for the other side."))
        return redirect(post)
    to_post = form.cleaned_data.get("to_post")
    if to_post is not None and not access.can_view_post(request.user, to_post):
        raise Http404
    _told(request, _("Your request is sent; you will hear when the other side answers."),
          lambda: actions.request_introduction(by=_me(request), post=post, from_organisation=post.organisation,
                                               message=form.cleaned_data["message"], to_post=to_post,
                                               to_organisation=form.cleaned_data.get("to_organisation")))
    return redirect(post)


@require_POST
def introduction_answer(request: HttpRequest, pk: int) -> HttpResponse:
    introduction = get_object_or_404(Introduction, pk=pk)
    if not access.can_answer_introduction(request.user, introduction):
        raise PermissionDenied
    accept = request.POST.get("answer") == "accept"
    if request.POST.get("answer") not in ("accept", "decline"):
        messages.error(request, _("Accept or decline the introduction."))
        return redirect("exchange:mine")
    _told(request, _("You are introduced: both of you have an e-mail with the other's details.")
          if accept else _("The introduction is declined; the other side is told."),
          lambda: actions.answer_introduction(by=_me(request), introduction=introduction, accept=accept,
                                              note=request.POST.get("note", "")[:500]))
    return redirect("exchange:mine")


@require_POST
def interest_express(request: HttpRequest, pk: int) -> HttpResponse:
    post = _post(request, pk)
    if not access.can_express_interest(request.user, post):
        raise PermissionDenied
    form = InterestForm(request.POST)
    organisations = sorted(queries.organisation_ids_of(request.user))
    if not form.is_valid() or not organisations:
        messages.error(request, _("Write a short note on what your organisation brings."))
        return redirect(post)
    _told(request, _("Your interest is sent to the partner search."),
          lambda: actions.express_interest(by=_me(request), post=post,
                                           organisation=Organisation.objects.get(pk=organisations[0]),
                                           note=form.cleaned_data["note"]))
    return redirect(post)


@require_POST
def interest_shortlist(request: HttpRequest, pk: int) -> HttpResponse:
    interest = get_object_or_404(Interest.objects.select_related("post"), pk=pk)
    if not access.can_see_interests(request.user, interest.post):
        raise PermissionDenied
    actions.shortlist(by=_me(request), interest=interest, shortlisted=request.POST.get("shortlisted") == "1")
    return redirect(interest.post)


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    own = queries.organisation_ids_of(request.user)
    posts = queries.listed(Post.objects.filter(organisation_id__in=own))
    return render(request, "exchange/mine.html", {
        "posts": posts[:100], "waiting": queries.waiting_for(request.user),
        "introductions": queries.introductions_for(request.user)[:100], "can_post": access.can_post(request.user),
        "digest": DigestSubscription.objects.filter(user=_me(request), active=True).exists(),
        "session_needs": queries.session_needs_of(request.user)[:20]})


def follow_up(request: HttpRequest) -> HttpResponse:
    if not access.can_follow_up(request.user):
        raise PermissionDenied
    return render(request, "exchange/follow_up.html", {
        "unmet": queries.listed(queries.unmet_needs())[:200], "expired": queries.listed(queries.expired_needs())[:200],
        "outcomes": queries.outcomes_by_category(),
        "outcomes_by_ecosystem": [{**row, "name": ECOSYSTEM_NAMES.get(row["post__ecosystems"], "—")}
                                  for row in queries.outcomes_by_ecosystem()],
        "resolved": Post.objects.filter(kind=PostKind.NEED, status__in=[PostStatus.FULFILLED,
                                                                          PostStatus.PARTLY_FULFILLED]).count()})


def outcome(request: HttpRequest, token: str) -> HttpResponse:
    """The link of the follow-up e-mail. A GET only shows the answer and a button: mail
    scanners open every link of a message, and would otherwise answer all three."""
    if request.method == "POST":
        try:
            actions.record_outcome(token=token)
        except actions.ExchangeError as error:
            return render(request, "exchange/outcome.html", {"error": str(error)}, status=400)
        return render(request, "exchange/outcome.html", {"recorded": True})
    try:
        data = actions.outcome_of_token(token)
    except actions.ExchangeError as error:
        return render(request, "exchange/outcome.html", {"error": str(error)}, status=400)
    return render(request, "exchange/outcome.html", {"answer": data.get("o"), "token": token})


@require_POST
def digest(request: HttpRequest) -> HttpResponse:
    """The signed-in person turns their own weekly digest on or off."""
    me = _me(request)
    if request.POST.get("digest") == "on":
        actions.subscribe_digest(by=me)
        messages.success(request, _("You will receive the weekly digest of new posts for your organisation."))
    else:
        subscription = DigestSubscription.objects.filter(user=me).first()
        if subscription is not None:
            actions.unsubscribe_digest(subscription=subscription)
        messages.success(request, _("You will no longer receive the weekly digest."))
    return redirect("exchange:mine")


def digest_unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """The digest's one-click link (and List-Unsubscribe-Post): a POST unsubscribes, a
    GET asks first (mail scanners open links)."""
    subscription = actions.digest_from_token(token)
    if subscription is None:
        return render(request, "community/link_invalid.html", status=400)
    if request.method == "POST":
        actions.unsubscribe_digest(subscription=subscription)
        return render(request, "exchange/digest_unsubscribed.html", {"done": True})
    return render(request, "exchange/digest_unsubscribed.html", {"done": False, "token": token})
