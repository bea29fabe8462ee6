"""A post written as free text, read into the post's fields as a suggestion the author
confirms (issue 11): kind, resource categories, quantity and unit, region, urgency and an
expiry date. Pure: plain text in, plain data out, nothing from Django.

Everything is found by rules, in English, German, French, Italian and Spanish:

* **kind** from cues ("we need", "wir suchen", "offriamo", "partners wanted", "consorcio");
  a partner-search cue outweighs a need cue ("looking for partners" is a partner search);
* **categories** from keyword lists per category and language (``CATEGORY_KEYWORDS``;
  "FFP2", "Schutzmasken", "mascherine" → protective equipment);
* **quantity and unit**: digits with the separators of each language ("10.000 Masken",
  "10,000 masks", "1,5 t", "10 000 masques"), "5k", "2 Mio.", ranges ("200-300",
  "between 200 and 300": the larger, the smaller kept as ``low``), number words
  ("two hundred", "zweihundert", "deux cents", "duecento", "doscientos", "a dozen");
  the unit is a measure (t, kg, l, m2, h, EUR, pallets …) or the noun that follows
  ("300 workers" → workers). Quantities are positive and finite: "lots", "-5", "0" give
  none, and a :class:`Note` says why;
* **region** from a :class:`~alliance.exchange.gazetteer.Gazetteer` (NUTS code and the
  place as written);
* **urgency** ("urgent", "dringend", "asap", "subito", "lo antes posible"; "critical",
  "Notfall") and a deadline within a week;
* **expiry** from a named date ("by 15 March", "bis 15.03.2026", "entro venerdì",
  "within two weeks"); a date in the past gives none, and a note.

Every suggested value carries the span of text it came from (``text[start:end]``), so the
form can show "found: 300 workers". Notes carry a stable ``code`` for the interface to
translate and an English ``message``.

Not covered: negations ("we do not need masks"), several needs in one post (the first
quantity with a unit wins; all are in ``quantities``), fractions in words ("half a
tonne"), ordinal dates in words ("the fifteenth"), weeks numbers, languages other than the
five.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from alliance.exchange.gazetteer import Folded, Gazetteer, PlaceMatch
from alliance.lib.exchange_vocabulary import (
    DIGITAL,
    EXPERTISE,
    FUNDING,
    LOGISTICS,
    MEDICAL_DEVICES,
    NEED,
    OFFER,
    PARTNER_SEARCH,
    PREMISES,
    PRODUCTION_CAPACITY,
    PROTECTIVE_EQUIPMENT,
    RAW_MATERIALS,
    URGENCIES,
    WORKFORCE,
)

LANGUAGES = ("en", "de", "fr", "it", "es")
_LOW, _NORMAL, HIGH, CRITICAL = URGENCIES
MAX_TEXT = 20_000  # characters read; a post is far shorter, and rules stay linear
MAX_QUANTITY = 1e12  # more than any alliance trades in: a typo or a phone number
Span = tuple[int, int]


# --- Results ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Found:
    """A suggested value and where it was read: ``text`` is ``post[start:end]``."""

    value: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Quantity:
    amount: float
    unit: str | None
    start: int
    end: int
    text: str
    low: float | None = None  # the smaller end of a range


@dataclass(frozen=True)
class Region:
    code: str  # NUTS
    place: str  # the gazetteer's name for it
    start: int
    end: int
    text: str
    lat: float | None = None
    lon: float | None = None


@dataclass(frozen=True)
class Expiry:
    value: date
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Note:
    code: str  # stable, for the interface to translate
    message: str
    start: int
    end: int


@dataclass(frozen=True)
class Suggestion:
    language: str | None
    kind: Found | None = None
    categories: tuple[Found, ...] = ()
    quantity: Quantity | None = None
    quantities: tuple[Quantity, ...] = ()
    region: Region | None = None
    places: tuple[Region, ...] = ()
    urgency: Found | None = None
    expiry: Expiry | None = None
    notes: tuple[Note, ...] = ()


# --- Data: cues and keywords, folded (lower case, no accents) ----------------------------

KIND_CUES: dict[str, dict[str, tuple[str, ...]]] = {
    NEED: {
        "en": ("we need", "need", "needs", "needed", "looking for", "seeking", "we seek", "require", "required",
               "in search of", "request", "shortage of", "lack of", "we are short of"),
        "de": ("wir suchen", "suchen", "gesucht", "benotigen", "benotigt", "brauchen", "bedarf", "mangel an"),
        "fr": ("nous cherchons", "cherchons", "recherchons", "avons besoin", "besoin de", "besoin d", "recherche",
               "manque de"),
        "it": ("cerchiamo", "cercasi", "abbiamo bisogno", "bisogno di", "servono", "serve", "necessitiamo",
               "ricerchiamo", "carenza di", "mancano"),
        "es": ("buscamos", "necesitamos", "se necesita", "se necesitan", "se busca", "se buscan", "falta de",
               "escasez de", "requerimos"),
    },
    OFFER: {
        "en": ("we offer", "offer", "offers", "offering", "can provide", "we provide", "can supply", "we supply",
               "available", "can deliver", "for sale", "we can produce", "spare capacity"),
        "de": ("wir bieten", "bieten", "bietet", "anbieten", "verfugbar", "konnen liefern", "liefern",
               "stellen zur verfugung", "zur verfugung", "freie kapazitat", "freie kapazitaten"),
        "fr": ("nous proposons", "proposons", "offrons", "offre", "disponible", "disponibles", "pouvons fournir",
               "pouvons livrer", "mettons a disposition", "a disposition"),
        "it": ("offriamo", "offre", "forniamo", "possiamo fornire", "mettiamo a disposizione", "a disposizione",
               "disponibile", "disponibili", "vendiamo"),
        "es": ("ofrecemos", "ofrece", "ofrecen", "podemos suministrar", "suministramos", "ponemos a disposicion",
               "disponemos de", "disponible", "disponibles", "a disposicion"),
    },
    PARTNER_SEARCH: {
        "en": ("partners wanted", "partner wanted", "partner search", "looking for partners", "looking for a partner",
               "seeking partners", "consortium", "call for partners", "join our project", "join our consortium",
               "project partner", "project partners", "horizon europe"),
        "de": ("partnersuche", "projektpartner", "suchen partner", "konsortium", "partner gesucht",
               "suchen wir partner"),
        "fr": ("recherche de partenaires", "cherchons des partenaires", "partenaires recherches", "consortium",
               "partenaire recherche", "appel a partenaires"),
        "it": ("cerchiamo partner", "ricerca partner", "ricerca di partner", "consorzio", "partner cercasi",
               "partner di progetto"),
        "es": ("buscamos socios", "busqueda de socios", "consorcio", "socios para", "buscamos partners",
               "socio para"),
    },
}
# A partner-search cue usually comes with need words ("we are looking for partners").
KIND_WEIGHTS = {NEED: 1, OFFER: 1, PARTNER_SEARCH: 3}

# "*stem" matches inside a word too (German compounds: "Schutzmasken", "Atemschutz").
CATEGORY_KEYWORDS: dict[str, dict[str, tuple[str, ...]]] = {
    PROTECTIVE_EQUIPMENT: {
        "en": ("mask", "ffp", "n95", "kn95", "respirator", "glove", "gown", "visor", "face shield", "goggles", "ppe",
               "coverall", "protective"),
        "de": ("*maske", "*handschuh", "schutzkittel", "visier", "*schutzbrille", "psa", "schutzausrustung",
               "*atemschutz", "schutzanzug", "overall"),
        "fr": ("masque", "gant", "blouse", "visiere", "lunettes de protection", "epi", "combinaison", "surblouse"),
        "it": ("mascherin", "guant", "camic", "visier", "occhiali protettivi", "dpi", "tut", "protezion"),
        "es": ("mascarilla", "guante", "bata", "pantalla facial", "gafas de proteccion", "epi", "epis", "proteccion"),
    },
    MEDICAL_DEVICES: {
        "en": ("ventilator", "oximeter", "thermometer", "medical device", "test kit", "swab", "syringe", "monitor",
               "diagnostic", "defibrillator"),
        "de": ("beatmungsger", "*medizinprodukt", "thermometer", "testkit", "*schnelltest", "abstrich", "spritze",
               "diagnos"),
        "fr": ("respirateur", "ventilateur", "oxymetre", "thermometre", "dispositif medical", "dispositifs medicaux",
               "seringue", "ecouvillon", "diagnostic"),
        "it": ("ventilator", "respirator", "saturimetr", "ossimetr", "termometr", "dispositivi medic",
               "dispositivo medic", "sirin", "tampon", "diagnostic"),
        "es": ("respirador", "ventilador", "pulsioximetro", "termometro", "dispositivo medico", "dispositivos medicos",
               "jeringa", "hisopo", "diagnostic"),
    },
    RAW_MATERIALS: {
        "en": ("raw material", "component", "polypropylene", "meltblown", "melt-blown", "steel", "aluminium",
               "aluminum", "plastic", "resin", "fabric", "textile", "chip", "semiconductor", "ethanol", "granulate"),
        "de": ("rohstoff", "*komponente", "bauteil", "polypropylen", "vlies", "stahl", "aluminium", "kunststoff",
               "*granulat", "stoff", "textil", "halbleiter", "ethanol"),
        "fr": ("matiere premiere", "matieres premieres", "composant", "polypropylene", "acier", "aluminium",
               "plastique", "resine", "tissu", "textile", "semi-conducteur", "ethanol"),
        "it": ("materie prime", "materia prima", "component", "polipropilene", "acciaio", "alluminio", "plastic",
               "resin", "tessut", "tessil", "semicondutt", "etanolo"),
        "es": ("materia prima", "materias primas", "componente", "polipropileno", "acero", "aluminio", "plastico",
               "resina", "tejido", "textil", "semiconductor", "etanol"),
    },
    LOGISTICS: {
        "en": ("logistic", "transport", "truck", "lorry", "shipping", "shipment", "delivery", "deliveries",
               "warehouse", "freight", "courier", "cold chain", "pallet"),
        "de": ("logistik", "transport", "*lkw", "spedition", "lieferung", "*lager", "fracht", "kurier",
               "kuhlkette", "palette"),
        "fr": ("logistique", "transport", "camion", "livraison", "entrepot", "fret", "expedition", "coursier",
               "chaine du froid", "palette"),
        "it": ("logistic", "trasport", "camion", "spedizion", "consegn", "magazzin", "corriere", "catena del freddo",
               "pallet", "bancal"),
        "es": ("logistic", "transporte", "camion", "envio", "entrega", "almacen", "mercancia", "mensajer",
               "cadena de frio", "palet", "pale"),
    },
    PRODUCTION_CAPACITY: {
        "en": ("production capacity", "manufacturing capacity", "production line", "contract manufacturing",
               "manufactur", "3d print", "machining", "injection moulding", "injection molding", "capacity"),
        "de": ("produktionskapazit", "fertigungskapazit", "*kapazitat", "produktionslinie", "lohnfertigung",
               "fertigung", "3d-druck", "spritzguss"),
        "fr": ("capacite de production", "capacites de production", "ligne de production", "sous-traitance",
               "fabrication", "impression 3d", "usinage", "moulage"),
        "it": ("capacita produttiva", "capacita di produzione", "linea di produzione", "conto terzi",
               "produzion", "stampa 3d", "lavorazion", "stampaggio"),
        "es": ("capacidad de produccion", "capacidad productiva", "linea de produccion", "fabricacion",
               "produccion", "impresion 3d", "mecanizado", "inyeccion"),
    },
    DIGITAL: {
        "en": ("software", "platform", "online", "digital", "app", "cloud", "website", "event platform", "video",
               "webinar", "data", "cybersecurity", "it services", "crm", "e-commerce"),
        "de": ("software", "plattform", "online", "digital", "app", "cloud", "webseite", "website", "video",
               "daten", "it-dienst", "cybersicherheit"),
        "fr": ("logiciel", "plateforme", "en ligne", "numerique", "application", "cloud", "site web", "video",
               "donnees", "webinaire", "cybersecurite"),
        "it": ("software", "piattaforma", "online", "digital", "applicazion", "cloud", "sito web", "video",
               "dati", "webinar", "sicurezza informatica"),
        "es": ("software", "plataforma", "en linea", "online", "digital", "aplicacion", "nube", "sitio web", "video",
               "datos", "ciberseguridad", "seminario web"),
    },
    EXPERTISE: {
        "en": ("expertise", "expert", "training", "consulting", "consultancy", "advice", "know-how", "mentoring",
               "coaching", "best practice", "certification", "regulatory", "course", "workshop"),
        "de": ("expertise", "experte", "expertin", "schulung", "weiterbildung", "beratung", "know-how",
               "zertifizierung", "best practice", "kurs", "workshop", "fachwissen"),
        "fr": ("expertise", "expert", "formation", "conseil", "savoir-faire", "accompagnement", "certification",
               "bonnes pratiques", "cours", "atelier"),
        "it": ("competenz", "espert", "formazione", "consulenz", "know-how", "affiancamento", "certificazion",
               "buone pratiche", "corso", "corsi", "workshop"),
        "es": ("experiencia", "experto", "formacion", "consultoria", "asesoramiento", "know-how", "certificacion",
               "buenas practicas", "curso", "taller", "capacitacion"),
    },
    FUNDING: {
        "en": ("funding", "fund", "grant", "investment", "investor", "loan", "finance", "financing", "call for",
               "subsid", "venture", "capital"),
        "de": ("finanzierung", "*forderung", "*fordermittel", "zuschuss", "investition", "investor", "kredit",
               "darlehen", "ausschreibung", "kapital"),
        "fr": ("financement", "subvention", "fonds", "investissement", "investisseur", "pret", "appel a projets",
               "capital"),
        "it": ("finanziament", "fondi", "fondo", "contribut", "investiment", "investitor", "prestit", "bando",
               "capitale"),
        "es": ("financiacion", "financiamiento", "subvencion", "fondos", "fondo", "inversion", "inversor",
               "prestamo", "convocatoria", "capital"),
    },
    PREMISES: {
        "en": ("premises", "facility", "facilities", "office space", "laboratory", "lab space", "cleanroom",
               "clean room", "storage space", "square metre", "square meter", "building", "site"),
        "de": ("raumlichkeit", "*flache", "buroraum", "*labor", "reinraum", "halle", "gebaude", "standort"),
        "fr": ("locaux", "local", "installations", "bureaux", "laboratoire", "salle blanche", "surface",
               "batiment", "site"),
        "it": ("locali", "spazi", "spazio", "uffici", "laboratori", "camera bianca", "capannone", "edificio",
               "stabilimento", "sede"),
        "es": ("instalaciones", "local", "oficinas", "laboratorio", "sala blanca", "nave", "edificio", "espacio",
               "superficie"),
    },
    WORKFORCE: {
        "en": ("worker", "staff", "employee", "personnel", "nurse", "engineer", "technician", "volunteer",
               "operator", "labour", "labor", "workforce", "people", "members"),
        "de": ("arbeiter", "*mitarbeit", "*personal", "*fachkraft", "*fachkrafte", "pflegekraft", "ingenieur",
               "techniker", "freiwillig", "beschaftigte", "*krafte"),
        "fr": ("travailleur", "salarie", "employe", "personnel", "infirmier", "infirmiere", "ingenieur",
               "technicien", "benevole", "operateur", "main-d'oeuvre", "main d'oeuvre", "membres"),
        "it": ("lavorator", "dipendent", "personale", "infermier", "ingegner", "tecnic", "volontar", "operai",
               "operatori", "manodopera", "soci", "membri"),
        "es": ("trabajador", "empleado", "personal", "enfermer", "ingenier", "tecnico", "voluntari", "operari",
               "mano de obra", "socios", "miembros"),
    },
}
# "members" and "people" say who the resource is for more often than what is traded: a
# workforce hit only counts when no other category is found.
WEAK_KEYWORDS = frozenset({"people", "members", "membres", "soci", "membri", "socios", "miembros", "capacity",
                           "site", "sede", "local", "data", "dati", "video", "capital", "capitale"})

URGENCY_CUES: dict[str, tuple[str, ...]] = {
    CRITICAL: ("critical", "emergency", "life-threatening", "life threatening", "kritisch", "notfall", "notlage",
               "lebenswichtig", "critique", "urgence absolue", "urgence vitale", "emergenza", "critico", "critica",
               "emergencia", "critico", "vital"),
    HIGH: ("urgent", "urgently", "asap", "as soon as possible", "immediately", "right away", "dringend", "eilig",
           "sofort", "umgehend", "schnellstmoglich", "so schnell wie moglich", "d'urgence", "urgence", "au plus vite",
           "des que possible", "immediatement", "urgente", "urgenti", "urgentemente", "subito",
           "al piu presto", "prima possibile", "immediatamente", "lo antes posible", "cuanto antes",
           "de inmediato", "inmediatamente", "con urgencia"),
}

VAGUE_WORDS = ("lots", "lot of", "a lot", "many", "plenty", "several", "dozens", "hundreds", "thousands",
               "a number of", "large quantities", "viele", "zahlreiche", "jede menge", "eine menge", "mehrere",
               "grosse mengen", "hunderte", "tausende", "molti", "molte", "tanti", "tante", "parecchi",
               "parecchie", "numerosi", "grandi quantita", "centinaia", "migliaia", "beaucoup", "plusieurs",
               "nombreux", "nombreuses", "des centaines", "des milliers", "grandes quantites", "muchos", "muchas",
               "varios", "varias", "bastantes", "numerosos", "cientos", "miles de", "grandes cantidades")

# Measures, written any way → how the form stores them.
UNITS: dict[str, str] = {
    **dict.fromkeys(("t", "to", "tonne", "tonnes", "ton", "tons", "tonnen", "tonnellate", "tonnellata",
                     "tonelada", "toneladas"), "t"),
    **dict.fromkeys(("kg", "kilo", "kilos", "kilogram", "kilograms", "kilogramm", "chili", "kilogrammes",
                     "kilogrammi", "kilogramos"), "kg"),
    **dict.fromkeys(("l", "litre", "litres", "liter", "liters", "litri", "litro", "litros"), "l"),
    **dict.fromkeys(("m2", "m²", "sqm", "qm", "mq", "square metres", "square meters", "quadratmeter",
                     "metri quadrati", "metres carres", "metros cuadrados"), "m2"),
    **dict.fromkeys(("eur", "euro", "euros", "€"), "EUR"),
    **dict.fromkeys(("h", "hours", "hour", "stunden", "stunde", "ore", "heures", "heure", "horas", "hora"), "h"),
    **dict.fromkeys(("days", "day", "tage", "tagen", "giorni", "jours", "dias"), "days"),
    **dict.fromkeys(("pallets", "pallet", "paletten", "palette", "palettes", "bancali", "palets", "pales"),
                    "pallets"),
    **dict.fromkeys(("pcs", "pieces", "piece", "stuck", "pezzi", "pieces", "piezas", "unidades", "units",
                     "unita"), "pieces"),
}
_FILLERS = frozenset({"of", "di", "de", "d", "del", "des", "du", "von", "x", "more", "new", "extra", "weitere",
                      "additional", "altri", "altre", "autres", "otros", "otras"})
_NOT_UNITS = frozenset({"in", "for", "by", "to", "at", "per", "fur", "bis", "pour", "par", "a", "en", "para", "con",
                        "with", "and", "und", "et", "e", "y", "or", "oder", "ou", "o", "the", "der", "die", "das",
                        "le", "la", "les", "il", "el", "los", "las", "from", "entro", "avant", "antes", "until",
                        "is", "are", "ist", "sind", "est", "sont", "sono", "son", "we", "wir", "nous", "noi",
                        "nosotros", "im", "nel", "nella", "dans", "au", "al"})

STOPWORDS: dict[str, frozenset[str]] = {
    "en": frozenset([
            "the", "and", "for", "we", "our", "need", "with", "of", "to", "in", "are", "is", "looking", "offer",
            "can", "provide", "from", "by", "this",
        ]),
    "de": frozenset([
            "wir", "und", "der", "die", "das", "fur", "mit", "suchen", "bieten", "unsere", "unser", "ist", "ein",
            "eine", "nicht", "von", "im", "zu", "bis",
        ]),
    "fr": frozenset([
            "nous", "et", "les", "des", "pour", "avec", "le", "une", "est", "notre", "nos", "cherchons",
            "proposons", "du", "au", "dans", "sur",
        ]),
    "it": frozenset([
            "noi", "il", "per", "con", "una", "siamo", "nostro", "nostra", "nostri", "cerchiamo", "offriamo", "che",
            "della", "nel", "degli",
        ]),
    "es": frozenset([
            "nosotros", "el", "los", "las", "para", "con", "una", "somos", "nuestro", "nuestra", "buscamos",
            "ofrecemos", "que", "del", "en",
        ]),
}


# --- Number words --------------------------------------------------------------------------

def _lexicon(units: dict[str, int], tens: dict[str, int], hundred: tuple[str, ...], scales: dict[str, float],
             dozen: tuple[str, ...], connectors: tuple[str, ...], articles: tuple[str, ...],
             values: dict[str, int] | None = None) -> dict[str, tuple[str, float]]:
    lexicon: dict[str, tuple[str, float]] = {}
    for word, value in {**units, **tens, **(values or {})}.items():
        lexicon[word] = ("n", value)
    lexicon.update(dict.fromkeys(hundred, ("h", 100)))
    lexicon.update({w: ("s", v) for w, v in scales.items()})
    lexicon.update(dict.fromkeys(dozen, ("d", 12)))
    lexicon.update(dict.fromkeys(connectors, ("c", 0)))
    lexicon.update(dict.fromkeys(articles, ("a", 1)))
    return lexicon


NUMBER_WORDS: dict[str, dict[str, tuple[str, float]]] = {
    "en": _lexicon(
        dict(zip([
                "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
                "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
            ], range(1, 20), strict=True)),
        dict(zip([
                "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
            ], range(20, 100, 10), strict=True)),
        ("hundred", "hundreds"), {"thousand": 1e3, "million": 1e6, "millions": 1e6},
        ("dozen",), ("and",), ("a", "an")),
    "de": _lexicon(
        dict(zip([
                "eins", "zwei", "drei", "vier", "funf", "sechs", "sieben", "acht", "neun", "zehn", "elf", "zwolf",
                "dreizehn", "vierzehn", "funfzehn", "sechzehn", "siebzehn", "achtzehn", "neunzehn",
            ], range(1, 20), strict=True)) | {"zwo": 2},
        dict(zip([
                "zwanzig", "dreissig", "vierzig", "funfzig", "sechzig", "siebzig", "achtzig", "neunzig",
            ], range(20, 100, 10),
                 strict=True)),
        ("hundert",), {"tausend": 1e3, "million": 1e6, "millionen": 1e6},
        ("dutzend",), ("und",), ("ein", "eine", "einen")),
    "fr": _lexicon(
        dict(zip([
                "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix", "onze", "douze",
                "treize", "quatorze", "quinze", "seize",
            ],
                 range(1, 17), strict=True)),
        dict(zip(["vingt", "trente", "quarante", "cinquante", "soixante"], range(20, 70, 10), strict=True))
        | {"vingts": 20, "quatrevingt": 80, "quatrevingts": 80},
        ("cent", "cents"), {"mille": 1e3, "millier": 1e3, "milliers": 1e3, "million": 1e6, "millions": 1e6},
        ("douzaine", "douzaines"), ("et",), ("une",)),
    "it": _lexicon(
        dict(zip([
                "uno", "due", "tre", "quattro", "cinque", "sei", "sette", "otto", "nove", "dieci", "undici",
                "dodici", "tredici", "quattordici", "quindici", "sedici", "diciassette", "diciotto", "diciannove",
            ], range(1, 20), strict=True)),
        dict(zip([
                "venti", "trenta", "quaranta", "cinquanta", "sessanta", "settanta", "ottanta", "novanta",
            ], range(20, 100, 10),
                 strict=True))
        | dict(zip([
                "vent", "trent", "quarant", "cinquant", "sessant", "settant", "ottant", "novant",
            ], range(20, 100, 10),
                   strict=True)),
        ("cento", "cent"), {"mille": 1e3, "mila": 1e3, "milione": 1e6, "milioni": 1e6},
        ("dozzina", "dozzine"), ("e",), ("un", "una")),
    "es": _lexicon(
        dict(zip([
                "uno", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve", "diez", "once", "doce",
                "trece", "catorce", "quince", "dieciseis", "diecisiete", "dieciocho", "diecinueve",
            ], range(1, 20), strict=True)),
        dict(zip([
                "veinte", "treinta", "cuarenta", "cincuenta", "sesenta", "setenta", "ochenta", "noventa",
            ], range(20, 100, 10),
                 strict=True)) | {"veinti": 20},
        (), {"mil": 1e3, "millon": 1e6, "millones": 1e6},
        ("docena", "docenas"), ("y",), ("un", "una"),
        values={"cien": 100, "ciento": 100, "doscientos": 200, "doscientas": 200, "trescientos": 300,
                "trescientas": 300, "cuatrocientos": 400, "cuatrocientas": 400, "quinientos": 500,
                "quinientas": 500, "seiscientos": 600, "seiscientas": 600, "setecientos": 700, "setecientas": 700,
                "ochocientos": 800, "ochocientas": 800, "novecientos": 900, "novecientas": 900}),
}
# Scales written after digits ("5 mila", "2 Mio.", "3 mil", "10k").
DIGIT_SCALES = {"k": 1e3, "mio": 1e6, "mln": 1e6, "mn": 1e6, "thousand": 1e3, "tausend": 1e3, "mille": 1e3,
                "mila": 1e3, "mil": 1e3, "million": 1e6, "millions": 1e6, "millionen": 1e6, "milioni": 1e6,
                "millones": 1e6, "millon": 1e6, "milione": 1e6}


@cache
def _segment(token: str, language: str) -> tuple[tuple[str, float], ...] | None:
    """``token`` as number morphemes of ``language`` ("zweihundertfunfzig" → zwei,
    hundert, funfzig), the fewest pieces; None if it is not a number word."""
    lexicon = NUMBER_WORDS[language]
    if len(token) > 60:
        return None
    best: list[tuple[tuple[str, float], ...] | None] = [None] * (len(token) + 1)
    best[0] = ()
    for end in range(1, len(token) + 1):
        for start in range(max(0, end - 13), end):
            head = best[start]
            piece = lexicon.get(token[start:end])
            if head is not None and piece is not None:
                candidate = (*head, piece)
                current = best[end]
                if current is None or len(candidate) < len(current):
                    best[end] = candidate
    return best[len(token)]


def _evaluate(morphemes: list[tuple[str, float]]) -> float | None:
    total = current = 0.0
    numeric = False
    for index, (kind, value) in enumerate(morphemes):
        following = morphemes[index + 1][0] if index + 1 < len(morphemes) else None
        if kind == "a":
            if following not in ("h", "s", "d"):
                return None
            current = 1.0
        elif kind == "c":
            continue
        elif kind == "n":
            current += value
            numeric = True
        elif kind == "h" or kind == "d":
            current = (current or 1.0) * value
            numeric = True
        elif kind == "s":
            total += (current or 1.0) * value
            current = 0.0
            numeric = True
    return total + current if numeric else None


# --- The parser ---------------------------------------------------------------------------

_WORD_RE = re.compile(r"[^\W\d_]+", re.UNICODE)
_NUMBER_RE = re.compile(
    r"(?<![\w.,:/])(?P<neg>[-−]\s?)?(?P<currency>€\s?)?"
    r"(?P<num>\d{1,15}(?:(?:[.,]|[ '\u00a0\u202f](?=\d{3}(?!\d)))\d{1,15})*)"
    r"(?P<k>k)?(?![\w/:])(?!\.\d)(?!,\d)")
_BENEFICIARY = re.compile(r"(?:for|per|fur|pour|para|a|de)\s+(?:\S+\s+){0,2}$")
_RANGE_GAP = re.compile(r"\s*(?:-|–|—|to|bis|a|à|al|y|and|und|e|et|ou|or|o)\s*$")
_RANGE_BEFORE = re.compile(r"(?:between|zwischen|tra|fra|da|entre|de|from|von)\s*$")


def guess_language(folded_words: Iterable[str]) -> str | None:
    counts = dict.fromkeys(LANGUAGES, 0)
    for word in folded_words:
        for language in LANGUAGES:
            if word in STOPWORDS[language]:
                counts[language] += 1
    best = max(LANGUAGES, key=lambda language: counts[language])
    return best if counts[best] else None


def _phrase_re(phrases: Iterable[str]) -> re.Pattern[str]:
    alternatives = sorted(set(phrases), key=len, reverse=True)
    return re.compile(r"(?<![^\W_])(?:" + "|".join(re.escape(p) for p in alternatives) + r")(?![^\W_])")


@cache
def _kind_patterns() -> dict[str, re.Pattern[str]]:
    return {kind: _phrase_re(p for phrases in by_language.values() for p in phrases)
            for kind, by_language in KIND_CUES.items()}


@cache
def _category_patterns() -> dict[str, tuple[re.Pattern[str], re.Pattern[str] | None]]:
    patterns: dict[str, tuple[re.Pattern[str], re.Pattern[str] | None]] = {}
    for category, by_language in CATEGORY_KEYWORDS.items():
        strong = [w for ws in by_language.values() for w in ws if w not in WEAK_KEYWORDS]
        weak = [w for ws in by_language.values() for w in ws if w in WEAK_KEYWORDS]
        patterns[category] = (_keyword_re(strong), _keyword_re(weak) if weak else None)
    return patterns


def _keyword_re(words: Iterable[str]) -> re.Pattern[str]:
    parts = []
    for word in sorted(set(words), key=len, reverse=True):
        if word.startswith("*"):
            parts.append(r"[^\W\d_]*" + re.escape(word[1:]) + r"[^\W_]*")
        else:
            parts.append(r"(?<![^\W_])" + re.escape(word) + r"[^\W_]*")
    return re.compile("|".join(parts))


@cache
def _urgency_patterns() -> dict[str, re.Pattern[str]]:
    return {level: _phrase_re(cues) for level, cues in URGENCY_CUES.items()}


@cache
def _vague_pattern() -> re.Pattern[str]:
    return _phrase_re(VAGUE_WORDS)


class _Reader:
    def __init__(self, text: str, gazetteer: Gazetteer, language: str | None, today: date) -> None:
        self.text = text[:MAX_TEXT]
        self.folded = Folded.of(self.text)
        self.low = self.folded.folded
        self.words = [(m.start(), m.end(), m.group()) for m in _WORD_RE.finditer(self.low)]
        self.language = language if language in LANGUAGES else guess_language(w for _, _, w in self.words)
        self.gazetteer = gazetteer
        self.today = today
        self.notes: list[Note] = []
        self._dates: list[tuple[int, int, date | None]] | None = None

    def found(self, value: str, start: int, end: int) -> Found:
        """``value`` found at folded span [start, end)."""
        a, b = self.folded.span(start, end)
        return Found(value, a, b, self.text[a:b])

    def note(self, code: str, message: str, start: int, end: int) -> None:
        a, b = self.folded.span(start, end)
        self.notes.append(Note(code, message, a, b))

    # Kind ------------------------------------------------------------------------------
    def kind(self) -> Found | None:
        best: tuple[int, int, Found] | None = None
        for kind, pattern in _kind_patterns().items():
            hits = list(pattern.finditer(self.low))
            if not hits:
                continue
            score = len(hits) * KIND_WEIGHTS[kind]
            first = hits[0]
            if best is None or (score, -first.start()) > (best[0], best[1]):
                best = (score, -first.start(), self.found(kind, first.start(), first.end()))
        return best[2] if best else None

    # Categories ---------------------------------------------------------------------
    def categories(self) -> tuple[Found, ...]:
        scored: list[tuple[int, int, Found]] = []
        weak: list[tuple[int, int, Found]] = []
        for category, (strong_re, weak_re) in _category_patterns().items():
            # "masks for 300 workers": the workers are who it is for, not what is traded.
            hits = [h for h in strong_re.finditer(self.low)
                    if not (category == WORKFORCE and _BENEFICIARY.search(self.low[max(0, h.start() - 40):h.start()]))]
            if hits:
                scored.append((len(hits), -hits[0].start(), self.found(category, hits[0].start(), hits[0].end())))
            elif weak_re is not None and (weak_hits := list(weak_re.finditer(self.low))):
                weak.append((len(weak_hits), -weak_hits[0].start(),
                             self.found(category, weak_hits[0].start(), weak_hits[0].end())))
        chosen = scored or weak
        chosen.sort(key=lambda item: (item[0], item[1]), reverse=True)
        return tuple(found for _, _, found in chosen)

    # Numbers ------------------------------------------------------------------------
    def _digits(self, raw: str) -> float | None:
        try:
            return self._digits_or_raise(raw)
        except ValueError:  # separators mixed in no way anyone writes numbers ("0,0 000")
            return None

    def _digits_or_raise(self, raw: str) -> float | None:
        separators = [ch for ch in raw if not ch.isdigit()]
        groups = re.split(r"[^\d]", raw)
        if not separators:
            return float(raw)
        if all(ch in " '\u00a0\u202f" for ch in separators):
            return float("".join(groups)) if all(len(g) == 3 for g in groups[1:]) else None
        marks = set(separators) - {" ", "'", "\u00a0", "\u202f"}
        if len(marks) == 2:  # both: the last one is the decimal mark
            decimal = raw[max(raw.rfind("."), raw.rfind(",")):][0]
            head, _, tail = raw.rpartition(decimal)
            if not all(len(g) == 3 for g in re.split(r"[^\d]", head)[1:]):
                return None
            return float(re.sub(r"[^\d]", "", head) + "." + tail)
        mark = next(iter(marks))
        if separators.count(mark) > 1:  # 10.000.000
            return float("".join(groups)) if all(len(g) == 3 for g in groups[1:]) else None
        head, _, tail = raw.partition(mark)
        head = re.sub(r"[^\d]", "", head)
        thousands = len(tail) == 3
        if (self.language == "en" and mark == ".") or (self.language in ("de", "fr", "it", "es") and mark == ","):
            thousands = False
        return float(head + tail) if thousands else float(head + "." + tail)

    def _scale_after(self, end: int) -> tuple[float, int]:
        match = re.match(r"\s*([^\W\d_]+)\.?", self.low[end:])
        if match and match.group(1) in DIGIT_SCALES:
            return DIGIT_SCALES[match.group(1)], end + match.end()
        return 1.0, end

    def _unit_after(self, end: int) -> tuple[str | None, int]:
        position = end
        for _ in range(3):
            match = re.match(r"\s*(€|m²|[^\W_]+)", self.low[position:])
            if not match:
                return None, end
            word = match.group(1)
            word_end = position + match.end(1)
            pair = re.match(r"\s+([^\W\d_]+)", self.low[word_end:])
            if pair and f"{word} {pair.group(1)}" in UNITS:
                return UNITS[f"{word} {pair.group(1)}"], word_end + pair.end(1)
            if word in UNITS:
                return UNITS[word], word_end
            if word in _FILLERS or word == "'":
                position = word_end
                continue
            if word in _NOT_UNITS or word.isdigit() or word in DIGIT_SCALES:
                return None, end
            a, b = self.folded.span(position + match.start(1), word_end)
            return self.text[a:b].lower(), word_end
        return None, end

    def quantities(self) -> list[Quantity]:
        found: list[tuple[int, int, float, float | None]] = []  # folded start, end, amount, low
        taken: list[Span] = []
        for match in _NUMBER_RE.finditer(self.low):
            value = self._digits(match.group("num"))
            start, end = match.start(), match.end()
            if value is None:
                continue
            if match.group("k"):
                value *= 1e3
            else:
                scale, end = self._scale_after(end)
                value *= scale
            if match.group("neg"):
                before = self.low[:match.start()].rstrip()
                if not (before and before[-1].isdigit()):
                    self.note("negative_quantity", "A quantity cannot be negative: say how many.", start, end)
                    taken.append((start, end))
                    continue
            after = self.low[end:end + 2].lstrip()
            if after.startswith("%"):
                continue
            if self._is_year(match.group("num"), start, end) or self._in_date(start, end):
                continue
            found.append((start, end, value, None))
            taken.append((start, end))
        found.extend(self._number_words(taken))
        found.sort()
        found = self._ranges(found)
        quantities = []
        for start, end, value, low in found:
            if not math.isfinite(value) or value <= 0:
                self.note("zero_quantity", "A quantity must be more than zero.", start, end)
                continue
            if value > MAX_QUANTITY:
                self.note("implausible_quantity", "This number is too large to be a quantity.", start, end)
                continue
            unit, unit_end = self._unit_after(end)
            if self.low[start:start + 1] == "€" or (unit is None and "€" in self.low[max(0, start - 2):start]):
                unit = "EUR"
            a, b = self.folded.span(start, max(end, unit_end))
            quantities.append(Quantity(value, unit, a, b, self.text[a:b], low))
        return quantities

    def _ranges(self, found: list[tuple[int, int, float, float | None]]) -> list[tuple[int, int, float, float | None]]:
        merged: list[tuple[int, int, float, float | None]] = []
        for item in found:
            if merged:
                start, end, value, _ = merged[-1]
                gap = self.low[end:item[0]]
                if len(gap) <= 6 and _RANGE_GAP.fullmatch(gap) and item[2] > value:
                    before = _RANGE_BEFORE.search(self.low[max(0, start - 12):start])
                    begin = start - (len(self.low[max(0, start - 12):start]) - before.start()) if before else start
                    merged[-1] = (begin, item[1], item[2], value)
                    continue
            merged.append(item)
        return merged

    def _number_words(self, taken: list[Span]) -> list[tuple[int, int, float, float | None]]:
        languages = [self.language] if self.language else list(LANGUAGES)
        results: list[tuple[int, int, float, float | None]] = []
        index = 0
        words = self.words
        while index < len(words):
            start = words[index][0]
            if any(a <= start < b for a, b in taken):
                index += 1
                continue
            best: tuple[int, float] | None = None
            for language in languages:
                morphemes: list[tuple[str, float]] = []
                last = index
                cursor = index
                while cursor < len(words):
                    if cursor > index and self.low[words[cursor - 1][1]:words[cursor][0]].strip(" -") != "":
                        break
                    pieces = _segment(words[cursor][2], language)
                    if pieces is None:
                        break
                    morphemes.extend(pieces)
                    cursor += 1
                    if pieces[-1][0] not in ("c", "a"):
                        last = cursor
                if last == index:
                    continue
                # French "quatre-vingt": four twenties.
                morphemes = morphemes[:sum(len(_segment(w[2], language) or ()) for w in words[index:last])]
                for i in range(len(morphemes) - 1):
                    if language == "fr" and morphemes[i] == ("n", 4) and morphemes[i + 1] == ("n", 20):
                        morphemes[i:i + 2] = [("n", 80), ("c", 0)]
                value = _evaluate(morphemes)
                single = last - index == 1 and len(morphemes) == 1
                if value is not None and not (single and value < 2) and (best is None or last > best[0]):
                    best = (last, value)
            if best is None:
                index += 1
                continue
            last, value = best
            end = words[last - 1][1]
            scale, end = self._scale_after(end)
            results.append((start, end, value * scale, None))
            index = last
        return results

    # Dates --------------------------------------------------------------------------
    def _is_year(self, raw: str, start: int, end: int) -> bool:
        if not raw.isdigit() or len(raw) != 4 or not 1900 <= int(raw) <= 2100:
            return False
        before = self.low[max(0, start - 12):start]
        if re.search(r"(?:in|since|seit|dal|del|en|depuis|desde|until|bis|year|jahr|anno|annee|ano)\s*$", before):
            return True
        unit, _ = self._unit_after(end)
        return unit is None

    def _in_date(self, start: int, end: int) -> bool:
        return any(a <= start and end <= b for a, b, _ in self.dates())

    def dates(self) -> list[tuple[int, int, date | None]]:
        if self._dates is None:
            self._dates = self._find_dates()
        return self._dates

    def _find_dates(self) -> list[tuple[int, int, date | None]]:
        found: list[tuple[int, int, date | None]] = []
        for match in _NUMERIC_DATE.finditer(self.low):
            day, month, year = match.group("d"), match.group("m"), match.group("y")
            if not year and not match.group(0).endswith(".") and "/" not in match.group(0):
                continue  # "1.5 t" is a quantity; "15.3." and "15/3" are dates
            found.append((match.start(), match.end(), self._date(int(day), int(month), year)))
        for match in _ISO_DATE.finditer(self.low):
            found.append((match.start(), match.end(),
                          self._date(int(match.group("d")), int(match.group("m")), match.group("y"))))
        for pattern in (_DAY_MONTH, _MONTH_DAY):
            for match in pattern.finditer(self.low):
                if any(a <= match.start() < b for a, b, _ in found):
                    continue
                found.append((match.start(), match.end(),
                              self._date(int(match.group("d")), MONTHS[match.group("mon")], match.group("y"))))
        for match in _WEEKDAY.finditer(self.low):
            weekday = WEEKDAYS[match.group("wd")]
            days = (weekday - self.today.weekday()) % 7 or 7
            found.append((match.start(), match.end(), self.today + timedelta(days=days)))
        for match in _WITHIN.finditer(self.low):
            count = self._count(match.group("n"))
            if count is None:
                continue
            unit = match.group("u")
            days = count * (7 if unit.startswith(("week", "woche", "settiman", "semain", "seman")) else
                            30 if unit.startswith(("month", "monat", "mes", "mois")) else 1)
            if 0 < days <= 3650:
                found.append((match.start(), match.end(), self.today + timedelta(days=days)))
        for match in _RELATIVE.finditer(self.low):
            found.append((match.start(), match.end(), self._relative(match.group(0))))
        found.sort(key=lambda item: item[0])
        return found

    def _count(self, raw: str) -> int | None:
        if raw.isdigit():
            return int(raw) if len(raw) <= 4 else None
        for language in [self.language] if self.language else LANGUAGES:
            pieces = _segment(raw, language)
            value = _evaluate(list(pieces)) if pieces else None
            if value is not None:
                return int(value)
        return None

    def _relative(self, phrase: str) -> date:
        if re.match(r"tomorrow|morgen|domani|demain|manana", phrase):
            return self.today + timedelta(days=1)
        if re.search(r"week|woche|settimana|semaine|semana", phrase):
            return self.today + timedelta(days=7 + (6 - self.today.weekday()))
        next_month = (self.today.replace(day=1) + timedelta(days=32)).replace(day=1)
        return next_month - timedelta(days=1)

    def _date(self, day: int, month: int, year: str | None) -> date | None:
        try:
            if year:
                number = int(year)
                return date(number + 2000 if number < 100 else number, month, day)
            candidate = date(self.today.year, month, day)
            return candidate if candidate >= self.today else date(self.today.year + 1, month, day)
        except ValueError:
            return None

    def expiry(self) -> Expiry | None:
        for start, end, value in self.dates():
            if value is None:
                continue
            if value < self.today:
                self.note("expiry_in_past", "This date has passed: give a date in the future.", start, end)
                continue
            a, b = self.folded.span(start, end)
            return Expiry(value, a, b, self.text[a:b])
        return None

    # Urgency, region ----------------------------------------------------------------
    def urgency(self, expiry: Expiry | None) -> Found | None:
        for level in (CRITICAL, HIGH):
            match = _urgency_patterns()[level].search(self.low)
            if match:
                return self.found(level, match.start(), match.end())
        if expiry is not None and (expiry.value - self.today).days <= 7:
            return Found(HIGH, expiry.start, expiry.end, expiry.text)
        return None

    def places(self) -> list[PlaceMatch]:
        return self.gazetteer.find(self.text, self.folded)


def _region(match: PlaceMatch) -> Region:
    return Region(match.place.code, match.place.name, match.start, match.end, match.text, match.place.lat,
                  match.place.lon)


def _choose_region(places: list[PlaceMatch]) -> PlaceMatch | None:
    """The first place named, or a place inside it named later ("Lombardy … Milan")."""
    if not places:
        return None
    regions = [p for p in places if p.place.level > 0] or places
    chosen = regions[0]
    for later in regions[1:]:
        if later.place.code.startswith(chosen.place.code) and later.place.code != chosen.place.code:
            chosen = later
    return chosen


def suggest(text: str, *, gazetteer: Gazetteer, language: str | None = None, today: date | None = None) -> Suggestion:
    """The fields a post written as ``text`` suggests. ``language`` is guessed from the
    text when not given; ``today`` (default: the system's) places relative dates."""
    # The caller's clock when it has one; the local date is what the author means by "Friday".
    reader = _Reader(text, gazetteer, language, today or date.today())  # noqa: DTZ011
    if len(text) > MAX_TEXT:
        reader.note("truncated", f"Only the first {MAX_TEXT} characters were read.", len(reader.low), len(reader.low))
    quantities = reader.quantities()
    quantity = next((q for q in quantities if q.unit), quantities[0] if quantities else None)
    if quantity is None and (vague := _vague_pattern().search(reader.low)):
        reader.note("vague_quantity", f"“{reader.found('', vague.start(), vague.end()).text}” is not a number: "
                    "say how many, if it matters.", vague.start(), vague.end())
    expiry = reader.expiry()
    places = reader.places()
    chosen = _choose_region(places)
    return Suggestion(
        language=reader.language,
        kind=reader.kind(),
        categories=reader.categories(),
        quantity=quantity,
        quantities=tuple(quantities),
        region=_region(chosen) if chosen else None,
        places=tuple(_region(p) for p in places),
        urgency=reader.urgency(expiry),
        expiry=expiry,
        notes=tuple(reader.notes),
    )


# --- Dates: month and weekday names in the five languages ---------------------------------

MONTHS: dict[str, int] = {}
for _names in (
    "january february march april may june july august september october november december",
    "januar februar marz april mai juni juli august september oktober november dezember",
    "janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre",
    "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre",
    "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
    "jan feb mar apr may jun jul aug sep oct nov dec",
):
    for _number, _name in enumerate(_names.split(), start=1):
        MONTHS.setdefault(_name, _number)
MONTHS.update({"sept": 9, "okt": 10, "dez": 12, "janner": 1, "setiembre": 9})
WEEKDAYS: dict[str, int] = {}
for _names in (
    "monday tuesday wednesday thursday friday saturday sunday",
    "montag dienstag mittwoch donnerstag freitag samstag sonntag",
    "lundi mardi mercredi jeudi vendredi samedi dimanche",
    "lunedi martedi mercoledi giovedi venerdi sabato domenica",
    "lunes martes miercoles jueves viernes sabado domingo",
):
    for _number, _name in enumerate(_names.split()):
        WEEKDAYS.setdefault(_name, _number)

_MONTH_ALT = "|".join(sorted(MONTHS, key=len, reverse=True))
_YEAR = r"(?:,?\s*(?P<y>(?:19|20)\d{2}))?"
_NUMERIC_DATE = re.compile(r"(?<![\d.])(?P<d>[0-3]?\d)[./](?P<m>[01]?\d)(?:[./](?P<y>(?:19|20)?\d{2}))?(?![\d/])"
                           r"(?:\.(?!\d))?")
_ISO_DATE = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?!\d)")
_DAY_MONTH = re.compile(r"(?<!\d)(?P<d>[0-3]?\d)(?:st|nd|rd|th|er|o|º)?\.?\s*(?:of\s+|de\s+)?"
                        rf"(?P<mon>{_MONTH_ALT})\b\.?(?:\s*(?:de\s+)?(?P<y>(?:19|20)\d{{2}}))?")
_MONTH_DAY = re.compile(rf"\b(?P<mon>{_MONTH_ALT})\.?\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?\b{_YEAR}")
_WEEKDAY = re.compile(r"(?:by|before|until|on|bis|vor|am|avant|d'ici|jusqu'a|pour|entro|prima di|per|"
                      r"antes del|antes de|para el|el|hasta el)\s+(?:(?:next|this|nachsten|prossimo|prochain)\s+)?"
                      r"(?P<wd>" + "|".join(WEEKDAYS) + r")\b")
_WITHIN = re.compile(r"(?:within|in|innerhalb von|innerhalb|binnen|in den nachsten|entro|tra|fra|d'ici|dans|sous|"
                     r"en|en los proximos|dentro de)\s+(?P<n>\d{1,4}|[a-z]+)\s+"
                     r"(?P<u>days?|weeks?|months?|tagen?|wochen?|monaten?|giorni|settimane?|mes[ei]|jours|semaines?|"
                     r"mois|dias|semanas?|meses)\b")
_RELATIVE = re.compile(r"\b(?:tomorrow|morgen|domani|demain|manana|next week|nachste woche|nachsten woche|"
                       r"prossima settimana|la semaine prochaine|la proxima semana|la semana que viene|"
                       r"end of (?:the )?month|ende des monats|monatsende|fine mese|fine del mese|fin du mois|"
                       r"fin de mes|finales de mes)\b")
