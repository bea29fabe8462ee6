"""With the product's encoder, an Italian need for masks finds the German offer of
masks first, among offers of other things, and says it matched by meaning."""

from __future__ import annotations

from datetime import date

from alliance.exchange import matching as m
from alliance.lib import embedding
from alliance.lib.exchange_vocabulary import DIGITAL, EU_WIDE, LOGISTICS, NEED, OFFER, PROTECTIVE_EQUIPMENT

TODAY = date(2020, 4, 1)


def test_an_italian_need_finds_the_german_offer() -> None:
    texts = ["Servono mascherine FFP2 per i 300 operai del nostro stabilimento vicino a Bergamo.",
             "Zertifizierte Atemschutzmasken der Klasse FFP2 ab Lager München, Versand in die ganze EU.",
             "Wir bieten Kühltransporte für Lebensmittel zwischen Bayern und Norditalien.",
             "Nous proposons une plateforme de congrès virtuels avec votes pour les associations.",
             "Offriamo corsi di formazione sul telelavoro per le piccole imprese."]
    vectors = embedding.encode(texts)
    need = m.Candidate("need", NEED, texts[0], language="it", vector=vectors[0], categories=(PROTECTIVE_EQUIPMENT,),
                       region="ITC4", reach=EU_WIDE, posted_on=TODAY)
    offers = [m.Candidate("masks", OFFER, texts[1], language="de", vector=vectors[1],
                          categories=(PROTECTIVE_EQUIPMENT,), region="DE21", reach=EU_WIDE, posted_on=TODAY),
              m.Candidate("transport", OFFER, texts[2], language="de", vector=vectors[2], categories=(LOGISTICS,),
                          region="DE21", reach=EU_WIDE, posted_on=TODAY),
              m.Candidate("platform", OFFER, texts[3], language="fr", vector=vectors[3], categories=(DIGITAL,),
                          region="FR10", reach=EU_WIDE, posted_on=TODAY),
              m.Candidate("training", OFFER, texts[4], language="it", vector=vectors[4], region="ITC4",
                          reach=EU_WIDE, posted_on=TODAY)]
    # Without categories too: meaning alone puts the German masks first.
    meaning_only = m.Weights(**{**dict.fromkeys(m.PARTS, 0.0), "meaning": 1.0})
    assert m.rank(need, offers, today=TODAY, weights=meaning_only)[0].id == "masks"
    best = m.rank(need, offers, today=TODAY)[0]
    assert best.id == "masks"
    assert ("language", "de", "meaning") in best.reasons
