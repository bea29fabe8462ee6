"""German and French catalogs cover every UI string, and the committed .mo files are current."""

import gettext
import re
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

LOCALE = Path(__file__).resolve().parents[2] / "alliance" / "locale"


def po_msgids(language: str) -> set[str]:
    text = (LOCALE / language / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    ids = set()
    for block in text.split("\n\n"):
        if "#, fuzzy" in block and 'msgid ""\nmsgstr ""\n"Project' not in block:
            pytest.fail(f"fuzzy entry in {language}: {block[:200]}")
        match = re.search(r'^msgid ((?:".*"\n?)+)', block, re.M)
        if match:
            msgid = "".join(re.findall(r'"(.*)"', match.group(1)))
            if msgid:
                ids.add(msgid.encode().decode("unicode_escape").encode("latin-1").decode("utf-8"))
    return ids


@pytest.mark.parametrize("language", ["de", "fr"])
def test_every_message_is_translated_in_the_compiled_catalog(language):
    with (LOCALE / language / "LC_MESSAGES" / "django.mo").open("rb") as handle:
        catalog = gettext.GNUTranslations(handle)._catalog  # type: ignore[attr-defined]
    compiled = {key[0] if isinstance(key, tuple) else key for key, value in catalog.items() if value}
    missing = po_msgids(language) - compiled
    assert not missing, f"{len(missing)} untranslated or not compiled (run make messages): {sorted(missing)[:5]}"


@pytest.mark.django_db
@pytest.mark.parametrize("language,word", [("de", "Verzeichnis"), ("fr", "Annuaire")])
def test_pages_follow_the_chosen_language(client, language, word):
    client.post(reverse("set_language"), {"language": language, "next": "/"})
    body = client.get(reverse("community:directory")).content.decode()
    assert f'lang="{language}"' in body and word in body
    with translation.override(language):
        from alliance.community.ecosystems import ECOSYSTEM_NAMES

        assert str(ECOSYSTEM_NAMES["health"]) != "Health" or language == "en"
