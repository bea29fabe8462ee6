"""The overview of needs: counts, the ecosystem × month heat map, organisation types,
regions and the statements themselves, all filtered the same way, and their download.
Views parse the filters, ask queries.py and render; the themes' curation parses a
form and calls overview.actions."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import number_format
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alliance.accounts.predicates import acting
from alliance.community.ecosystems import ECOSYSTEMS
from alliance.community.models import Ecosystem, OrganisationType, Region
from alliance.lib.paging import CappedPaginator
from alliance.lib.spreadsheet import cell, csv_response
from alliance.minutes import render as rendering
from alliance.minutes.models import content_hash
from alliance.overview import access, actions, charts, queries, receivers, resolution_queries, theme_queries
from alliance.overview.forms import CurationForm, MoveForm, StatementFilterForm
from alliance.overview.models import (
    MAX_REPORT_TEXT,
    EcosystemReport,
    PlacementStatus,
    ReportVersion,
    Statement,
    StatementKind,
    Theme,
)

PER_PAGE = 25
LIST_CAP = 10_000
EXPORT_CAP = 100_000
ECOSYSTEM_NAMES = dict(ECOSYSTEMS)
ORDER = [slug for slug, _name in ECOSYSTEMS]


def _query(request: HttpRequest, *drop: str) -> str:
    params: QueryDict = request.GET.copy()
    for name in ("page", *drop):
        params.pop(name, None)
    return params.urlencode()


def _with(request: HttpRequest, **changes: str) -> str:
    """This page's filters with some changed: a link that drills into a chart's cell."""
    params: QueryDict = request.GET.copy()
    params.pop("page", None)
    for name, value in changes.items():
        params[name] = value
    return f"?{params.urlencode()}"


def _filtered(request: HttpRequest) -> tuple[StatementFilterForm, Any]:
    """The filter form and the statements it selects for this viewer (None when the
    filters are wrong: the page shows why, and lists nothing)."""
    form = StatementFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return form, None
    filters = form.filters() if form.is_bound else queries.StatementFilters()
    return form, filters.apply(queries.visible_statements(request.user))


def _filters_of(form: StatementFilterForm) -> queries.StatementFilters:
    """The filters of a valid (or unbound) form."""
    return form.filters() if form.is_bound else queries.StatementFilters()


def _render(request: HttpRequest, template: str, context: dict[str, Any], form: StatementFilterForm) -> HttpResponse:
    active = sum(1 for name in form.fields if request.GET.get(name)) if form.is_bound else 0
    context.update({"form": form, "query": _query(request), "region_columns": _region_columns(),
                    "active_filters": active})
    return render(request, template, context, status=400 if form.errors else 200)


def overview(request: HttpRequest) -> HttpResponse:
    if not access.can_view_overview(request.user):
        raise PermissionDenied
    form, statements = _filtered(request)
    context: dict[str, Any] = {"statements": statements}
    if statements is not None:
        filters = _filters_of(form)
        # Summary, organisation types and regions below all read these groups.
        queries.breakdown_for(request.user, filters, statements)
        summary = queries.summary(statements)
        heat = queries.heat_map_for(request.user, filters, statements, ORDER)
        month_labels = [m.strftime("%Y-%m") for m in heat.months]
        names = [str(ECOSYSTEM_NAMES.get(slug, slug)) for slug in heat.ecosystems]
        types = queries.by_organisation_type(statements)
        type_rows = [(value, str(label), types.get(value, 0)) for value, label in OrganisationType.choices]
        if types.get(""):
            type_rows.append(("", _("No organisation named (imported summaries)"), types[""]))
        context.update({
            "summary": summary,
            "kind_stats": [(value, label, summary.by_kind[value]) for value, label in _kind_headings()],
            "heat": heat, "heat_rows": list(zip(names, heat.counts, strict=True)), "month_labels": month_labels,
            "heat_svg": charts.heat_map(
                names, month_labels, heat.counts, title=_("Statements by ecosystem and month"),
                row_label=_("Industrial ecosystem"), column_label=_("Month"), format_value=_count,
                cell_links=_cell_links(request, heat)),
            "type_rows": type_rows,
            "type_svg": charts.bar_chart(
                [label for _v, label, _n in type_rows], [n for _v, _l, n in type_rows],
                title=_("Statements by organisation type"), format_value=_count,
                links=[_with(request, organisation_type=value) if value else None for value, _l, _n in type_rows]),
            "regions": queries.by_nuts2(statements)[:10],
            "latest": queries.listed(statements)[:5],
            "theme_rows": theme_queries.listed_themes(request.user, statements)[:6],
            "resolutions": _resolution_rows(statements),
            "alerting": theme_queries.alerting(request.user),
        })
    return _render(request, "overview/overview.html", context, form)


def _cell_links(request: HttpRequest, heat: queries.HeatMap) -> list[list[str]]:
    """Each cell's link, as _with(request, ecosystem=..., since=..., until=...) makes it,
    with the rest of the query encoded once: 500 cells of copying and encoding the whole
    query were 20 ms of the page."""
    params: QueryDict = request.GET.copy()
    changed = ("ecosystem", "since", "until")
    for name in ("page", *changed):
        params.pop(name, None)
    rest = params.urlencode()
    prefix = f"?{rest}&" if rest else "?"
    spans = [f"since={m:%Y-%m-%d}&until={_month_end(m):%Y-%m-%d}" for m in heat.months]
    return [[f"{prefix}{urlencode({'ecosystem': slug})}&{span}" for span in spans] for slug in heat.ecosystems]


def _resolution_rows(statements: Any) -> dict[str, Any]:
    table = resolution_queries.needs_followed_up(statements)
    names = dict(Region.objects.filter(code__in=list(table.by_region)).values_list("code", "name"))
    return {"total": table.total,
            "ecosystems": sorted(((str(ECOSYSTEM_NAMES.get(slug, slug)), r) for slug, r in table.by_ecosystem.items()),
                                 key=lambda row: (-row[1].followed, row[0])),
            "regions": sorted(((f"{names.get(code, code)} ({code})", r) for code, r in table.by_region.items()),
                              key=lambda row: (-row[1].followed, row[0]))[:10]}


def _count(value: int) -> str:
    return number_format(value, force_grouping=True)


def _month_end(month: dt.date) -> dt.date:
    return (month + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)


def _kind_headings() -> list[tuple[str, str]]:
    """The counts' headings: a tile counts many, so it says "Needs", not "Need"."""
    return [(StatementKind.DISRUPTION, _("Disruptions")), (StatementKind.NEED, _("Needs")),
            (StatementKind.SOLUTION, _("Solutions"))]


def _region_columns() -> list[tuple[str, str]]:
    return [("region", _("Region")), ("total", _("Statements")),
            *((str(value), str(label)) for value, label in StatementKind.choices),
            ("organisations", _("Organisations"))]


REGION_SORTS = {"region": lambda r: (r.name.casefold(), r.code),
                "total": lambda r: (-r.total, r.code), "organisations": lambda r: (-r.organisations, r.code),
                **{kind: (lambda k: lambda r: (-r.by_kind[k], r.code))(kind) for kind in StatementKind.values}}


def regions(request: HttpRequest) -> HttpResponse:
    if not access.can_view_overview(request.user):
        raise PermissionDenied
    form, statements = _filtered(request)
    sort = request.GET.get("sort", "total")
    if sort not in REGION_SORTS:
        sort = "total"
    rows = None
    if statements is not None:
        queries.breakdown_for(request.user, _filters_of(form), statements)  # by_nuts2 reads these groups
        rows = sorted(queries.by_nuts2(statements), key=REGION_SORTS[sort])
    return _render(request, "overview/regions.html",
                   {"rows": rows, "sort": sort, "sort_query": _query(request, "sort"), "sortable": True}, form)


def statement_list(request: HttpRequest) -> HttpResponse:
    if not access.can_view_overview(request.user):
        raise PermissionDenied
    form, statements = _filtered(request)
    page = None
    if statements is not None:
        paginator = CappedPaginator(queries.listed(statements), PER_PAGE, LIST_CAP)
        page = paginator.get_page(request.GET.get("page"))
    template = "overview/_statement_results.html" if getattr(request, "htmx", False) else "overview/statements.html"
    return _render(request, template, {"page": page}, form)


EXPORT_HEADER = ["kind", "text", "language", "said_at", "ecosystems", "organisation", "organisation_type",
                 "country", "region", "session", "session_date", "link"]


def _export_rows(request: HttpRequest, statements: Any) -> Any:
    for s in queries.listed(statements)[:EXPORT_CAP]:
        yield [s.kind, s.text, s.language, s.said_at.isoformat(), " ".join(e.slug for e in s.ecosystems.all()),
               s.organisation.name if s.organisation else "", s.organisation_type, s.country_id or "",
               s.region_id or "", s.session.topic if s.session else "",
               s.session.starts_at.date().isoformat() if s.session else "",
               request.build_absolute_uri(s.link) if s.link else ""]


def export(request: HttpRequest, fmt: str) -> HttpResponse:
    """Exactly the statements the filters select (the same form and query as the pages)."""
    if fmt not in ("csv", "xlsx"):
        raise Http404
    if not access.can_export_statements(request.user):
        raise PermissionDenied
    form, statements = _filtered(request)
    if statements is None:
        return _render(request, "overview/statements.html", {"page": None}, form)
    name = f"statements-{timezone.localdate():%Y%m%d}"
    if fmt == "xlsx":
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet(_("Statements"))
        sheet.append(EXPORT_HEADER)
        for row in _export_rows(request, statements):
            sheet.append([cell(value) for value in row])
        buffer = io.BytesIO()
        book.save(buffer)
        response = HttpResponse(
            buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return response
    response = csv_response(f"{name}.csv")
    writer = csv.writer(response)
    writer.writerow(EXPORT_HEADER)
    writer.writerows([cell(value) for value in row] for row in _export_rows(request, statements))
    return response



# --- Themes -----------------------------------------------------------------------------

THEME_PER_PAGE = 20


def _theme_or_404(request: HttpRequest, pk: int) -> Theme:
    theme = get_object_or_404(Theme, pk=pk)
    if not access.can_view_theme(request.user, theme):
        raise Http404
    return theme


def theme_list(request: HttpRequest) -> HttpResponse:
    if not access.can_view_overview(request.user):
        raise PermissionDenied
    form, statements = _filtered(request)
    context: dict[str, Any] = {"rows": None}
    if statements is not None:
        context.update({"rows": theme_queries.listed_themes(request.user, statements),
                        "remainder": theme_queries.remainder(statements),
                        "last_run": theme_queries.last_run(),
                        "since_run": actions.statements_since_last_run() if access.can_run_themes(request.user)
                        else 0,
                        "can_run": access.can_run_themes(request.user)})
    return _render(request, "overview/themes.html", context, form)


def theme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    theme = _theme_or_404(request, pk)
    form, statements = _filtered(request)
    context: dict[str, Any] = {"theme": theme, "row": None, "can_curate": access.can_curate_themes(request.user)}
    if statements is not None:
        mine = theme_queries.in_theme(theme, statements)
        months = theme_queries.by_month(mine)
        month_labels = [f"{m:%Y-%m}" for m, _n in months]
        paginator = CappedPaginator(queries.listed(mine), THEME_PER_PAGE, LIST_CAP)
        context.update({
            "row": theme_queries.theme_row(theme, statements),
            "representatives": theme_queries.representatives(theme, mine),
            "coverage": theme_queries.coverage(mine, statements),
            "sessions": theme_queries.sessions(mine),
            "regions": theme_queries.regions(mine)[:15],
            "months": list(zip(month_labels, [n for _m, n in months], strict=True)),
            "trend_svg": charts.bar_chart(month_labels, [n for _m, n in months], title=_("Statements by month"),
                                          format_value=_count) if months else "",
            "page": paginator.get_page(request.GET.get("page")),
            "labels": sorted(theme.labels.items()),
        })
        if context["can_curate"]:
            context.update({"curation": CurationForm(theme=theme), "others": theme_queries.movable_to(theme),
                            "move_targets": list(theme_queries.movable_to(theme))})
    return _render(request, "overview/theme.html", context, form)


def theme_remainder(request: HttpRequest) -> HttpResponse:
    """The statements that fit no theme, apart from those between two."""
    if not access.can_view_overview(request.user):
        raise PermissionDenied
    form, statements = _filtered(request)
    context: dict[str, Any] = {"can_curate": access.can_curate_themes(request.user), "unsorted": None}
    if statements is not None:
        context.update({
            "unsorted": CappedPaginator(queries.listed(theme_queries.with_status(PlacementStatus.UNSORTED, statements)),
                                        THEME_PER_PAGE, LIST_CAP).get_page(request.GET.get("page")),
            "undecided": list(queries.listed(theme_queries.with_status(PlacementStatus.UNDECIDED, statements))
                              .select_related("placement__theme", "placement__second")[:100]),
            "move_targets": list(theme_queries.movable_to()) if context["can_curate"] else [],
        })
    return _render(request, "overview/remainder.html", context, form)


@require_POST
def theme_curate(request: HttpRequest, pk: int) -> HttpResponse:
    theme = get_object_or_404(Theme, pk=pk)
    if not access.can_curate_themes(request.user):
        raise PermissionDenied
    form = CurationForm(request.POST, theme=theme)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect("overview:theme", pk=theme.pk)
    by = acting(request.user)
    action = form.cleaned_data["action"]
    target = theme
    try:
        if action == "rename":
            actions.rename_theme(by=by, theme=theme, name=form.cleaned_data["name"])
            messages.success(request, _("The theme was renamed."))
        elif action in ("pin", "unpin"):
            actions.pin_theme(by=by, theme=theme, pinned=action == "pin")
            messages.success(request, _("The theme is pinned: the next runs keep its statements.")
                             if action == "pin" else _("The theme is no longer pinned."))
        elif action in ("hide", "show"):
            actions.hide_theme(by=by, theme=theme, hidden=action == "hide")
            messages.success(request, _("The theme is hidden from the overview.") if action == "hide"
                             else _("The theme is shown in the overview again."))
        elif action == "merge":
            target = actions.merge_themes(by=by, into=theme, other=form.cleaned_data["other"])
            messages.success(request, _("The themes were merged."))
        else:
            _kept, new = actions.split_theme(by=by, theme=theme)
            messages.success(request, _("The theme was split in two; the new theme is “%(title)s”.")
                             % {"title": new.title})
    except actions.CurationError as refused:
        messages.error(request, str(refused))
    return redirect("overview:theme", pk=target.pk)


@require_POST
def statement_move(request: HttpRequest, pk: int) -> HttpResponse:
    statement = get_object_or_404(Statement, pk=pk)
    if not access.can_curate_themes(request.user):
        raise PermissionDenied
    form = MoveForm(request.POST)
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = ""
    if not form.is_valid():
        messages.error(request, _("Choose a theme to move the statement to."))
        return redirect(back or "overview:themes")
    try:
        actions.move_statement(by=acting(request.user), statement=statement, theme=form.cleaned_data["theme"])
        messages.success(request, _("The statement was moved to “%(title)s”.")
                         % {"title": form.cleaned_data["theme"].title})
    except actions.CurationError as refused:
        messages.error(request, str(refused))
    return redirect(back or reverse("overview:theme", args=[form.cleaned_data["theme"].pk]))


@require_POST
def themes_run(request: HttpRequest) -> HttpResponse:
    """A coordinator asks for the themes now. With a worker (a backend that defers) the
    run is queued; in development it runs in this request, which a coordinator asked for."""
    if not access.can_run_themes(request.user):
        raise PermissionDenied
    if actions.schedule_theme_run(lambda **when: receivers.run_themes.using(**when).enqueue(), delay=0):
        messages.success(request, _("The themes will be recomputed in a moment."))
        return redirect("overview:themes")
    try:
        run = actions.run_themes(by=acting(request.user))
    except actions.ThemeRunError:
        messages.error(request, _("The theme run failed; the previous themes are kept."))
    else:
        messages.success(request, _("%(count)s themes found in %(statements)s statements.")
                         % {"count": run.themes, "statements": run.statements})
    return redirect("overview:themes")


# --- Ecosystem reports ------------------------------------------------------------------

class ReportForm(forms.Form):
    introduction = forms.CharField(label=_("Coordinator's introduction"), required=False,
                                   max_length=MAX_REPORT_TEXT, widget=forms.Textarea(attrs={"rows": 6}),
                                   help_text=_("Plain paragraphs, separated by an empty line."))
    recommendations = forms.CharField(label=_("Coordinator's recommendations"), required=False,
                                      max_length=MAX_REPORT_TEXT, widget=forms.Textarea(attrs={"rows": 6}),
                                      help_text=_("Plain paragraphs, separated by an empty line."))


def _report_error(code: str) -> str:
    return {
        "no_change": _("Nothing changed since the last published version; it stays the latest."),
        "empty": _("There is nothing to report yet: no public statement of this ecosystem and no introduction."),
        "too_long": _("The introduction and the recommendations may have at most %(max)s characters each.")
        % {"max": _count(MAX_REPORT_TEXT)},
    }.get(code, _("That cannot be done now."))


def _ecosystem(slug: str) -> Ecosystem:
    return get_object_or_404(Ecosystem, slug=slug)


def _version(request: HttpRequest, report: EcosystemReport) -> ReportVersion | None:
    """The published version asked for (``?v=N``), or the latest one (None if none)."""
    number = request.GET.get("v", "")
    if number:
        if not number.isdigit() or len(number) > 6 or report.pk is None:
            raise Http404
        return get_object_or_404(ReportVersion, report=report, number=int(number))
    return report.published


def report_list(request: HttpRequest) -> HttpResponse:
    """The 14 ecosystems, each with its report's state and last publication."""
    if not access.can_view_overview(request.user):
        raise PermissionDenied
    ecosystems = list(Ecosystem.objects.order_by("position").select_related("report__published"))
    rows = []
    for ecosystem in ecosystems:
        report = getattr(ecosystem, "report", None)
        published = report.published if report is not None else None
        changed = bool(report and published and report.updated_at > published.published_at)
        rows.append({"ecosystem": ecosystem, "published": published, "changed": changed})
    return render(request, "overview/report_list.html", {
        "rows": rows, "can_edit": access.can_edit_report(request.user)})


def _report_page(request: HttpRequest, ecosystem: Ecosystem, form: ReportForm | None = None,
                 status: int = 200) -> HttpResponse:
    report = actions.report_of(ecosystem)
    version = _version(request, report)
    can_edit = access.can_edit_report(request.user)
    context: dict[str, Any] = {
        "ecosystem": ecosystem, "report": report, "version": version, "can_edit": can_edit,
        "html": rendering.to_html(version.body) if version else "",
        "latest": version is not None and report.published_id == version.pk,
    }
    if can_edit:
        draft = actions.drafted_report(report)
        context.update({
            "report_form": form or ReportForm(initial={"introduction": report.introduction,
                                                "recommendations": report.recommendations}),
            "draft_html": rendering.to_html(draft),
            "draft_unchanged": report.published is not None and report.published.content_hash == content_hash(draft),
        })
    return render(request, "overview/report.html", context, status=status)


def report_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """The latest published version for everyone; a coordinator also sees today's draft,
    the form for their words, and the publish button."""
    if not access.can_view_report(request.user):
        raise PermissionDenied
    return _report_page(request, _ecosystem(slug))


@require_POST
def report_edit(request: HttpRequest, slug: str) -> HttpResponse:
    ecosystem = _ecosystem(slug)
    if not access.can_edit_report(request.user):
        raise PermissionDenied
    form = ReportForm(request.POST)
    if not form.is_valid():
        return _report_page(request, ecosystem, form, status=400)
    try:
        actions.save_report_draft(by=acting(request.user), ecosystem=ecosystem,
                                  introduction=form.cleaned_data["introduction"],
                                  recommendations=form.cleaned_data["recommendations"])
    except actions.ReportError as refused:
        messages.error(request, _report_error(refused.code))
        return _report_page(request, ecosystem, form, status=400)
    messages.success(request, _("The draft was saved. Publish it when it is ready."))
    return redirect(reverse("overview:report", args=[ecosystem.slug]) + "#draft")


@require_POST
def report_publish(request: HttpRequest, slug: str) -> HttpResponse:
    ecosystem = _ecosystem(slug)
    if not access.can_edit_report(request.user):
        raise PermissionDenied
    try:
        version = actions.publish_report(by=acting(request.user), ecosystem=ecosystem)
    except actions.ReportError as refused:
        messages.error(request, _report_error(refused.code))
    else:
        messages.success(request, _("Version %(number)s of the report is published.") % {"number": version.number})
    return redirect("overview:report", slug=ecosystem.slug)


def report_versions(request: HttpRequest, slug: str) -> HttpResponse:
    ecosystem = _ecosystem(slug)
    if not access.can_view_report(request.user):
        raise PermissionDenied
    versions = ReportVersion.objects.filter(report_id=ecosystem.slug).select_related("published_by").order_by(
        "-number")
    return render(request, "overview/report_versions.html", {"ecosystem": ecosystem, "versions": versions})


def report_download(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    """A published version as Markdown or PDF, with its hash in a header."""
    if fmt not in ("md", "pdf"):
        raise Http404
    ecosystem = _ecosystem(slug)
    if not access.can_view_report(request.user):
        raise PermissionDenied
    version = _version(request, actions.report_of(ecosystem))
    if version is None:
        raise Http404
    name = f"report-{ecosystem.slug}-v{version.number}"
    if fmt == "md":
        response = HttpResponse(version.body, content_type="text/markdown; charset=utf-8")
    else:
        with translation.override("en"):
            title = f"{ecosystem.name}: {settings.ALLIANCE_NAME}"
        response = HttpResponse(rendering.to_pdf(version.body, title), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    response["X-Content-Hash"] = version.content_hash
    return response
