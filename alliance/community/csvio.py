"""CSV import and export of organisations and people.

Imports are all-or-nothing: every row is validated first (each row against the
database *and* against the rows above it), every error is reported with its
row number and column, and only a clean file is written, inside one transaction.
"""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from alliance.community.models import (
    ActivityLog,
    CompanySize,
    Ecosystem,
    Organisation,
    OrganisationType,
    Person,
    Region,
    Visibility,
)
from alliance.community.search import refresh_statistics
from alliance.lib.clean import BadTextError, check_text
from alliance.lib.spreadsheet import cell

ORGANISATION_COLUMNS = ["name", "type", "size", "country", "region", "website", "description",
                        "ecosystems", "visibility"]
PEOPLE_COLUMNS = ["name", "email", "organisation", "organisation_country", "job_title",
                  "languages", "consent_mailing_list", "consent_public_listing"]
MAX_ROWS = 50_000
_TRUE, _FALSE = {"1", "yes", "true", "y"}, {"0", "no", "false", "n", ""}


@dataclass
class RowError:
    row: int  # 1 = the header row, so data starts at 2, as a spreadsheet shows it
    column: str
    message: str


@dataclass
class ImportReport:
    kind: str
    created: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class CsvFormatError(Exception):
    """The file as a whole cannot be read (encoding, header)."""


def _read(data: bytes | str, columns: list[str], required: set[str]) -> Iterator[tuple[int, dict[str, str]]]:
    if isinstance(data, bytes):
        if b"\x00" in data[:4096]:
            raise CsvFormatError(_("This is not a text file."))
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise CsvFormatError(_("The file is not UTF-8 text. Save it as “CSV UTF-8” and try again.")) from None
    else:
        text = data
    try:
        check_text(text)
    except BadTextError:
        raise CsvFormatError(_("The file holds a NUL character or broken Unicode: it is not plain CSV text.")) from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        header = [h.strip() for h in (reader.fieldnames or [])]
    except csv.Error:
        raise _unreadable(1) from None
    if not header:
        raise CsvFormatError(_("The file is empty."))
    missing = sorted(required - set(header))
    if missing:
        raise CsvFormatError(_("Missing columns: %(cols)s. Expected: %(all)s.") % {
            "cols": ", ".join(missing), "all": ", ".join(columns)})
    unknown = sorted(set(header) - set(columns))
    if unknown:
        raise CsvFormatError(_("Unknown columns: %(cols)s. Expected: %(all)s.") % {
            "cols": ", ".join(unknown), "all": ", ".join(columns)})
    reader.fieldnames = header
    rows = iter(reader)
    for index in itertools.count(2):
        try:
            raw = next(rows)
        except StopIteration:
            return
        except csv.Error:
            raise _unreadable(index) from None
        if index - 1 > MAX_ROWS:
            raise CsvFormatError(_("The file has more than %(n)s rows.") % {"n": MAX_ROWS})
        if None in raw:
            raise CsvFormatError(_("Row %(row)s has more cells than the header.") % {"row": index})
        yield index, {key: (value or "").strip() for key, value in raw.items()}


def _unreadable(row: int) -> CsvFormatError:
    # The csv module's only error left once the text is clean: a cell over its field limit.
    return CsvFormatError(_("Row %(row)s has a cell longer than %(n)s characters.") % {
        "row": row, "n": csv.field_size_limit()})


def _bool(value: str) -> bool | None:
    lowered = value.lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    return None


# --- Organisations -----------------------------------------------------------

def _validate_organisation(row: dict[str, str], regions: dict[str, Region],
                           ecosystems: set[str]) -> tuple[dict[str, Any], list[str], list[tuple[str, str]]]:
    errors: list[tuple[str, str]] = []
    fields: dict[str, Any] = {}
    name = row.get("name", "")
    if not name:
        errors.append(("name", _("A name is required.")))
    elif len(name) > 200:
        errors.append(("name", _("At most 200 characters.")))
    fields["name"] = name
    org_type = row.get("type", "")
    if org_type not in OrganisationType.values:
        errors.append(("type", _("Unknown type “%(v)s”; use one of %(all)s.") % {
            "v": org_type, "all": ", ".join(OrganisationType.values)}))
    fields["type"] = org_type
    size = row.get("size", "")
    if size and size not in CompanySize.values:
        errors.append(("size", _("Unknown size “%(v)s”; use one of %(all)s.") % {
            "v": size, "all": ", ".join(CompanySize.values)}))
    elif size and org_type != OrganisationType.COMPANY:
        errors.append(("size", _("Only companies have a size class.")))
    fields["size"] = size
    country_code = row.get("country", "").upper()
    country = regions.get(country_code)
    if country is None or country.level != 0:
        errors.append(("country", _("“%(v)s” is not a NUTS country code.") % {"v": row.get("country", "")}))
    fields["country"] = country
    region_code = row.get("region", "").upper() or country_code
    region = regions.get(region_code)
    if region is None:
        errors.append(("region", _("“%(v)s” is not a NUTS 2024 region code.") % {"v": row.get("region", "")}))
    elif country is not None and region.country_code != country.code:
        errors.append(("region", _("Region %(r)s is not in %(c)s.") % {"r": region.code, "c": country.code}))
    fields["region"] = region
    website = row.get("website", "")
    if website:
        try:
            URLValidator(schemes=["http", "https"])(website)
        except ValidationError:
            errors.append(("website", _("Not a web address (http:// or https://).")))
    fields["website"] = website
    description = row.get("description", "")
    if len(description) > 5000:
        errors.append(("description", _("At most 5000 characters.")))
    fields["description"] = description
    visibility = row.get("visibility", "") or Visibility.PUBLIC
    if visibility not in Visibility.values:
        errors.append(("visibility", _("Use “public” or “members”.")))
    fields["visibility"] = visibility
    slugs = [s.strip() for s in row.get("ecosystems", "").split(";") if s.strip()]
    unknown = [s for s in slugs if s not in ecosystems]
    if unknown:
        errors.append(("ecosystems", _("Unknown ecosystems: %(v)s.") % {"v": ", ".join(unknown)}))
    return fields, slugs, errors


def import_organisations(data: bytes | str, *, by: Any = None) -> ImportReport:
    report = ImportReport(kind="organisations")
    regions = {r.code: r for r in Region.objects.all()}
    ecosystems = set(Ecosystem.objects.values_list("slug", flat=True))
    valid: list[tuple[dict[str, Any], list[str]]] = []
    seen: dict[tuple[str, str], int] = {}
    for index, row in _read(data, ORGANISATION_COLUMNS, {"name", "type", "country"}):
        fields, slugs, errors = _validate_organisation(row, regions, ecosystems)
        if fields["name"] and fields["country"] is not None:
            key = (fields["name"].lower(), fields["country"].code)
            if key in seen:
                errors.append(("name", _("Same name and country as row %(row)s.") % {"row": seen[key]}))
            else:
                seen[key] = index
        report.errors.extend(RowError(index, col, msg) for col, msg in errors)
        if not errors:
            valid.append((fields, slugs))
    if seen:
        existing = _existing_organisation_keys(seen)
        for key, index in seen.items():
            if key in existing:
                report.errors.append(RowError(index, "name", _(
                    "An organisation with this name already exists in this country.")))
    if report.errors:
        report.errors.sort(key=lambda e: (e.row, ORGANISATION_COLUMNS.index(e.column)))
        return report
    with transaction.atomic():
        orgs = Organisation.objects.bulk_create([Organisation(**f) for f, _s in valid])
        through = Organisation.ecosystems.through
        through.objects.bulk_create([
            through(organisation_id=org.pk, ecosystem_id=slug)
            for org, (_f, slugs) in zip(orgs, valid, strict=True) for slug in slugs
        ])
        ActivityLog.objects.create(actor=by if by and by.is_authenticated else None,
                                   verb="organisations.imported", subject=f"{len(orgs)} rows",
                                   data={"count": len(orgs)})
    report.created = len(orgs)
    if report.created > 1000:
        refresh_statistics()
    return report


def _existing_organisation_keys(keys: dict[tuple[str, str], int]) -> set[tuple[str, str]]:
    names = sorted({name for name, _c in keys})
    found: set[tuple[str, str]] = set()
    for start in range(0, len(names), 500):
        rows = (
            Organisation.objects.annotate(lname=Lower("name"))
            .filter(lname__in=names[start:start + 500])
            .values_list("lname", "country_id")
        )
        found.update(rows)
    return found


# --- People --------------------------------------------------------------------

def import_people(data: bytes | str, *, by: Any = None) -> ImportReport:
    report = ImportReport(kind="people")
    rows = list(_read(data, PEOPLE_COLUMNS, {"name", "email"}))
    emails_in_db = set(
        Person.objects.filter(email__in=[r.get("email", "").lower() for _i, r in rows])
        .values_list("email", flat=True)
    )
    org_keys = {(r.get("organisation", "").lower(), r.get("organisation_country", "").upper())
                for _i, r in rows if r.get("organisation")}
    orgs: dict[tuple[str, str], Organisation] = {}
    names = sorted({n for n, _c in org_keys})
    for start in range(0, len(names), 500):
        for org in Organisation.objects.annotate(lname=Lower("name")).filter(
            lname__in=names[start:start + 500]
        ):
            orgs[(org.name.lower(), org.country_id)] = org
    seen: dict[str, int] = {}
    people: list[Person] = []
    now = timezone.now()
    for index, row in rows:
        errors: list[tuple[str, str]] = []
        name, email = row.get("name", ""), row.get("email", "").lower()
        if not name:
            errors.append(("name", _("A name is required.")))
        try:
            validate_email(email)
        except ValidationError:
            errors.append(("email", _("“%(v)s” is not a valid e-mail address.") % {"v": row.get("email", "")}))
        else:
            if email in emails_in_db:
                errors.append(("email", _("A person with this e-mail address is already registered.")))
            elif email in seen:
                errors.append(("email", _("Same e-mail address as row %(row)s.") % {"row": seen[email]}))
            seen.setdefault(email, index)
        affiliation = None
        if row.get("organisation"):
            key = (row["organisation"].lower(), row.get("organisation_country", "").upper())
            affiliation = orgs.get(key)
            if affiliation is None:
                errors.append(("organisation", _(
                    "No organisation “%(name)s” in country “%(c)s” in the registry; import it first.")
                    % {"name": row["organisation"], "c": key[1]}))
        languages = [c.strip().lower() for c in row.get("languages", "").replace(";", ",").split(",") if c.strip()]
        if any(len(c) != 2 or not c.isalpha() for c in languages):
            errors.append(("languages", _("Use two-letter language codes separated by commas.")))
        consents = {}
        for column in ("consent_mailing_list", "consent_public_listing"):
            value = _bool(row.get(column, ""))
            if value is None:
                errors.append((column, _("Use yes or no.")))
            consents[column] = bool(value)
        if len(row.get("job_title", "")) > 200:
            errors.append(("job_title", _("At most 200 characters.")))
        report.errors.extend(RowError(index, col, msg) for col, msg in errors)
        if not errors:
            people.append(Person(
                name=name, email=email, affiliation=affiliation, job_title=row.get("job_title", ""),
                languages=",".join(languages),
                consent_mailing_list=consents["consent_mailing_list"],
                consent_mailing_list_at=now if consents["consent_mailing_list"] else None,
                consent_public_listing=consents["consent_public_listing"],
                consent_public_listing_at=now if consents["consent_public_listing"] else None,
            ))
    if report.errors:
        report.errors.sort(key=lambda e: (e.row, PEOPLE_COLUMNS.index(e.column)))
        return report
    with transaction.atomic():
        Person.objects.bulk_create(people)
        ActivityLog.objects.create(actor=by if by and by.is_authenticated else None,
                                   verb="people.imported", subject=f"{len(people)} rows",
                                   data={"count": len(people)})
    report.created = len(people)
    return report


# --- Export ----------------------------------------------------------------------

def write_organisations(orgs: Iterable[Organisation], out: io.StringIO | Any) -> None:
    writer = csv.writer(out)
    writer.writerow(ORGANISATION_COLUMNS)
    for org in orgs:
        writer.writerow([cell(v) for v in (
            org.name, org.type, org.size, org.country_id, org.region_id, org.website,
            org.description, ";".join(e.slug for e in org.ecosystems.all()), org.visibility,
        )])


def write_people(people: Iterable[Person], out: io.StringIO | Any) -> None:
    writer = csv.writer(out)
    writer.writerow(PEOPLE_COLUMNS)
    for p in people:
        org = p.affiliation
        writer.writerow([cell(v) for v in (
            p.name, p.email, org.name if org else "", org.country_id if org else "", p.job_title,
            p.languages, "yes" if p.consent_mailing_list else "no",
            "yes" if p.consent_public_listing else "no",
        )])
