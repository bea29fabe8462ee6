"""The overview of needs: counts, the ecosystem × month heat map, organisation types,
regions and the statements themselves, all filtered the same way, and their download.
Views parse the filters, ask queries.py and render; nothing here writes."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from alliance.community.ecosystems import ECOSYSTEMS
from alliance.community.models import OrganisationType
from alliance.lib.paging import CappedPaginator
from alliance.lib.spreadsheet import cell, csv_response
from alliance.overview import access, charts, queries
from alliance.overview.forms import StatementFilterForm
from alliance.overview.models import StatementKind

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
        summary = queries.summary(statements)
        heat = queries.heat_map(statements, ORDER)
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
                cell_links=[[_with(request, ecosystem=slug, since=f"{m:%Y-%m-%d}", until=f"{_month_end(m):%Y-%m-%d}")
                             for m in heat.months] for slug in heat.ecosystems]),
            "type_rows": type_rows,
            "type_svg": charts.bar_chart(
                [label for _v, label, _n in type_rows], [n for _v, _l, n in type_rows],
                title=_("Statements by organisation type"), format_value=_count,
                links=[_with(request, organisation_type=value) if value else None for value, _l, _n in type_rows]),
            "regions": queries.by_nuts2(statements)[:10],
            "latest": queries.listed(statements)[:5],
        })
    return _render(request, "overview/overview.html", context, form)


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
    rows = sorted(queries.by_nuts2(statements), key=REGION_SORTS[sort]) if statements is not None else None
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

