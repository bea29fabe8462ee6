from __future__ import annotations

import csv
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q, Value
from django.db.models.functions import Concat
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from alliance.accounts.predicates import acting
from alliance.community import access, actions, csvio, queries
from alliance.community.forms import (
    CsvUploadForm,
    DirectoryFilterForm,
    OrganisationForm,
    SubscribeForm,
    cluster_choices,
)
from alliance.community.models import (
    Cluster,
    Ecosystem,
    Organisation,
    Person,
    Region,
    Subscription,
    SubscriptionStatus,
)
from alliance.lib import collation, ratelimit
from alliance.lib.paging import CappedPaginator
from alliance.lib.spreadsheet import cell, csv_response


def _page(request: HttpRequest, qs: Any, per_page: int | None = None) -> Any:
    return Paginator(qs, per_page or settings.DIRECTORY_PAGE_SIZE).get_page(request.GET.get("page"))


def _directory_page(request: HttpRequest, qs: Any, *, word_search: bool = False) -> Any:
    paginator = CappedPaginator(qs, settings.DIRECTORY_PAGE_SIZE, settings.DIRECTORY_COUNT_CAP)
    if word_search and not paginator.capped:
        # At most `cap` matches: sorting them is cheap, while walking the name index
        # and testing each row could read most of the table when the matches sit late
        # in the alphabet (PostgreSQL took 55–130 ms so; bench/directory.py). The
        # appended '' keeps the order and makes the index unusable for it.
        paginator.object_list = qs.order_by(Concat("name", Value("")), "id")
    return paginator.get_page(request.GET.get("page"))


def _query_without_page(request: HttpRequest) -> str:
    params: QueryDict = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def _cluster_options(form: DirectoryFilterForm) -> str:
    """The cluster <option>s as one string. Built in Python because a template loop
    (or Django's select widget) over thousands of clusters cost more than the search
    itself (bench/directory.py); every name is escaped."""
    selected = str(form["cluster"].value() or "")
    return mark_safe("".join(  # noqa: S308 - each value is escaped just above
        f'<option value="{pk}"{" selected" if str(pk) == selected else ""}>{escape(name)}</option>'
        for pk, name in cluster_choices()
    ))


def home(request: HttpRequest) -> HttpResponse:
    visible = queries.visible_organisations(request.user)
    stats = {
        "organisations": visible.count(),
        "countries": visible.values("country_id").distinct().count(),
        "clusters": Cluster.objects.count(),
        "ecosystems": Ecosystem.objects.count(),
    }
    return render(request, "community/home.html", {"stats": stats})


def directory(request: HttpRequest) -> HttpResponse:
    form = DirectoryFilterForm(request.GET or None, countries=queries.country_choices())
    if form.is_bound and not form.is_valid():
        page = None
    else:
        filters = form.filters() if form.is_bound else queries.DirectoryFilters()
        qs = queries.with_card_data(queries.search_organisations(request.user, filters))
        page = _directory_page(request, qs.order_by("name", "id"), word_search=bool(filters.q))
    context = {"form": form, "page": page, "query": _query_without_page(request),
               "cluster_options": _cluster_options(form)}
    is_htmx = bool(getattr(request, "htmx", False))  # set by django_htmx's middleware
    template = "community/_directory_results.html" if is_htmx else "community/directory.html"
    return render(request, template, context)


def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    org = queries.organisation_profile(request.user, pk)
    if org is None:
        raise Http404
    contacts = [
        {"person": p, "show_email": access.can_see_contact_email(request.user, p)}
        for p in org.contacts.all() if access.can_see_contact(request.user, p)
    ]
    return render(request, "community/organisation_detail.html", {
        "org": org, "contacts": contacts,
        "can_edit": access.can_edit_organisation(request.user, org),
        "can_delete": access.can_delete_organisation(request.user, org),
        "memberships": list(org.memberships.all()),
    })


@login_required
def organisation_create(request: HttpRequest) -> HttpResponse:
    if not access.can_create_organisation(request.user):
        raise PermissionDenied
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        ecosystems = data.pop("ecosystems")
        org = actions.create_organisation(by=acting(request.user), fields=data, ecosystems=ecosystems)
        messages.success(request, _("The organisation was added to the registry."))
        return redirect(org)
    return render(request, "community/organisation_form.html", {"form": form, "org": None})


@login_required
def organisation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    org = get_object_or_404(Organisation, pk=pk)
    if not access.can_edit_organisation(request.user, org):
        raise PermissionDenied
    form = OrganisationForm(request.POST or None, instance=org)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        ecosystems = data.pop("ecosystems")
        actions.update_organisation(by=acting(request.user), organisation=org, fields=data,
                                    ecosystems=ecosystems)
        messages.success(request, _("The profile was saved."))
        return redirect(org)
    return render(request, "community/organisation_form.html", {"form": form, "org": org})


@login_required
@require_http_methods(["GET", "POST"])
def organisation_delete(request: HttpRequest, pk: int) -> HttpResponse:
    org = get_object_or_404(Organisation, pk=pk)
    if not access.can_delete_organisation(request.user, org):
        raise PermissionDenied
    if request.method == "POST":
        if org.facilitated_clusters.exists():
            messages.error(request, _("This organisation facilitates a cluster; "
                                      "give the cluster another organisation first."))
            return redirect(org)
        actions.delete_organisation(by=acting(request.user), organisation=org)
        messages.success(request, _("The organisation was deleted."))
        return redirect("community:directory")
    return render(request, "community/organisation_delete.html", {"org": org})


def cluster_list(request: HttpRequest) -> HttpResponse:
    page = _page(request, queries.clusters_with_counts(request.user))
    return render(request, "community/cluster_list.html", {"page": page, "query": ""})


def cluster_detail(request: HttpRequest, pk: int) -> HttpResponse:
    cluster = get_object_or_404(
        Cluster.objects.select_related("organisation", "region").prefetch_related("ecosystems"), pk=pk
    )
    if not access.can_view_cluster(request.user, cluster):
        raise Http404
    return render(request, "community/cluster_detail.html", {
        "cluster": cluster, "page": _page(request, queries.cluster_members(request.user, cluster)), "query": "",
        "show_facilitator": access.can_view_organisation(request.user, cluster.organisation),
    })


def ecosystem_list(request: HttpRequest) -> HttpResponse:
    visible = queries.visible_organisations(request.user).values("pk")
    ecosystems = Ecosystem.objects.annotate(
        organisation_count=Count("organisations", filter=Q(organisations__in=visible), distinct=True),
        cluster_count=Count("clusters", distinct=True),
    )
    return render(request, "community/ecosystem_list.html",
                  {"ecosystems": collation.sorted_by_name(ecosystems, lambda eco: eco.name)})


def ecosystem_detail(request: HttpRequest, slug: str) -> HttpResponse:
    ecosystem = get_object_or_404(Ecosystem, slug=slug)
    qs = queries.with_card_data(
        queries.search_organisations(request.user, queries.DirectoryFilters(ecosystem=slug))
    ).order_by("name", "id")
    clusters = queries.clusters_with_counts(request.user).filter(ecosystems=ecosystem)
    return render(request, "community/ecosystem_detail.html", {
        "ecosystem": ecosystem, "page": _directory_page(request, qs), "clusters": clusters, "query": "",
    })


def region_detail(request: HttpRequest, code: str) -> HttpResponse:
    region = get_object_or_404(Region, code=code.upper())
    qs = queries.with_card_data(
        queries.search_organisations(request.user, queries.DirectoryFilters(region=region.code))
    ).order_by("name", "id")
    return render(request, "community/region_detail.html", {
        "region": region, "lineage": queries.region_lineage(region),
        "children": region.children.order_by("code"),
        "clusters": queries.clusters_with_counts(request.user).filter(region__code__startswith=region.code),
        "page": _directory_page(request, qs), "query": "",
    })


# --- Import and export ------------------------------------------------------------

@login_required
def import_csv(request: HttpRequest) -> HttpResponse:
    if not access.can_import(request.user):
        raise PermissionDenied
    form = CsvUploadForm(request.POST or None, request.FILES or None)
    report = None
    file_error = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data["file"].read()
        importer = csvio.import_organisations if form.cleaned_data["kind"] == "organisations" \
            else csvio.import_people
        try:
            report = importer(data, by=acting(request.user))
        except csvio.CsvFormatError as error:
            file_error = str(error)
        if report and report.ok:
            messages.success(request, ngettext("%(n)s row imported.", "%(n)s rows imported.",
                                               report.created) % {"n": report.created})
            return redirect("community:import")
    status = 400 if (file_error or (report and not report.ok) or form.errors) else 200
    return render(request, "community/import.html",
                  {"form": form, "report": report, "file_error": file_error}, status=status)


def export_organisations(request: HttpRequest) -> HttpResponse:
    if not access.can_export_organisations(request.user):
        raise PermissionDenied
    form = DirectoryFilterForm(request.GET or None, countries=[(c.code, c.display_name) for c in queries.countries()])
    filters = form.filters() if form.is_bound and form.is_valid() else queries.DirectoryFilters()
    if form.is_bound and form.errors:
        return HttpResponse(_("Invalid filters."), status=400, content_type="text/plain")
    qs = queries.search_organisations(request.user, filters).prefetch_related("ecosystems").order_by("name", "id")
    response = csv_response(f"organisations-{timezone.now():%Y%m%d}.csv")
    csvio.write_organisations(qs.iterator(chunk_size=2000), response)
    return response


@login_required
def export_people(request: HttpRequest) -> HttpResponse:
    if not access.can_export_people(request.user):
        raise PermissionDenied
    response = csv_response(f"people-{timezone.now():%Y%m%d}.csv")
    csvio.write_people(Person.objects.select_related("affiliation").order_by("name", "id"), response)
    return response


@login_required
def export_subscribers(request: HttpRequest) -> HttpResponse:
    if not access.can_export_subscribers(request.user):
        raise PermissionDenied
    response = csv_response(f"subscribers-{timezone.now():%Y%m%d}.csv")
    writer = csv.writer(response)
    writer.writerow(["email", "name", "language", "confirmed_at", "consent_text"])
    for sub in Subscription.objects.filter(status=SubscriptionStatus.CONFIRMED).order_by("email"):
        writer.writerow([cell(v) for v in (
            sub.email, sub.name, sub.language, sub.confirmed_at.isoformat() if sub.confirmed_at else "",
            sub.consent_text,
        )])
    return response


# --- Mailing list -------------------------------------------------------------------

def subscribe(request: HttpRequest) -> HttpResponse:
    form = SubscribeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        wait = ratelimit.throttle(request, "subscribe", form.cleaned_data["email"])
        if wait is not None:  # nothing sent; the same refusal for every address
            form.add_error(None, ratelimit.message(wait))
            return render(request, "community/subscribe.html", {"form": form}, status=429)
        if not form.cleaned_data["website"]:
            actions.request_subscription(
                email=form.cleaned_data["email"], name=form.cleaned_data["name"],
                language=get_language() or "en", consent_text=str(form.fields["consent"].label),
            )
        # The same page for new, pending, known and bot addresses: nothing to learn from it.
        return redirect("community:subscribe_done")
    return render(request, "community/subscribe.html", {"form": form})


def subscribe_done(request: HttpRequest) -> HttpResponse:
    return render(request, "community/subscribe_done.html")


@require_http_methods(["GET", "POST"])
def subscription_confirm(request: HttpRequest, token: str) -> HttpResponse:
    sub = actions.subscription_from_confirm_token(token)
    if sub is None:
        return render(request, "community/link_invalid.html", status=400)
    # GET only shows a button: mail scanners follow links, and a subscription needs a person.
    if request.method == "POST":
        actions.confirm_subscription(subscription=sub)
        return render(request, "community/subscription_confirmed.html", {"sub": sub})
    return render(request, "community/subscription_confirm.html", {"sub": sub})


@csrf_exempt  # RFC 8058 one-click unsubscribe: the mail client POSTs without a form token
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    sub = actions.subscription_from_unsubscribe_token(token)
    if sub is None:
        return render(request, "community/link_invalid.html", status=400)
    if request.method == "POST":
        actions.unsubscribe(subscription=sub)
        return render(request, "community/unsubscribed.html", {"sub": sub})
    return render(request, "community/unsubscribe.html", {"sub": sub})
