"""Every non-English catalog covers every UI string the code and templates hold, and the
committed .mo files are current."""

import contextlib
import gettext
import re
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

PACKAGE = Path(__file__).resolve().parents[2] / "alliance"
LOCALE = PACKAGE / "locale"
LANGUAGES = ["de", "fr", "it", "es"]


def _unescape(quoted: str) -> str:
    text = "".join(re.findall(r'"(.*)"', quoted))
    return text.encode().decode("unicode_escape").encode("latin-1").decode("utf-8")


def catalog_keys(path: Path, *, refuse_fuzzy: bool = False) -> set[tuple[str, str]]:
    """(msgctxt, msgid) of every entry but the header; obsolete (#~) entries are not entries."""
    keys = set()
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        if refuse_fuzzy and "#, fuzzy" in block and 'msgid ""\nmsgstr ""\n"Project' not in block:
            pytest.fail(f"fuzzy entry in {path}: {block[:200]}")
        msgid = re.search(r'^msgid ((?:".*"\n?)+)', block, re.M)
        if msgid and _unescape(msgid.group(1)):
            context = re.search(r'^msgctxt ((?:".*"\n?)+)', block, re.M)
            keys.add((_unescape(context.group(1)) if context else "", _unescape(msgid.group(1))))
    return keys


def po_msgids(language: str) -> set[str]:
    return {msgid for _context, msgid in
            catalog_keys(LOCALE / language / "LC_MESSAGES" / "django.po", refuse_fuzzy=True)}


@pytest.fixture(scope="module")
def source_keys(tmp_path_factory) -> set[tuple[str, str]]:
    """What `make messages` would extract today, extracted by Django's own makemessages
    into a scratch locale folder, so the committed catalogs stay untouched."""
    if not shutil.which("xgettext"):
        pytest.skip("GNU gettext (xgettext) is not installed: apt-get install gettext")
    scratch = tmp_path_factory.mktemp("extract")
    for entry in PACKAGE.iterdir():
        if entry.name != "locale" and not entry.name.startswith("."):
            (scratch / entry.name).symlink_to(entry)
    from django.test.utils import override_settings

    # makemessages writes next to the first LOCALE_PATHS entry whose folder holds the files it reads.
    with override_settings(LOCALE_PATHS=[str(scratch / "locale")]), contextlib.chdir(scratch):
        call_command("makemessages", locale=["en"], symlinks=True, keep_pot=True, no_location=True, verbosity=0)
    return catalog_keys(scratch / "locale" / "django.pot")


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated_in_the_compiled_catalog(language):
    with (LOCALE / language / "LC_MESSAGES" / "django.mo").open("rb") as handle:
        catalog = gettext.GNUTranslations(handle)._catalog  # type: ignore[attr-defined]
    compiled = {key[0] if isinstance(key, tuple) else key for key, value in catalog.items() if value}
    # A message with a context is compiled as "context\x04msgid".
    compiled |= {key.split("\x04", 1)[1] for key in compiled if "\x04" in key}
    missing = po_msgids(language) - compiled
    assert not missing, f"{len(missing)} untranslated or not compiled (run make messages): {sorted(missing)[:5]}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_catalog_has_every_string_of_the_code_and_templates(source_keys, language):
    assert len(source_keys) > 500  # the extraction found the project's strings, not an empty folder
    missing = source_keys - catalog_keys(LOCALE / language / "LC_MESSAGES" / "django.po")
    assert not missing, f"{len(missing)} strings missing from {language} (run make messages): {sorted(missing)[:5]}"


@pytest.mark.django_db
@pytest.mark.parametrize("language,word", [("de", "Verzeichnis"), ("fr", "Annuaire"),
                                           ("it", "Elenco delle organizzazioni"),
                                           ("es", "Directorio de organizaciones")])
def test_pages_follow_the_chosen_language(client, language, word):
    client.post(reverse("set_language"), {"language": language, "next": "/"})
    body = client.get(reverse("community:directory")).content.decode()
    assert f'lang="{language}"' in body and word in body
    with translation.override(language):
        from alliance.community.ecosystems import ECOSYSTEM_NAMES

        assert str(ECOSYSTEM_NAMES["health"]) != "Health" or language == "en"


@pytest.mark.django_db
def test_the_language_selector_offers_italian_and_spanish(client):
    body = client.get(reverse("community:directory")).content.decode()
    assert '<option value="it" lang="it"' in body and "italiano" in body.lower()
    assert '<option value="es" lang="es"' in body and "español" in body.lower()
