"""Country and ecosystem lists sort the way the reader's language does: an accented
letter with its base letter (Österreich among the O's), not after Z."""

import pytest
from django.urls import reverse

from alliance.community.forms import OrganisationForm
from alliance.lib.collation import sort_key

pytestmark = pytest.mark.django_db


def option_labels(html: str, select_name: str) -> list[str]:
    from html.parser import HTMLParser

    class Options(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.inside, self.labels, self.current = False, [], None

        def handle_starttag(self, tag, attrs):
            if tag == "select":
                self.inside = dict(attrs).get("name") == select_name
            elif tag == "option" and self.inside:
                self.current = ""

        def handle_data(self, data):
            if self.current is not None:
                self.current += data

        def handle_endtag(self, tag):
            if tag == "option" and self.current is not None:
                self.labels.append(self.current.strip())
                self.current = None
            elif tag == "select":
                self.inside = False

    parser = Options()
    parser.feed(html)
    return parser.labels


def between(labels: list[str], before: str, name: str, after: str) -> bool:
    return labels.index(before) < labels.index(name) < labels.index(after)


def test_in_german_oesterreich_sorts_between_niederlande_and_polen_in_the_directory(client):
    page = client.get(reverse("community:directory"), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert between(option_labels(page, "country"), "Niederlande", "Österreich", "Polen")


def test_in_german_oesterreich_sorts_between_niederlande_and_polen_in_the_organisation_form(client, participant):
    client.force_login(participant)
    page = client.get(reverse("community:organisation_create"), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert between(option_labels(page, "country"), "Niederlande", "Österreich", "Polen")


def test_in_german_the_session_registration_form_sorts_countries_the_same_way(client):
    from tests.factories import SessionFactory

    session = SessionFactory()
    page = client.get(reverse("meetings:register", args=[session.pk]), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert between(option_labels(page, "organisation_country"), "Niederlande", "Österreich", "Polen")


def test_in_french_accented_ecosystems_sort_with_their_base_letter(client):
    page = client.get(reverse("community:directory"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    labels = option_labels(page, "ecosystem")
    assert between(labels, "Construction", "Électronique", "Industries culturelles et créatives")
    assert between(labels, "Électronique", "Énergies renouvelables", "Industries culturelles et créatives")


def test_the_organisation_form_lists_ecosystems_in_the_readers_alphabet():
    from django.utils import translation

    with translation.override("fr"):
        labels = [str(label) for _value, label in OrganisationForm().fields["ecosystems"].choices]
    assert between(labels, "Construction", "Économie de proximité, économie sociale et sécurité civile", "Numérique")


def test_accents_and_case_only_break_ties():
    assert sorted(["Polen", "Österreich", "Niederlande", "Zypern"], key=sort_key) == [
        "Niederlande", "Österreich", "Polen", "Zypern"]
    assert sorted(["éclair", "Eclair", "eclair"], key=sort_key) == ["Eclair", "eclair", "éclair"]
    assert sorted(["Łódzkie", "Lubelskie", "Mazowieckie"], key=sort_key) == ["Łódzkie", "Lubelskie", "Mazowieckie"]
    assert sort_key("Straße")[0] == sort_key("Strasse")[0]


def test_in_french_the_ecosystem_page_lists_them_in_the_readers_alphabet(client):
    ecosystems = client.get(reverse("community:ecosystems"), HTTP_ACCEPT_LANGUAGE="fr").context["ecosystems"]
    names = [eco.name for eco in ecosystems]
    assert between(names, "Construction", "Électronique", "Industries culturelles et créatives")
    assert between(names, "Commerce de détail", "Économie de proximité, économie sociale et sécurité civile",
                   "Numérique")
