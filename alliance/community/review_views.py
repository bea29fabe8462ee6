"""The coordinators' review of organisations typed into public forms (access.py says who)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from alliance.accounts.predicates import acting
from alliance.community import access, actions, queries
from alliance.community.forms import ReviewDecisionForm
from alliance.community.models import Organisation


@login_required
@require_http_methods(["GET", "POST"])
def review_organisations(request: HttpRequest) -> HttpResponse:
    if not access.can_review_organisations(request.user):
        raise PermissionDenied
    form = ReviewDecisionForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            _decide(request, form)
            return redirect("community:review")
        messages.error(request, _("That decision could not be read; nothing was changed."))
        status = 400
    return render(request, "community/review.html", {
        "page": Paginator(queries.organisations_awaiting_review(), 50).get_page(request.GET.get("page")),
        "query": "",
        "approve": ReviewDecisionForm.APPROVE, "reject": ReviewDecisionForm.REJECT,
    }, status=status)


def _decide(request: HttpRequest, form: ReviewDecisionForm) -> None:
    org = Organisation.objects.filter(pk=form.cleaned_data["organisation"]).first()
    done = False
    if org is not None and form.cleaned_data["decision"] == ReviewDecisionForm.APPROVE:
        done = actions.approve_organisation(by=acting(request.user), organisation=org)
        if done:
            messages.success(request, _("“%(name)s” is now in the public registry.") % {"name": org.name})
    elif org is not None:
        try:
            done = actions.reject_organisation(by=acting(request.user), organisation=org)
        except actions.ReviewError:
            messages.error(request, _("“%(name)s” facilitates a cluster; give the cluster another "
                                      "organisation first. Nothing was changed.") % {"name": org.name})
            return
        if done:
            messages.success(request, _("“%(name)s” was rejected and deleted.") % {"name": org.name})
    if not done:
        messages.error(request, _("This organisation has already been reviewed; nothing was changed."))
