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
from typing import TYPE_CHECKING, Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models, transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from alliance.community.actions import log_activity
from alliance.community.models import ActivityVerb, Ecosystem, Organisation, Person, Region
from alliance.community.search import refresh_statistics
from alliance.lib.clean import BadTextError, check_text
from alliance.lib.spreadsheet import cell

if TYPE_CHECKING:
    from alliance.accounts.models import User

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


# --- Validation by the model ---------------------------------------------------
# Each row becomes an unsaved instance checked by the model's own full_clean, so a rule
# added to the model holds for imports without a change here. Kept out of it, and done
# once per file instead of once per row: the foreign keys (looked up in tables read
# up front) and uniqueness (checked for the whole file in one query per 500 names).

def _choice_message(field: str, value: str, allowed: list[str]) -> str | None:
    """A CSV author needs the codes to write, which the model's message does not list."""
    if field == "type":
        return _("Unknown type “%(v)s”; use one of %(all)s.") % {"v": value, "all": ", ".join(allowed)}
    if field == "size":
        return _("Unknown size “%(v)s”; use one of %(all)s.") % {"v": value, "all": ", ".join(allowed)}
    if field == "visibility":
        return _("Use “public” or “members”.")
    return None


def _model_errors(instance: Any, *, exclude: list[str], columns: dict[str, str] | None = None) -> list[tuple[str, str]]:
    """The model's verdict on a row as (column, message) pairs; errors of the whole row
    (the model's clean() without a field) have no column."""
    errors: list[tuple[str, str]] = []
    try:
        instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        for name, found in error.error_dict.items():
            column = "" if name == NON_FIELD_ERRORS else (columns or {}).get(name, name)
            for each in found:
                message = None
                if each.code == "invalid_choice":
                    model_field = instance._meta.get_field(name)
                    message = _choice_message(name, getattr(instance, model_field.attname),
                                              [str(v) for v, _label in model_field.flatchoices])
                errors.extend([(column, message)] if message else [(column, m) for m in each.messages])
    # Django enforces a TextField's max_length in forms only; the model still declares it.
    for model_field in instance._meta.concrete_fields:
        if isinstance(model_field, models.TextField) and model_field.max_length and model_field.name not in exclude:
            try:
                MaxLengthValidator(model_field.max_length)(getattr(instance, model_field.attname))
            except ValidationError as error:
                errors.extend(((columns or {}).get(model_field.name, model_field.name), m) for m in error.messages)
    return errors


def _constraint_message(model: Any, name: str) -> str:
    return str(next(c for c in model._meta.constraints if c.name == name).get_violation_error_message())


def _sorted(errors: list[RowError], columns: list[str]) -> list[RowError]:
    return sorted(errors, key=lambda e: (e.row, columns.index(e.column) if e.column in columns else len(columns)))


# --- Organisations -----------------------------------------------------------

def _validate_organisation(row: dict[str, str], countries: dict[str, Region], regions: dict[str, Region],
                           ecosystems: set[str]) -> tuple[Organisation, list[str], list[tuple[str, str]]]:
    errors: list[tuple[str, str]] = []
    country_code = row.get("country", "").upper()
    country = countries.get(country_code)
    if country is None:
        errors.append(("country", _("“%(v)s” is not a NUTS country code.") % {"v": row.get("country", "")}))
    region = regions.get(row.get("region", "").upper() or country_code)
    if region is None:
        errors.append(("region", _("“%(v)s” is not a NUTS 2024 region code.") % {"v": row.get("region", "")}))
    values: dict[str, Any] = {name: row.get(name, "") for name in ("name", "type", "size", "website", "description")}
    if row.get("visibility"):  # an empty cell takes the model's default
        values["visibility"] = row["visibility"]
    values.update({f"{name}_id": found.code for name, found in (("country", country), ("region", region)) if found})
    organisation = Organisation(**values)
    errors.extend(_model_errors(organisation, exclude=["country", "region"]))
    website = values["website"]
    # Stricter than the model (which also takes ftp://): a profile links to a web page.
    if website and not any(col == "website" for col, _m in errors) and website.split(":", 1)[0].lower() not in (
            "http", "https"):
        errors.append(("website", _("Not a web address (http:// or https://).")))
    slugs = [s.strip() for s in row.get("ecosystems", "").split(";") if s.strip()]
    unknown = [s for s in slugs if s not in ecosystems]
    if unknown:
        errors.append(("ecosystems", _("Unknown ecosystems: %(v)s.") % {"v": ", ".join(unknown)}))
    return organisation, slugs, errors


def import_organisations(data: bytes | str, *, by: User | None = None) -> ImportReport:
    report = ImportReport(kind="organisations")
    regions = {r.code: r for r in Region.objects.all()}
    country_field = Organisation._meta.get_field("country")
    countries = {r.code: r for r in Region.objects.complex_filter(country_field.get_limit_choices_to())}
    ecosystems = set(Ecosystem.objects.values_list("slug", flat=True))
    valid: list[tuple[Organisation, list[str]]] = []
    seen: dict[tuple[str, str], int] = {}
    for index, row in _read(data, ORGANISATION_COLUMNS, {"name", "type", "country"}):
        organisation, slugs, errors = _validate_organisation(row, countries, regions, ecosystems)
        if organisation.name and organisation.country_id is not None:
            key = (organisation.name.lower(), organisation.country_id)
            if key in seen:
                errors.append(("name", _("Same name and country as row %(row)s.") % {"row": seen[key]}))
            else:
                seen[key] = index
        report.errors.extend(RowError(index, col, msg) for col, msg in errors)
        if not errors:
            valid.append((organisation, slugs))
    if seen:
        existing = _existing_organisation_keys(seen)
        duplicate = _constraint_message(Organisation, "organisation_name_country_unique")
        report.errors.extend(RowError(index, "name", duplicate) for key, index in seen.items() if key in existing)
    if report.errors:
        report.errors = _sorted(report.errors, ORGANISATION_COLUMNS)
        return report
    with transaction.atomic():
        orgs = Organisation.objects.bulk_create([o for o, _s in valid])
        through = Organisation.ecosystems.through
        through.objects.bulk_create([
            through(organisation_id=org.pk, ecosystem_id=slug)
            for org, (_f, slugs) in zip(orgs, valid, strict=True) for slug in slugs
        ])
        log_activity(by, ActivityVerb.ORGANISATIONS_IMPORTED, f"{len(orgs)} rows", count=len(orgs))
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

def import_people(data: bytes | str, *, by: User | None = None) -> ImportReport:
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
    duplicate = _constraint_message(Person, "person_email_ci_unique")
    for index, row in rows:
        errors: list[tuple[str, str]] = []
        affiliation = None
        if row.get("organisation"):
            key = (row["organisation"].lower(), row.get("organisation_country", "").upper())
            affiliation = orgs.get(key)
            if affiliation is None:
                errors.append(("organisation", _(
                    "No organisation “%(name)s” in country “%(c)s” in the registry; import it first.")
                    % {"name": row["organisation"], "c": key[1]}))
        languages = [c.strip().lower() for c in row.get("languages", "").replace(";", ",").split(",") if c.strip()]
        # The model only bounds the field's length; the codes themselves are the file's format.
        if any(len(c) != 2 or not c.isalpha() for c in languages):
            errors.append(("languages", _("Use two-letter language codes separated by commas.")))
        consents = {}
        for column in ("consent_mailing_list", "consent_public_listing"):
            value = _bool(row.get(column, ""))
            if value is None:
                errors.append((column, _("Use yes or no.")))
            consents[column] = bool(value)
        person = Person(
            name=row.get("name", ""), email=row.get("email", "").lower(), affiliation=affiliation,
            job_title=row.get("job_title", ""), languages=",".join(languages),
            consent_mailing_list=consents["consent_mailing_list"],
            consent_mailing_list_at=now if consents["consent_mailing_list"] else None,
            consent_public_listing=consents["consent_public_listing"],
            consent_public_listing_at=now if consents["consent_public_listing"] else None,
        )
        model_errors = _model_errors(person, exclude=["affiliation", "user"], columns={"affiliation": "organisation"})
        errors.extend(model_errors)
        if not any(col == "email" for col, _m in model_errors):
            if person.email in emails_in_db:
                errors.append(("email", duplicate))
            elif person.email in seen:
                errors.append(("email", _("Same e-mail address as row %(row)s.") % {"row": seen[person.email]}))
            seen.setdefault(person.email, index)
        report.errors.extend(RowError(index, col, msg) for col, msg in errors)
        if not errors:
            people.append(person)
    if report.errors:
        report.errors = _sorted(report.errors, PEOPLE_COLUMNS)
        return report
    with transaction.atomic():
        Person.objects.bulk_create(people)
        log_activity(by, ActivityVerb.PEOPLE_IMPORTED, f"{len(people)} rows", count=len(people))
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
