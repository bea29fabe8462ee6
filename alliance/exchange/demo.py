"""A believable demo exchange (issue 11): needs and offers of the demo registry's
organisations across the 14 ecosystems and the five languages, some resolved, with
introductions at every stage and partner searches with expressions of interest, so that
matching, introductions and follow-up can be tried in ``make run``.

Everything is written through exchange.actions, as the pages do, from one seeded random
generator over the registry's organisations (community.demo): two runs give the same
exchange. The one thing the actions cannot do is the past — they stamp "now" — so the
posts' and introductions' times are moved back afterwards, spread over the last seven
weeks, and a few posts are given an expiry that has passed and are then expired by
``actions.expire_posts`` itself.

Posts are written from hand-made templates per resource category, kind and language,
with quantities, places and a closing sentence varying. Figures are the posting
organisations' own; none is attributed to a real body. A text in German, French,
Italian or Spanish is posted by an organisation of a country that speaks it.

Two fixed posts carry the done-when path: an Italian need for FFP2 masks and a German
offer of them (``ITALIAN_NEED``, ``GERMAN_OFFER``). The participant demo account's
organisation has a need of its own whose best counterparts include an offer of the
moderator account's organisation, so a visitor can ask for an introduction as the
participant and accept it as the moderator.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from alliance.accounts.models import User
from alliance.community.models import Organisation, OrganisationType, Person, Region
from alliance.exchange import actions
from alliance.exchange.models import Introduction, Post, PostStatus
from alliance.lib import exchange_vocabulary as v

NEEDS = 165
OFFERS = 160
PARTNER_SEARCHES = 10
RESOLVED = 25
INTRODUCTIONS = 30
EXPIRED = 4
EXPIRING_SOON = 18

LANGUAGE_WEIGHTS = {"en": 35, "de": 20, "fr": 15, "it": 15, "es": 15}
COUNTRIES_OF = {"de": ("DE", "AT"), "fr": ("FR", "BE"), "it": ("IT",), "es": ("ES",)}

# Which kinds of resource an ecosystem's organisations mostly trade in (a post may be of
# any category; these are more likely).
AFFINITY = {
    "aerospace-defence": (v.RAW_MATERIALS, v.PRODUCTION_CAPACITY, v.EXPERTISE),
    "agri-food": (v.LOGISTICS, v.WORKFORCE, v.PREMISES),
    "construction": (v.RAW_MATERIALS, v.WORKFORCE, v.EXPERTISE),
    "cultural-creative": (v.DIGITAL, v.FUNDING, v.PREMISES),
    "digital": (v.DIGITAL, v.EXPERTISE),
    "electronics": (v.RAW_MATERIALS, v.MEDICAL_DEVICES, v.PRODUCTION_CAPACITY),
    "energy-intensive": (v.RAW_MATERIALS, v.FUNDING, v.PRODUCTION_CAPACITY),
    "energy-renewables": (v.EXPERTISE, v.FUNDING, v.RAW_MATERIALS),
    "health": (v.PROTECTIVE_EQUIPMENT, v.MEDICAL_DEVICES, v.LOGISTICS),
    "mobility-transport-automotive": (v.RAW_MATERIALS, v.LOGISTICS, v.PRODUCTION_CAPACITY),
    "proximity-social-economy": (v.PROTECTIVE_EQUIPMENT, v.FUNDING, v.WORKFORCE),
    "retail": (v.LOGISTICS, v.DIGITAL, v.PREMISES),
    "textile": (v.PRODUCTION_CAPACITY, v.PROTECTIVE_EQUIPMENT, v.RAW_MATERIALS),
    "tourism": (v.WORKFORCE, v.DIGITAL, v.FUNDING),
}

# (kind, language, title, text, unit, lowest, highest): {q} is a quantity between lowest
# and highest (rounded), {city} the posting organisation's place. No unit: no quantity.
Template = tuple[str, str, str, str, str, int, int]
N, OF = v.NEED, v.OFFER
TEMPLATES: dict[str, list[Template]] = {
    v.PROTECTIVE_EQUIPMENT: [
        (N, "en", "Need {q} nitrile gloves a week for care homes",
         "Our members run care homes around {city}; gloves run out every week. {q} a week would cover us.",
         "pieces", 200, 2000),
        (N, "en", "Looking for protective gowns for a small clinic network",
         "Washable or disposable gowns, {q} pieces to start, CE marked. We can collect within 100 km of {city}.",
         "pieces", 300, 3000),
        (N, "de", "Suchen Gesichtsvisiere für {q} Beschäftigte",
         "In unseren Mitgliedsbetrieben in {city} arbeiten Menschen eng beieinander; wir brauchen {q} Visiere.",
         "pieces", 100, 800),
        (N, "fr", "Besoin de gants et de blouses pour nos aides à domicile",
         "Notre réseau d'aide à domicile autour de {city} cherche {q} paires de gants par mois.",
         "pieces", 500, 4000),
        (N, "it", "Cerchiamo visiere e guanti per le cooperative sociali",
         "Le cooperative di {city} assistono anziani a domicilio: servono {q} pezzi tra visiere e guanti.",
         "pieces", 200, 1500),
        (N, "es", "Necesitamos guantes de nitrilo para residencias",
         "Las residencias asociadas en {city} necesitan {q} guantes de nitrilo al mes.",
         "pieces", 1000, 6000),
        (OF, "en", "Hand sanitiser from our distillery, {q} litres a week",
         "We converted part of our line in {city} to hand sanitiser (WHO formula). Pallets ready for collection.",
         "l", 500, 5000),
        (OF, "en", "Reusable cotton face masks, washable 30 times",
         "Our sewing workshop near {city} makes {q} community masks a week; not medical grade, clearly labelled.",
         "pieces", 1000, 8000),
        (OF, "de", "Schutzkittel aus eigener Näherei",
         "Unsere Textilfirma in {city} hat umgestellt und näht {q} waschbare Schutzkittel pro Woche.",
         "pieces", 400, 3000),
        (OF, "fr", "Visières de protection fabriquées en impression 3D",
         "Notre atelier de {city} imprime {q} visières par semaine et les livre aux soignants de la région.",
         "pieces", 200, 1500),
        (OF, "it", "Produciamo camici e guanti per le strutture sanitarie",
         "La nostra azienda di {city} produce {q} camici lavabili alla settimana; consegna in tutta Italia.",
         "pieces", 500, 4000),
        (OF, "es", "Ofrecemos pantallas faciales y batas",
         "Nuestra planta de {city} fabrica {q} pantallas faciales por semana para hospitales y residencias.",
         "pieces", 500, 5000),
    ],
    v.MEDICAL_DEVICES: [
        (N, "en", "Need pulse oximeters for home care teams",
         "Our home care teams around {city} need {q} pulse oximeters to monitor patients at a distance.",
         "pieces", 20, 300),
        (N, "en", "Looking for a producer of valves for ventilators",
         "A hospital consortium near {city} needs {q} replacement valves; drawings available.", "pieces", 50, 500),
        (N, "de", "Suchen Hersteller für Beatmungsschläuche",
         "Unser Medizintechnik-Netzwerk in {city} sucht {q} Schlauchsysteme für Beatmungsgeräte, mit CE-Kennzeichnung.",
         "pieces", 100, 1000),
        (N, "fr", "Recherche thermomètres sans contact",
         "Les écoles et crèches autour de {city} ont besoin de {q} thermomètres sans contact.", "pieces", 50, 400),
        (N, "it", "Servono saturimetri per l'assistenza domiciliare",
         "La nostra rete di {city} cerca {q} saturimetri per i pazienti seguiti a casa.", "pieces", 30, 300),
        (N, "es", "Buscamos kits de diagnóstico rápido",
         "Nuestro laboratorio de {city} necesita {q} kits de diagnóstico rápido al mes.", "pieces", 500, 5000),
        (OF, "en", "Test bench for medical device certification",
         "Our lab in {city} tests electronics for medical devices (EMC, safety) and has free slots this quarter.",
         "", 0, 0),
        (OF, "de", "Wir fertigen Ventile und Adapter für Beatmungsgeräte",
         "Unser Spritzgussbetrieb in {city} fertigt nach Zeichnung {q} Teile pro Woche, medizinisch zertifiziert.",
         "pieces", 200, 2000),
        (OF, "fr", "Capteurs pour appareils médicaux",
         "Notre PME de {city} fournit {q} capteurs de pression et de débit pour dispositifs médicaux.",
         "pieces", 100, 2000),
        (OF, "it", "Offriamo saturimetri e termometri a infrarossi",
         "Distributore di {city}: {q} saturimetri disponibili subito, consegna in 48 ore.", "pieces", 100, 1000),
        (OF, "es", "Fabricamos piezas para respiradores",
         "Taller de {city} con impresión 3D certificada: {q} adaptadores y válvulas por semana.",
         "pieces", 100, 1000),
    ],
    v.RAW_MATERIALS: [
        (N, "en", "Need microcontrollers for our control units",
         "Our supplier cancelled; we need {q} 32-bit microcontrollers (or a drop-in equivalent) for our "
         "controllers made in {city}.", "pieces", 1000, 20000),
        (N, "en", "Looking for recycled aluminium for castings",
         "A foundry near {city} needs {q} tonnes of recycled aluminium a month.", "t", 20, 200),
        (N, "de", "Suchen Halbleiter für Steuergeräte",
         "Unser Zulieferer in {city} braucht {q} Leistungshalbleiter; die Lieferzeiten liegen bei einem Jahr.",
         "pieces", 2000, 30000),
        (N, "de", "Brauchen Holz für Fertighausbau",
         "Ein Holzbaubetrieb in {city} sucht {q} Kubikmeter Konstruktionsholz für die nächste Saison.",
         "m3", 50, 600),
        (N, "fr", "Recherche composants électroniques pour capteurs",
         "Notre entreprise de {city} cherche {q} puces radio basse consommation pour ses capteurs.",
         "pieces", 1000, 10000),
        (N, "it", "Cerchiamo acciaio inox e componenti meccanici",
         "Un'officina di {city} ha bisogno di {q} tonnellate di acciaio inox per una commessa.", "t", 10, 120),
        (N, "es", "Necesitamos chips para cargadores de vehículos eléctricos",
         "Fabricante de {city}: necesitamos {q} chips de potencia para cargadores.", "pieces", 500, 8000),
        (OF, "en", "Surplus stock of electronic components",
         "A stopped project left us with {q} microcontrollers and sensors in {city}; list on request.",
         "pieces", 2000, 20000),
        (OF, "en", "Recycled plastics granulate available",
         "Our recycling plant near {city} has {q} tonnes of sorted granulate (PP, PET) each month.", "t", 20, 300),
        (OF, "de", "Wir liefern Aluminiumprofile und Blechteile",
         "Unser Werk in {city} hat freie Mengen: {q} Tonnen Aluminiumprofile im Monat.", "t", 10, 150),
        (OF, "fr", "Stock de composants électroniques à céder",
         "Notre usine de {city} cède {q} composants (microcontrôleurs, capteurs) issus d'un projet arrêté.",
         "pieces", 1000, 15000),
        (OF, "it", "Disponibili lamiere e semilavorati in acciaio",
         "Acciaieria di {city}: {q} tonnellate di lamiere disponibili per PMI del cluster.", "t", 20, 200),
        (OF, "es", "Ofrecemos madera certificada y paneles",
         "Aserradero de {city} con {q} metros cúbicos de madera certificada disponibles.", "m3", 50, 500),
    ],
    v.LOGISTICS: [
        (N, "en", "Need refrigerated transport for fresh produce",
         "Growers around {city} need cold-chain transport for {q} pallets a week to northern Europe.",
         "pallets", 10, 120),
        (N, "en", "Looking for warehouse space with cold storage",
         "A food cooperative in {city} needs cold storage for {q} pallets over the summer.", "pallets", 20, 300),
        (N, "de", "Suchen Kühltransporte für Impfstoffe und Medikamente",
         "Apotheken-Netzwerk in {city}: wir brauchen temperaturgeführten Transport für {q} Paletten im Monat.",
         "pallets", 5, 60),
        (N, "fr", "Besoin de transport frigorifique pour nos producteurs",
         "Les producteurs autour de {city} cherchent un transport frigorifique pour {q} palettes par semaine.",
         "pallets", 10, 100),
        (N, "it", "Cerchiamo trasporto refrigerato per prodotti freschi",
         "Consorzio di {city}: servono camion refrigerati per {q} bancali a settimana verso la Germania.",
         "pallets", 10, 150),
        (N, "es", "Buscamos transporte refrigerado para fruta",
         "Cooperativa de {city}: necesitamos transporte frigorífico para {q} palés por semana.", "pallets", 20, 200),
        (OF, "en", "Free capacity on our refrigerated trucks",
         "Our fleet based in {city} has room for {q} pallets a week on routes to Germany, Austria and Poland.",
         "pallets", 20, 200),
        (OF, "en", "Rail freight slots for non-urgent goods",
         "We have {q} spare container slots a month from {city} to the North Sea ports.", "units", 5, 60),
        (OF, "de", "Kühllager und Kühltransporte frei",
         "Unser Logistikzentrum in {city} bietet Kühllager für {q} Paletten und tägliche Touren.",
         "pallets", 50, 500),
        (OF, "fr", "Entrepôt logistique disponible",
         "Notre plateforme logistique de {city} dispose de {q} emplacements palettes libres.", "pallets", 100, 800),
        (OF, "it", "Offriamo trasporto refrigerato in tutta Europa",
         "Azienda di trasporti di {city}: {q} bancali a settimana di capacità libera, catena del freddo garantita.",
         "pallets", 20, 200),
        (OF, "es", "Capacidad libre en camiones frigoríficos",
         "Nuestra empresa de {city} tiene sitio para {q} palés por semana hacia Francia y Alemania.",
         "pallets", 20, 150),
    ],
    v.PRODUCTION_CAPACITY: [
        (N, "en", "Looking for a manufacturer to produce under licence",
         "A start-up in {city} needs a partner with injection moulding to produce {q} units a month.",
         "units", 1000, 20000),
        (N, "de", "Suchen Lohnfertigung für Textilien",
         "Ein Modelabel aus {city} sucht eine Näherei für {q} Teile im Monat.", "pieces", 500, 5000),
        (N, "fr", "Recherche sous-traitant en usinage",
         "Notre entreprise de {city} cherche un atelier d'usinage pour {q} pièces par mois.", "pieces", 200, 5000),
        (N, "it", "Cerchiamo capacità produttiva per componenti",
         "Un'azienda di {city} cerca un terzista per stampare {q} componenti al mese.", "pieces", 1000, 10000),
        (N, "es", "Buscamos capacidad de producción en impresión 3D",
         "Startup de {city}: necesitamos fabricar {q} piezas en impresión 3D.", "pieces", 200, 3000),
        (OF, "en", "Our line can switch to new products",
         "Part of our production in {city} is idle; we can convert it and produce {q} units a week.",
         "units", 500, 10000),
        (OF, "en", "Free machine hours in precision machining",
         "Our workshop in {city} offers {q} machine hours a month (CNC, 5-axis).", "h", 100, 1000),
        (OF, "de", "Freie Kapazitäten in der Fertigung",
         "Unser Betrieb in {city} hat freie Kapazität: {q} Maschinenstunden im Monat, Spritzguss und Montage.",
         "h", 200, 2000),
        (OF, "fr", "Capacité de production disponible",
         "Notre usine de {city} peut produire {q} pièces par semaine pour d'autres entreprises.", "pieces",
         1000, 10000),
        (OF, "it", "Riconvertiamo la nostra linea di produzione",
         "La nostra azienda tessile di {city} può produrre {q} capi a settimana per conto terzi.", "pieces",
         500, 5000),
        (OF, "es", "Ofrecemos horas de fabricación",
         "Taller de {city} con {q} horas de máquina libres al mes.", "h", 100, 1000),
    ],
    v.DIGITAL: [
        (N, "en", "Looking for an online event platform for {q} members",
         "Our cluster in {city} moves its annual meeting online and needs a platform with breakout rooms and "
         "interpretation for {q} participants.", "people", 80, 600),
        (N, "en", "Need a webshop solution for small shops",
         "Retailers in {city} want to sell online quickly; who offers a simple shop and delivery set-up?", "", 0, 0),
        (N, "de", "Suchen Plattform für Online-Veranstaltungen",
         "Unser Verband in {city} sucht eine Plattform für Online-Veranstaltungen mit {q} Teilnehmenden.",
         "people", 50, 500),
        (N, "fr", "Besoin d'un outil de visioconférence sécurisé",
         "Notre association de {city} cherche un outil de visioconférence hébergé en Europe pour {q} membres.",
         "people", 30, 400),
        (N, "it", "Cerchiamo una piattaforma per eventi online",
         "Il nostro distretto di {city} organizza una fiera virtuale per {q} espositori.", "people", 40, 300),
        (N, "es", "Necesitamos herramientas para teletrabajo",
         "Una pyme de {city} busca herramientas seguras de teletrabajo para {q} empleados.", "people", 20, 200),
        (OF, "en", "Virtual trade fair platform, free for cluster members",
         "We host virtual fairs with stands, matchmaking and chat; up to {q} participants, run from {city}.",
         "people", 200, 3000),
        (OF, "en", "Cyber security check for SMEs working remotely",
         "Our team in {city} offers a free remote-work security check for SMEs, two hours each.", "", 0, 0),
        (OF, "de", "Wir bieten eine Plattform für Online-Events",
         "Unsere Software aus {city} bietet Online-Events mit Gruppenräumen für bis zu {q} Personen.",
         "people", 200, 2000),
        (OF, "fr", "Plateforme d'événements en ligne",
         "Notre start-up de {city} propose une plateforme d'événements en ligne pour {q} participants.",
         "people", 100, 1500),
        (OF, "it", "Offriamo e-commerce chiavi in mano per negozi",
         "La nostra agenzia di {city} apre negozi online per piccoli commercianti in due settimane.", "", 0, 0),
        (OF, "es", "Plataforma de videoconferencia alojada en Europa",
         "Empresa de {city}: videoconferencias seguras para hasta {q} participantes.", "people", 100, 1000),
    ],
    v.EXPERTISE: [
        (N, "en", "Need training on remote maintenance for technicians",
         "Our members in {city} want {q} technicians trained in remote diagnostics.", "people", 10, 80),
        (N, "en", "Looking for expertise on CE marking of PPE",
         "Companies converting to protective equipment near {city} need advice on certification.", "", 0, 0),
        (N, "de", "Suchen Beratung zur Energieeffizienz",
         "Mittelständische Betriebe in {city} suchen Energieberatung; {q} Betriebe haben Interesse.",
         "units", 5, 40),
        (N, "fr", "Besoin de formation au numérique pour nos artisans",
         "La chambre de {city} cherche une formation au numérique pour {q} artisans.", "people", 20, 200),
        (N, "it", "Cerchiamo formazione sulla sicurezza nei cantieri",
         "Le imprese edili di {city} cercano corsi sulla sicurezza per {q} lavoratori.", "people", 20, 200),
        (N, "es", "Buscamos asesoría para exportar",
         "Pymes de {city} buscan asesoría para exportar a otros mercados europeos.", "", 0, 0),
        (OF, "en", "Free webinars on business continuity",
         "Our university in {city} runs weekly webinars on business continuity for SMEs, {q} places each.",
         "people", 50, 300),
        (OF, "en", "Experts on certification of protective equipment",
         "Our technology centre in {city} helps companies through CE marking and testing of PPE.", "", 0, 0),
        (OF, "de", "Schulungen zu Digitalisierung und Fernwartung",
         "Unser Institut in {city} schult {q} Fachkräfte im Monat in Fernwartung und digitaler Produktion.",
         "people", 20, 150),
        (OF, "fr", "Accompagnement à la certification",
         "Notre centre technique de {city} accompagne les PME dans la certification de leurs produits.", "", 0, 0),
        (OF, "it", "Corsi online per le imprese del territorio",
         "L'università di {city} offre corsi online gratuiti per {q} dipendenti di PMI.", "people", 30, 300),
        (OF, "es", "Formación en línea para pymes",
         "Nuestro centro tecnológico de {city} ofrece formación en línea para {q} trabajadores.", "people",
         30, 300),
    ],
    v.FUNDING: [
        (N, "en", "Looking for bridging finance for our members",
         "Small companies in our cluster near {city} need bridging loans of about {q} EUR each.", "EUR",
         20000, 200000),
        (N, "en", "Which funding programme fits a pilot line?",
         "We in {city} want to co-finance a pilot line and look for a programme and a partner who knows it.",
         "", 0, 0),
        (N, "de", "Suchen Überbrückungsfinanzierung",
         "Ein Handwerksbetrieb aus {city} braucht eine Überbrückung von {q} EUR bis die Aufträge zurück sind.",
         "EUR", 20000, 150000),
        (N, "fr", "Recherche financement pour un projet de relocalisation",
         "Notre PME de {city} cherche {q} EUR pour relocaliser une partie de sa production.", "EUR",
         50000, 500000),
        (N, "it", "Cerchiamo finanziamenti per la digitalizzazione",
         "Piccole imprese di {city} cercano fondi per digitalizzarsi: circa {q} EUR ciascuna.", "EUR",
         10000, 80000),
        (N, "es", "Buscamos financiación puente",
         "Empresas turísticas de {city} necesitan financiación puente de {q} EUR.", "EUR", 20000, 200000),
        (OF, "en", "Help with applications to funding calls",
         "Our agency in {city} helps SMEs write applications to regional and European calls, at no cost.",
         "", 0, 0),
        (OF, "en", "Microloans for social enterprises",
         "Our foundation in {city} gives microloans of up to {q} EUR to social enterprises.", "EUR", 5000, 50000),
        (OF, "de", "Beratung zu Förderprogrammen",
         "Unsere Agentur in {city} berät kostenlos zu Förderprogrammen und Überbrückungskrediten.", "", 0, 0),
        (OF, "fr", "Accompagnement au financement des PME",
         "Notre agence de {city} aide les PME à monter leurs dossiers de financement.", "", 0, 0),
        (OF, "it", "Sportello per i bandi di finanziamento",
         "La camera di commercio di {city} offre uno sportello gratuito per i bandi regionali ed europei.", "", 0, 0),
        (OF, "es", "Asesoramos sobre programas de financiación",
         "Nuestra agencia de {city} asesora a pymes sobre préstamos y programas de ayuda.", "", 0, 0),
    ],
    v.PREMISES: [
        (N, "en", "Need temporary storage space near the port",
         "A trader in {city} needs about {q} m2 of dry storage for three months.", "m2", 200, 3000),
        (N, "de", "Suchen Räume für eine Pilotanlage",
         "Ein Start-up aus {city} sucht {q} Quadratmeter Halle mit Starkstrom.", "m2", 150, 1500),
        (N, "fr", "Recherche un atelier partagé",
         "Des artisans de {city} cherchent un atelier partagé de {q} m2.", "m2", 100, 600),
        (N, "it", "Cerchiamo spazi per un laboratorio",
         "Una cooperativa di {city} cerca {q} metri quadrati per un laboratorio artigiano.", "m2", 80, 500),
        (N, "es", "Buscamos nave industrial temporal",
         "Empresa de {city} necesita una nave de {q} m2 durante seis meses.", "m2", 300, 3000),
        (OF, "en", "Laboratory space for start-ups",
         "Our science park in {city} has {q} m2 of equipped labs free for young companies.", "m2", 100, 1200),
        (OF, "de", "Freie Lagerhalle zu vermieten",
         "Unser Betrieb in {city} vermietet {q} Quadratmeter trockene Lagerfläche.", "m2", 300, 4000),
        (OF, "fr", "Espaces de coworking pour les entreprises",
         "Notre pépinière de {city} offre {q} postes de travail à prix réduit.", "units", 10, 80),
        (OF, "it", "Capannone disponibile per uso temporaneo",
         "Nel nostro distretto di {city} è libero un capannone di {q} metri quadrati.", "m2", 500, 5000),
        (OF, "es", "Ofrecemos espacios de laboratorio",
         "Nuestro parque tecnológico de {city} dispone de {q} m2 de laboratorios.", "m2", 100, 1000),
    ],
    v.WORKFORCE: [
        (N, "en", "Need seasonal workers for the harvest",
         "Farms around {city} need {q} seasonal workers for the harvest; housing is provided.", "people", 10, 150),
        (N, "en", "Looking for engineers on short assignments",
         "A manufacturer in {city} needs {q} automation engineers for three months.", "people", 2, 20),
        (N, "de", "Suchen Saisonkräfte für die Ernte",
         "Betriebe rund um {city} suchen {q} Erntehelferinnen und Erntehelfer.", "people", 10, 120),
        (N, "fr", "Besoin de saisonniers pour les vendanges",
         "Les domaines autour de {city} cherchent {q} saisonniers pour les vendanges.", "people", 10, 150),
        (N, "it", "Cerchiamo lavoratori stagionali per il turismo",
         "Gli alberghi di {city} cercano {q} lavoratori stagionali per l'estate.", "people", 10, 120),
        (N, "es", "Necesitamos temporeros para la campaña",
         "Cooperativas de {city} necesitan {q} temporeros para la campaña de fruta.", "people", 20, 200),
        (OF, "en", "Staff available for temporary assignments",
         "While our plant in {city} runs short time, {q} skilled workers are available for other companies.",
         "people", 5, 60),
        (OF, "de", "Fachkräfte vorübergehend verfügbar",
         "Wegen Kurzarbeit in {city} können {q} Fachkräfte vorübergehend in anderen Betrieben arbeiten.",
         "people", 5, 50),
        (OF, "fr", "Personnel disponible pendant la basse saison",
         "Notre réseau d'entreprises de {city} met {q} salariés à disposition pendant la basse saison.",
         "people", 5, 40),
        (OF, "it", "Personale disponibile per altre aziende",
         "La nostra cooperativa di {city} ha {q} persone disponibili per lavori stagionali.", "people", 5, 60),
        (OF, "es", "Trabajadores disponibles temporalmente",
         "Hoteles de {city} cerrados: {q} trabajadores disponibles para otras empresas.", "people", 5, 80),
    ],
}

# A closing sentence, for any post of its kind and language; goods (things delivered)
# get one of GOODS_CLOSING as well to choose from.
CLOSING = {
    N: {
        "en": ["Happy to share costs with other members.", "Please answer through an introduction.",
               "Any lead is welcome.", ""],
        "de": ["Wir teilen die Kosten gerne mit anderen Mitgliedern.", "Für jeden Hinweis dankbar.", ""],
        "fr": ["Merci de passer par une mise en relation.", "Toute piste est bienvenue.", ""],
        "it": ["Dividiamo volentieri i costi con altri soci.", "Ogni suggerimento è benvenuto.", ""],
        "es": ["Compartimos costes con otros socios.", "Cualquier contacto es bienvenido.", ""],
    },
    OF: {
        "en": ["Priority for SMEs.", "At cost for members of the alliance.",
               "Ask for an introduction and we reply the same week.", ""],
        "de": ["Vorrang für KMU.", "Zum Selbstkostenpreis für Mitglieder.",
               "Anfragen bitte über eine Vorstellung.", ""],
        "fr": ["Priorité aux PME.", "À prix coûtant pour les membres.", ""],
        "it": ["Priorità alle PMI.", "A prezzo di costo per i soci.", ""],
        "es": ["Prioridad para pymes.", "A precio de coste para los socios.", ""],
    },
}
GOODS = {v.PROTECTIVE_EQUIPMENT, v.MEDICAL_DEVICES, v.RAW_MATERIALS, v.PRODUCTION_CAPACITY}
GOODS_CLOSING = {
    N: {
        "en": ["Delivery within two weeks would help most.", "We can collect ourselves."],
        "de": ["Lieferung in den nächsten zwei Wochen wäre ideal.", "Abholung ist möglich."],
        "fr": ["Une livraison sous deux semaines serait idéale.", "Nous pouvons venir chercher."],
        "it": ["Sarebbe ideale una consegna entro due settimane.", "Possiamo ritirare noi."],
        "es": ["Lo ideal sería recibirlo en dos semanas.", "Podemos recogerlo nosotros."],
    },
    OF: {
        "en": ["Delivery across the EU within ten days.", "Samples on request."],
        "de": ["Lieferung EU-weit innerhalb von zehn Tagen.", "Muster auf Anfrage."],
        "fr": ["Livraison dans toute l'UE sous dix jours.", "Échantillons sur demande."],
        "it": ["Consegna in tutta l'UE entro dieci giorni.", "Campioni su richiesta."],
        "es": ["Entrega en toda la UE en diez días.", "Muestras bajo pedido."],
    },
}

ITALIAN_NEED = ("Servono mascherine FFP2 per 300 lavoratori",
                "Il nostro stabilimento ha bisogno di mascherine FFP2 certificate per 300 lavoratori. "
                "Le scorte finiscono tra dieci giorni.")
GERMAN_OFFER = ("Wir liefern zertifizierte FFP2-Masken",
                "Unser Betrieb hat umgestellt und liefert 5000 zertifizierte FFP2-Schutzmasken pro Woche EU-weit.")
PARTICIPANT_NEED = ("Need 250 certified FFP2 masks for our depot workers",
                    "Our rail maintenance depot runs shifts of 250 technicians and our stock of FFP2 masks ends "
                    "this month. We look for a certified supplier who can deliver to Hungary.")
MODERATOR_OFFER = ("Compra conjunta de mascarillas FFP2 para socios",
                   "Nuestro clúster coordina una compra conjunta de mascarillas FFP2 certificadas y dispone de "
                   "3000 unidades para empresas de otros países de la alianza.")
PARTICIPANT_OFFER = ("Rail freight capacity Budapest–Vienna for medical supplies",
                     "Our trains run daily between Budapest and Vienna with room for 20 pallets of medical "
                     "supplies; we carry them at cost.")
PARTICIPANT_RESOLVED = ("Need sensors for a rail condition monitoring pilot",
                        "We need 400 vibration sensors for a pilot on our bogies; delivery this quarter.")

PARTNER_SEARCHES_TEXT: list[tuple[str, str, str, str, list[str], list[str]]] = [
    # (language, title, text, roles wanted, countries, organisation types)
    ("en", "Partners for a cross-border project on resilient medical supply chains",
     "We prepare a proposal on mapping and stockpiling critical medical supplies across regions.",
     "An SME producing protective equipment; a logistics company with cold chain; a university with "
     "supply-chain modelling.", ["DE", "IT", "PL"], ["company", "university"]),
    ("de", "Partner für ein Projekt zur Kreislaufwirtschaft in der Textilindustrie",
     "Wir bereiten einen Antrag zur Wiederverwertung von Alttextilien vor.",
     "Eine Sortieranlage; ein Forschungsinstitut für Fasern; ein Modeunternehmen als Pilotanwender.",
     ["DE", "AT", "IT"], ["company", "rto"]),
    ("fr", "Partenaires pour un projet de tourisme durable",
     "Nous montons un projet de tourisme durable pour les territoires ruraux.",
     "Des offices de tourisme; une PME du numérique; une université pour l'évaluation.",
     ["FR", "ES", "PT"], ["public_authority", "company", "university"]),
    ("it", "Cerchiamo partner per un progetto sull'agricoltura di precisione",
     "Prepariamo una proposta su sensori e dati per le piccole aziende agricole.",
     "Una PMI di sensori; una cooperativa agricola; un centro di ricerca sui dati.",
     ["IT", "ES", "EL"], ["company", "civil_society", "rto"]),
    ("es", "Socios para un proyecto de hidrógeno verde en la industria",
     "Buscamos socios para una propuesta sobre hidrógeno verde en la industria cerámica.",
     "Una empresa de electrolizadores; un clúster de energía; un centro tecnológico.",
     ["ES", "DE", "NL"], ["company", "cluster_org", "rto"]),
    ("en", "Consortium for digital skills of construction SMEs",
     "A training partnership on building information modelling for small construction companies.",
     "Vocational schools; construction SMEs as pilot users; a software company.",
     ["PL", "CZ", "SK", "HU"], ["company", "university", "other"]),
    ("en", "Partners wanted: batteries for light electric vehicles",
     "We look for partners for a project on second-life batteries for cargo bikes and scooters.",
     "A battery recycler; an e-mobility SME; a city willing to pilot.", ["NL", "BE", "DE"],
     ["company", "public_authority"]),
    ("de", "Partner für ein Netzwerk zur Fernwartung im Maschinenbau",
     "Ein Netzwerk von KMU und Instituten zur Fernwartung von Maschinen.",
     "Maschinenbauer (KMU); ein Softwareanbieter; eine Hochschule.", ["DE", "AT", "CZ"],
     ["company", "university"]),
    ("fr", "Partenaires pour une plateforme d'économie sociale",
     "Une plateforme numérique pour les coopératives et associations de services de proximité.",
     "Des coopératives; une PME du numérique; une collectivité.", ["FR", "BE", "IT"],
     ["civil_society", "company", "public_authority"]),
    ("en", "Partners for cultural events that tour online and on site",
     "A project on hybrid festivals for cultural and creative SMEs.",
     "Festival organisers; a streaming technology SME; a regional agency.", ["IE", "SE", "FI", "EE"],
     ["company", "public_authority"]),
]

INTEREST_NOTES = {
    "en": ["We are an SME in this field and can lead the pilot.",
           "Our lab has done similar work and has staff free.",
           "We would bring users and data from our members.",
           "Happy to join; we have taken part in two such projects."],
    "de": ["Wir sind ein KMU und würden gern den Pilot übernehmen.",
           "Unser Institut bringt Erfahrung und Personal mit."],
    "fr": ["Notre PME peut apporter un site pilote.", "Nous avons l'expérience de projets similaires."],
    "it": ["La nostra PMI può portare un caso pilota.", "Abbiamo esperienza in progetti simili."],
    "es": ["Nuestra pyme puede aportar un piloto.", "Tenemos experiencia en proyectos parecidos."],
}
INTRODUCTION_MESSAGES = {
    "en": "Your post looks like what we need. Could we talk this week?",
    "de": "Ihr Angebot passt zu unserem Bedarf. Können wir diese Woche sprechen?",
    "fr": "Votre annonce correspond à notre besoin. Pouvons-nous échanger cette semaine ?",
    "it": "La vostra offerta corrisponde a ciò che cerchiamo. Possiamo sentirci questa settimana?",
    "es": "Su oferta encaja con lo que buscamos. ¿Podemos hablar esta semana?",
}
DECLINE_NOTES = ["Our stock is reserved for local members for now.", "Sorry, the quantity is too small for us.",
                 "We cannot deliver that far at the moment."]
MISSING = {
    "en": "Still missing: about half of the quantity.", "de": "Es fehlt noch etwa die Hälfte der Menge.",
    "fr": "Il manque encore environ la moitié.", "it": "Manca ancora circa la metà.",
    "es": "Falta todavía la mitad aproximadamente.",
}


@dataclass
class Counts:
    needs: int
    offers: int
    partner_searches: int
    resolved: int
    introductions: int
    interests: int


def _city(organisation: Organisation) -> str:
    region = organisation.region
    name = region.name if region else organisation.country_id
    name = name.split("/")[0].split(",")[0]
    for prefix in ("Arr. de ", "Arr. ", "Kreisfreie Stadt ", "Landkreis ", "Prov. ", "Stadt "):
        name = name.removeprefix(prefix)
    return name.strip()


def _quantity(rng: random.Random, low: int, high: int) -> int:
    value = rng.randint(low, high)
    step = 1000 if value >= 20000 else 100 if value >= 2000 else 10 if value >= 100 else 1
    return max(step, round(value / step) * step)


class _Seeder:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.today = timezone.localdate()
        self.organisations = list(Organisation.objects.select_related("region").prefetch_related("ecosystems")
                                  .order_by("pk"))
        self.ecosystems = {o.pk: [e.slug for e in o.ecosystems.all()] for o in self.organisations}
        self.users: dict[int, User] = {}
        for person in Person.objects.filter(user__isnull=False, user__is_active=True,
                                            affiliation__isnull=False).select_related("user").order_by("pk"):
            assert person.user is not None and person.affiliation_id is not None
            self.users.setdefault(person.affiliation_id, person.user)
        self.coordinator = User.objects.get(email="coordinator@alliance.example")
        self.demo_orgs: dict[str, int] = dict(Person.objects.filter(
            user__email__in=["participant@alliance.example", "moderator@alliance.example",
                             "coordinator@alliance.example"]).values_list("user__email", "affiliation_id"))
        # The participant account's organisation posts only its own few (the visitor's view).
        others = [o for o in self.organisations if o.pk != self.demo_orgs.get("participant@alliance.example")]
        self.pools = {lang: [o for o in others if o.country_id in countries]
                      for lang, countries in COUNTRIES_OF.items()}
        self.pools["en"] = others
        self.posts: list[Post] = []
        self.created: dict[int, dt.datetime] = {}
        self.categories: dict[int, set[str]] = {}
        self.resolved: set[int] = set()
        self.texts: set[str] = set()

    def author(self, organisation: Organisation) -> User:
        return self.users.get(organisation.pk, self.coordinator)

    def create(self, organisation: Organisation, *, kind: str, language: str, title: str, text: str,
               categories: list[str], quantity: int | None = None, unit: str = "", reach: str | None = None,
               ecosystems: list[str] | None = None, days_ago: int | None = None, **fields: Any) -> Post:
        rng = self.rng
        if reach is None:
            reach = rng.choices(v.REACHES, [4, 4, 2] if kind == N else [2, 4, 4])[0]
        region: Region | None = organisation.region
        if region is not None and region.parent_id and rng.random() < 0.15:
            region = region.parent
        days_ago = days_ago if days_ago is not None else rng.randint(1, 48)
        # Mostly the default lifetime from the day it was posted; some renewed, some shorter.
        lifetime = 60 + rng.choice([0, 0, 0, -14, 30])
        expires = fields.pop("expires_on", None) or self.today + dt.timedelta(days=max(8, lifetime - days_ago))
        post = actions.create_post(
            by=self.author(organisation), organisation=organisation,
            fields={"kind": kind, "title": title[:160], "text": text, "language": language,
                    "quantity": Decimal(quantity) if quantity else None, "unit": unit if quantity else "",
                    "region": region, "reach": reach,
                    "urgency": rng.choices(v.URGENCIES, [15, 50, 25, 10])[0], "expires_on": expires,
                    "contact_preference": rng.choice(["introduction", "introduction", "email", "phone"]),
                    **fields},
            categories=categories, ecosystems=ecosystems or self.ecosystems[organisation.pk][:2])
        self.posts.append(post)
        self.categories[post.pk] = set(categories)
        self.created[post.pk] = timezone.now() - dt.timedelta(days=days_ago, hours=rng.randint(0, 23))
        return post

    def counterpart(self, need: Post, offers: list[Post], used: set[frozenset[int]]) -> Post | None:
        """An offer of the need's category from another organisation not yet in contact with it."""
        wanted = self.categories[need.pk]
        for offer in self.rng.sample(offers, len(offers)):
            pair = frozenset((need.organisation_id, offer.organisation_id))
            if offer.organisation_id != need.organisation_id and self.categories[offer.pk] & wanted \
                    and pair not in used:
                return offer
        return None

    def from_template(self, kind: str) -> Post:
        rng = self.rng
        while True:  # a text said twice (same organisation, template and figure) is drawn again
            language = rng.choices(list(LANGUAGE_WEIGHTS), list(LANGUAGE_WEIGHTS.values()))[0]
            organisation = rng.choice(self.pools[language])
            liked = [c for e in self.ecosystems[organisation.pk] for c in AFFINITY[e]]
            categories = [c for c in TEMPLATES if any(t[0] == kind and t[1] == language for t in TEMPLATES[c])]
            weights = [1 + 3 * liked.count(c) for c in categories]
            category = rng.choices(categories, weights)[0]
            template = rng.choice([t for t in TEMPLATES[category] if t[0] == kind and t[1] == language])
            _kind, _lang, title, text, unit, low, high = template
            quantity = _quantity(rng, low, high) if unit else None
            values = {"q": quantity or "", "city": _city(organisation)}
            closing = rng.choice(CLOSING[kind][language]
                                 + (GOODS_CLOSING[kind][language] if category in GOODS else []))
            body = f"{text.format(**values)} {closing}".strip()
            if body not in self.texts:
                break
        self.texts.add(body)
        # The categories a post names: its own, sometimes a neighbouring one (a training
        # offer on PPE certification is expertise and protective equipment).
        extra = [c for c in AFFINITY[self.ecosystems[organisation.pk][0]] if c != category]
        categories_of = [category] + ([rng.choice(extra)] if extra and rng.random() < 0.15 else [])
        ecosystems = self.ecosystems[organisation.pk][:2]
        return self.create(organisation, kind=kind, language=language, title=title.format(**values), text=body,
                           categories=categories_of, quantity=quantity, unit=unit, ecosystems=ecosystems)

    def org(self, pk: int) -> Organisation:
        return next(o for o in self.organisations if o.pk == pk)

    def first_of(self, countries: tuple[str, ...], types: tuple[str, ...], taken: set[int]) -> Organisation:
        for organisation in self.organisations:
            if (organisation.country_id in countries and organisation.type in types and organisation.pk not in taken
                    and organisation.pk not in self.demo_orgs.values()):
                return organisation
        return next(o for o in self.organisations if o.country_id in countries and o.pk not in taken)


def _backdate(seeder: _Seeder, introductions: list[Introduction]) -> None:
    """The actions stamp "now"; a believable exchange has a past (see the module's doc)."""
    for pk, created in seeder.created.items():
        Post.objects.filter(pk=pk).update(created_at=created, updated_at=created)
    for post in Post.objects.filter(pk__in=list(seeder.created), resolved_at__isnull=False):
        resolved = min(timezone.now(), seeder.created[post.pk] + dt.timedelta(days=seeder.rng.randint(3, 20)))
        Post.objects.filter(pk=post.pk).update(resolved_at=resolved)
    for introduction in introductions:
        start = seeder.created.get(introduction.post_id, timezone.now())
        asked = min(timezone.now(), start + dt.timedelta(days=seeder.rng.randint(1, 6)))
        answered = (min(timezone.now(), asked + dt.timedelta(days=seeder.rng.randint(1, 5)))
                    if introduction.answered_at else None)
        Introduction.objects.filter(pk=introduction.pk).update(created_at=asked, answered_at=answered)


@transaction.atomic
def _write(seed: int) -> tuple[Counts, list[int]]:
    s = _Seeder(seed)
    rng = s.rng
    taken: set[int] = set()
    # The done-when pair, by an Italian company and a German one.
    italian = s.first_of(("IT",), (OrganisationType.COMPANY,), taken)
    taken.add(italian.pk)
    german = s.first_of(("DE",), (OrganisationType.COMPANY,), taken)
    taken.add(german.pk)
    s.create(italian, kind=N, language="it", title=ITALIAN_NEED[0], text=ITALIAN_NEED[1],
             categories=[v.PROTECTIVE_EQUIPMENT], quantity=300, unit="pieces", reach=v.EU_WIDE, urgency="high",
             ecosystems=[*s.ecosystems[italian.pk][:1], "health"], days_ago=3)
    s.create(german, kind=OF, language="de", title=GERMAN_OFFER[0], text=GERMAN_OFFER[1],
             categories=[v.PROTECTIVE_EQUIPMENT], quantity=5000, unit="pieces", reach=v.EU_WIDE,
             ecosystems=["health", "textile"], days_ago=9)
    # The participant account's organisation, and a match for it from the moderator's.
    participant = s.org(s.demo_orgs["participant@alliance.example"])
    moderator = s.org(s.demo_orgs["moderator@alliance.example"])
    s.create(participant, kind=N, language="en", title=PARTICIPANT_NEED[0], text=PARTICIPANT_NEED[1],
             categories=[v.PROTECTIVE_EQUIPMENT], quantity=250, unit="pieces", reach=v.EU_WIDE, urgency="high",
             days_ago=2)
    s.create(moderator, kind=OF, language="es", title=MODERATOR_OFFER[0], text=MODERATOR_OFFER[1],
             categories=[v.PROTECTIVE_EQUIPMENT], quantity=3000, unit="pieces", reach=v.EU_WIDE, days_ago=6)
    rail_offer = s.create(participant, kind=OF, language="en", title=PARTICIPANT_OFFER[0], text=PARTICIPANT_OFFER[1],
                          categories=[v.LOGISTICS], quantity=20, unit="pallets", reach=v.NATIONAL, days_ago=20)
    sensors = s.create(participant, kind=N, language="en", title=PARTICIPANT_RESOLVED[0],
                       text=PARTICIPANT_RESOLVED[1], categories=[v.RAW_MATERIALS], quantity=400, unit="pieces",
                       reach=v.EU_WIDE, days_ago=40)
    fixed = len(s.posts)

    for index in range(NEEDS + OFFERS - 4):
        s.from_template(N if index % 2 == 0 else OF)
    needs = [p for p in s.posts[fixed:] if p.kind == N]
    offers = [p for p in s.posts[fixed:] if p.kind == OF]

    # Resolutions: needs met (mostly by an offer of the same category), partly met, withdrawn.
    resolved = 0
    pairs_used: set[frozenset[int]] = set()
    introductions: list[Introduction] = []
    sensor_offer = next((o for o in offers if v.RAW_MATERIALS in s.categories[o.pk]), None)
    actions.resolve_post(by=s.author(participant), post=sensors, status=PostStatus.FULFILLED,
                         helped_by_post=sensor_offer)
    resolved += 1
    # Contacts already made stand for every pair the demo introduces (once per pair).
    pairs_used.add(frozenset((participant.pk, moderator.pk)))
    pairs_used.add(frozenset((italian.pk, german.pk)))
    candidates = rng.sample(needs, len(needs))
    for need in candidates:
        if resolved >= RESOLVED:
            break
        helper = s.counterpart(need, offers, pairs_used)
        status = rng.choices([PostStatus.FULFILLED, PostStatus.PARTLY_FULFILLED, PostStatus.WITHDRAWN],
                             [12, 7, 5])[0]
        if status != PostStatus.WITHDRAWN and helper is None:
            continue
        if status == PostStatus.WITHDRAWN:
            actions.resolve_post(by=s.author(need.organisation), post=need, status=status,
                                 note=rng.choice(["", "Solved internally.", "No longer needed."]))
        else:
            assert helper is not None
            pairs_used.add(frozenset((need.organisation_id, helper.organisation_id)))
            if rng.random() < 0.4:  # they found each other without the platform's introduction
                actions.resolve_post(by=s.author(need.organisation), post=need, status=status, helped_by_post=helper,
                                     note=MISSING[need.language] if status == PostStatus.PARTLY_FULFILLED else "")
                resolved += 1
                s.resolved.add(need.pk)
                continue
            # The story behind it: an introduction asked, accepted, and said to have led somewhere.
            introduction = actions.request_introduction(
                by=s.author(need.organisation), post=need, from_organisation=need.organisation, to_post=helper,
                message=INTRODUCTION_MESSAGES[need.language])
            introduction = actions.answer_introduction(by=s.author(helper.organisation), introduction=introduction,
                                                       accept=True)
            _outcome(introduction, "yes" if status == PostStatus.FULFILLED else "partly")
            introductions.append(introduction)
            actions.resolve_post(by=s.author(need.organisation), post=need, status=status, helped_by_post=helper,
                                 note=MISSING[need.language] if status == PostStatus.PARTLY_FULFILLED else "")
        resolved += 1
        s.resolved.add(need.pk)

    # More introductions, open ones at every stage (the participant's own need is left for
    # the visitor).
    open_needs = [n for n in needs if n.pk not in s.resolved]
    stages = rng.sample(["accepted"] * 5 + ["declined"] * 5 + ["requested"] * 6, 16)
    for need in rng.sample(open_needs, len(open_needs)):
        if len(introductions) >= INTRODUCTIONS - 1 or not stages:
            break
        helper = s.counterpart(need, offers, pairs_used)
        if helper is None:
            continue
        pairs_used.add(frozenset((need.organisation_id, helper.organisation_id)))
        introduction = actions.request_introduction(
            by=s.author(need.organisation), post=need, from_organisation=need.organisation, to_post=helper,
            message=INTRODUCTION_MESSAGES[need.language])
        stage = stages.pop()
        if stage != "requested":
            introduction = actions.answer_introduction(
                by=s.author(helper.organisation), introduction=introduction, accept=stage == "accepted",
                note="" if stage == "accepted" else rng.choice(DECLINE_NOTES))
            if stage == "accepted" and rng.random() < 0.5:
                _outcome(introduction, rng.choice(["yes", "partly", "no"]))
        introductions.append(introduction)
    # One waiting for the participant: someone wants the rail capacity.
    introduced = {i.post_id for i in introductions}
    asker = next(n for n in open_needs if n.pk not in introduced and v.LOGISTICS in s.categories[n.pk]
                 and frozenset((n.organisation_id, participant.pk)) not in pairs_used
                 and n.organisation_id != participant.pk)
    introductions.append(actions.request_introduction(
        by=s.author(asker.organisation), post=asker, from_organisation=asker.organisation, to_post=rail_offer,
        message=INTRODUCTION_MESSAGES[asker.language]))

    # Partner searches, with interest (SMEs first) and a shortlist.
    interests = 0
    for language, title, text, roles, countries, types in PARTNER_SEARCHES_TEXT:
        organisation = rng.choice(s.pools[language] if language != "en" else
                                  [o for o in s.organisations if o.type in ("cluster_org", "university", "rto")])
        search = s.create(organisation, kind=v.PARTNER_SEARCH, language=language, title=title, text=text,
                          categories=[v.EXPERTISE, v.FUNDING], reach=v.EU_WIDE, roles_wanted=roles,
                          deadline=s.today + dt.timedelta(days=rng.randint(10, 45)), countries=countries,
                          organisation_types=types)
        fitting = [o for o in s.organisations if o.pk != organisation.pk and o.type in types
                   and o.country_id in countries]
        for position, candidate in enumerate(rng.sample(fitting, min(len(fitting), rng.randint(2, 5)))):
            note_language = next((lang for lang, cs in COUNTRIES_OF.items() if candidate.country_id in cs), "en")
            interest = actions.express_interest(by=s.author(candidate), post=search, organisation=candidate,
                                                note=rng.choice(INTEREST_NOTES[note_language]))
            interests += 1
            if position == 0:
                actions.shortlist(by=s.author(organisation), interest=interest)

    # Some posts expire within the week (their reminders can be tried); a few already did.
    still_open = [p for p in s.posts[fixed:] if p.kind != v.PARTNER_SEARCH and p.pk not in s.resolved]
    chosen = rng.sample(still_open, EXPIRING_SOON + EXPIRED)
    for position, post in enumerate(chosen):
        left = rng.randint(1, 7) if position < EXPIRING_SOON else -rng.randint(1, 10)
        Post.objects.filter(pk=post.pk).update(expires_on=s.today + dt.timedelta(days=left))
        # Posted a lifetime before its expiry, like the rest.
        s.created[post.pk] = timezone.now() - dt.timedelta(days=60 - left, hours=rng.randint(0, 23))
    actions.expire_posts(s.today)
    _backdate(s, introductions)
    counts = Counts(needs=sum(p.kind == N for p in s.posts), offers=sum(p.kind == OF for p in s.posts),
                    partner_searches=sum(p.kind == v.PARTNER_SEARCH for p in s.posts), resolved=resolved,
                    introductions=len(introductions), interests=interests)
    return counts, [p.pk for p in s.posts]


def _outcome(introduction: Introduction, outcome: str) -> None:
    """The requester's one click on the follow-up e-mail."""
    actions.record_outcome(token=actions.outcome_token(introduction, introduction.requested_by, outcome))


def seed(*, seed: int) -> Counts:
    """Write the demo exchange over the demo registry, then make sure every post's
    statement is stored and embedded (the actions publish on commit; a caller's outer
    transaction defers that, so it is done here too, once, idempotently)."""
    counts, ids = _write(seed)
    actions.sync_posts(ids)
    return counts
