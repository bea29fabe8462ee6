"""What the demo's organisations say in its sessions: per topic and kind, (language, text).

Written in the register of the alliance's summaries: short, concrete, one point each.
On purpose, several organisations say the same thing in their own words and languages
(the overview's themes find them), and some points recur across topics — liquidity,
membership fees, stopped innovation projects, events moving online, protective
equipment, supply chains, seasonal workers, inflexible public administration.
Figures are the speaking organisations' own; none is attributed to a real body.

A text in German, French, Italian or Spanish is said by an organisation of a country
that speaks it (LANGUAGE_OF_COUNTRY); English ones by anyone.

The spring-2020 topics are meetings.demo.PAST_TOPICS; the recent ones are the
Tuesday/Thursday series' topics (meetings.demo.UPCOMING_TOPICS), about today's
questions. EMERGING is a new disruption raised in the last two weeks only.
"""

from __future__ import annotations

from alliance.lib.kinds import DISRUPTION, FRAMEWORK, NEED, REFERENCE, SOLUTION

Line = tuple[str, str]

LANGUAGE_OF_COUNTRY = {"DE": "de", "AT": "de", "FR": "fr", "BE": "fr", "LU": "fr", "IT": "it", "ES": "es"}

GENERAL: dict[str, list[Line]] = {
    FRAMEWORK: [
        ("en", "Today is a **brainstorming session** on what the crisis changes for cluster members."),
        ("en", "The alliance is an **inclusive environment**: companies, research, civil society and public "
               "authorities."),
        ("en", "A cluster is a place-and-industry fact; the cluster organisation facilitates it."),
    ],
    REFERENCE: [
        ("en", "[European Cluster Collaboration Platform](https://clustercollaboration.eu/)"),
        ("en", "[Oxford COVID-19 Government Response Tracker]"
               "(https://www.bsg.ox.ac.uk/research/covid-19-government-response-tracker)"),
    ],
}
# The framing of the recent sessions: no longer a crisis meeting.
RECENT_FRAMEWORK: list[Line] = [
    ("en", "A **tour de table**: what members face this month, and what already helps."),
    ("en", "Clusters, companies, research and public authorities together: one point each, then solutions."),
]

SPRING_2020: dict[str, dict[str, list[Line]]] = {
    "Personal protective equipment: who makes it, who needs it": {
        DISRUPTION: [
            ("en", "Hospitals in our region run out of **FFP2 masks** within days"),
            ("it", "Gli ospedali della nostra regione esauriscono le mascherine FFP2 nel giro di pochi giorni"),
            ("en", "Prices of surgical masks have gone up tenfold since February"),
            ("fr", "Les masques chirurgicaux coûtent dix fois plus cher qu'en février"),
            ("en", "Imported masks arrive without valid **CE certificates** and are blocked at customs"),
            ("de", "Importierte Masken haben keine gültigen CE-Zertifikate und hängen beim Zoll fest"),
            ("en", "Care homes and small clinics are last in line for protective equipment"),
            ("en", "Nursing homes get no protective equipment: hospitals come first"),
        ],
        NEED: [
            ("en", "Need **FFP2 masks** for 300 workers in our member companies"),
            ("it", "Servono mascherine FFP2 per i 300 dipendenti delle nostre aziende associate"),
            ("en", "Need a list of certified PPE producers in Europe, with their capacity"),
            ("de", "Wir brauchen eine Übersicht zertifizierter Hersteller von Schutzausrüstung in Europa"),
            ("en", "Need a fast track for testing and certifying new masks"),
            ("fr", "Besoin d'une procédure accélérée pour tester et certifier les nouveaux masques"),
            ("en", "Need gloves and gowns for home-care workers, not only masks"),
            ("en", "Home-care services have masks but need gowns and gloves too"),
        ],
        SOLUTION: [
            ("en", "3D-printed **face shields**, 2,000 a week, for hospitals of the region"),
            ("es", "Nuestros socios imprimen en 3D 2.000 pantallas faciales a la semana para los hospitales"),
            ("en", "Matchmaking platform between PPE producers and health buyers"),
            ("fr", "Une plateforme de mise en relation entre fabricants d'EPI et acheteurs du secteur de la santé"),
            ("en", "Our lab tests the filtration of new masks free of charge for cluster members"),
            ("de", "Unser Prüflabor testet die Filterleistung neuer Masken für Clustermitglieder kostenlos"),
            ("en", "Joint purchase of masks through the cluster cuts the price for small members"),
            ("en", "The cluster buys masks in bulk for its smaller members"),
        ],
    },
    "Disrupted value chains in the automotive industry": {
        DISRUPTION: [
            ("en", "Orders have fallen by half in the **automotive supply chain**"),
            ("de", "Die Aufträge in der Zulieferkette sind um die Hälfte eingebrochen"),
            ("en", "Suppliers in northern Italy closed: **value chains are interrupted**"),
            ("it", "Con la chiusura dei fornitori del Nord Italia le catene del valore si sono interrotte"),
            ("en", "Car makers stopped their plants and cancelled call-offs without notice"),
            ("en", "Carmakers closed their plants and cancelled orders overnight"),
            ("en", "**Innovation projects have been stopped** by companies to save cash"),
            ("es", "Muchos proveedores pequeños no aguantarán tres meses sin facturar"),
        ],
        NEED: [
            ("en", "Need **liquidity** within weeks for small suppliers"),
            ("de", "Kleine Zulieferer brauchen innerhalb weniger Wochen Liquidität"),
            ("en", "Need a common **sanitary protocol** for restarting production lines"),
            ("it", "Serve un protocollo sanitario comune per far ripartire le linee di produzione"),
            ("en", "Need to know the car makers' restart dates to plan production"),
            ("en", "Suppliers need the carmakers' restart calendar to plan their own"),
            ("en", "Need alternative suppliers within the EU for parts that came from China"),
            ("es", "Hay que mantener los ERTE para no perder a los trabajadores cualificados"),
        ],
        SOLUTION: [
            ("en", "Supplier map of the cluster: who can make which part if a supplier fails"),
            ("de", "Lieferantenlandkarte des Clusters: wer welches Teil fertigen kann, wenn ein Zulieferer "
                   "ausfällt"),
            ("en", "Shared **restart checklist** for production sites, written with the unions"),
            ("fr", "Une check-list commune pour redémarrer les sites de production, rédigée avec les syndicats"),
            ("en", "Automotive suppliers convert lines to make ventilator parts"),
            ("it", "Alcuni fornitori automotive hanno riconvertito le linee per produrre componenti per "
                   "ventilatori"),
            ("en", "Webinars with banks on bridging loans for suppliers"),
            ("en", "Temporary exchange of workers between member companies with and without orders"),
        ],
    },
    "Digital tools for cluster services at a distance": {
        DISRUPTION: [
            ("en", "Events and matchmaking are cancelled: the cluster loses its main service"),
            ("fr", "Tous nos événements sont annulés : le cluster perd son principal service aux adhérents"),
            ("en", "Many SMEs have no laptops or VPN to work from home"),
            ("de", "Viele KMU haben weder Laptops noch VPN fürs Homeoffice"),
            ("en", "Online meetings tire members: attendance drops after the first weeks"),
            ("es", "Las reuniones en línea cansan a los socios: la asistencia cae tras las primeras semanas"),
            ("en", "Cyber attacks on companies working remotely have multiplied"),
            ("en", "Members struggling to pay the membership fees since March"),
        ],
        NEED: [
            ("en", "Need to **reinvent the services** for members at a distance"),
            ("it", "Dobbiamo reinventare i servizi per gli associati a distanza"),
            ("en", "Need an online event platform that works for B2B matchmaking"),
            ("de", "Wir brauchen eine Online-Plattform für B2B-Matchmaking, nicht nur Videokonferenzen"),
            ("en", "Need training for our staff to moderate online workshops"),
            ("fr", "Besoin de former notre équipe à l'animation d'ateliers en ligne"),
            ("en", "Need cybersecurity advice for small companies working from home"),
            ("en", "Need to keep our **visibility** with members now that we cannot meet them"),
        ],
        SOLUTION: [
            ("en", "Offer: an **online event platform** for cluster members, free until December"),
            ("es", "Ofrecemos una plataforma de eventos en línea gratuita para los socios del clúster hasta "
                   "diciembre"),
            ("en", "Virtual B2B matchmaking: 15-minute meetings booked in advance"),
            ("de", "Virtuelle B2B-Gespräche: 15-Minuten-Termine, vorab gebucht"),
            ("en", "Weekly online coffee for members to keep in touch"),
            ("fr", "Un café virtuel chaque semaine pour garder le lien avec les adhérents"),
            ("en", "Free cybersecurity check for members, done by a member company"),
            ("en", "A member company checks other members' IT security for free"),
        ],
    },
    "Tourism after the lockdown": {
        DISRUPTION: [
            ("en", "Hotels in our region have lost all bookings until the autumn"),
            ("fr", "Nos hôtels ont perdu toutes leurs réservations jusqu'à l'automne"),
            ("es", "Los hoteles de la costa han perdido todas las reservas hasta el otoño"),
            ("en", "Tour operators must refund cancelled trips with money they no longer have"),
            ("de", "Reiseveranstalter müssen stornierte Reisen erstatten, haben das Geld aber nicht mehr"),
            ("en", "No seasonal workers will be hired this summer"),
            ("en", "Hotels and campsites will not take on seasonal staff this year"),
            ("en", "Border closures stop cross-border day trips entirely"),
        ],
        NEED: [
            ("en", "Need clear reopening rules for hotels and restaurants, the same across borders"),
            ("it", "Servono regole chiare, uguali da una parte e dall'altra del confine, per riaprire alberghi "
                   "e ristoranti"),
            ("en", "Need **liquidity** for family-run hotels until next season"),
            ("es", "Los hoteles familiares necesitan liquidez hasta la próxima temporada"),
            ("en", "Need vouchers to be accepted instead of refunds"),
            ("fr", "Il faut que les avoirs puissent légalement remplacer les remboursements"),
            ("en", "Need a campaign to bring domestic tourists back"),
            ("en", "Need hygiene training for small guesthouses"),
        ],
        SOLUTION: [
            ("en", "Regional campaign for holidays close to home, with the tourism board"),
            ("de", "Regionale Kampagne für Urlaub in der Nähe, gemeinsam mit dem Tourismusverband"),
            ("en", "A common **hygiene label** for hotels, checked by the cluster"),
            ("fr", "Un label sanitaire commun pour les hôtels, contrôlé par le cluster"),
            ("en", "A **safe stay** label for guesthouses, audited by the cluster"),
            ("en", "Online booking of time slots for museums and heritage sites"),
            ("it", "Prenotazione online a fasce orarie per musei e siti culturali"),
            ("en", "Hotels host health workers and quarantined travellers"),
        ],
    },
    "Liquidity and financing instruments for SMEs": {
        DISRUPTION: [
            ("en", "Members are **struggling to pay** their fees since March"),
            ("de", "Unsere Mitglieder können seit März ihre Beiträge nicht mehr zahlen"),
            ("en", "Micro companies have cash for four weeks at most"),
            ("fr", "Les microentreprises ont au mieux quatre semaines de trésorerie"),
            ("en", "Banks ask for guarantees that small shops cannot give"),
            ("it", "Le banche chiedono garanzie che i piccoli negozi non possono dare"),
            ("en", "State-backed loans take two months to be paid out"),
            ("en", "Guaranteed loans reach companies only after eight weeks"),
        ],
        NEED: [
            ("en", "Need **liquidity** within weeks for micro companies"),
            ("es", "Las microempresas necesitan liquidez en cuestión de semanas"),
            ("en", "Need grants, not only loans: members cannot take on more debt"),
            ("de", "Wir brauchen Zuschüsse statt Kredite: Die Mitglieder können keine weiteren Schulden "
                   "aufnehmen"),
            ("en", "Need a single contact point for all support schemes"),
            ("fr", "Besoin d'un guichet unique pour toutes les aides"),
            ("en", "Need rent deferral for shops that had to close"),
            ("en", "Need help filling in the applications for support schemes"),
        ],
        SOLUTION: [
            ("en", "A regional **guarantee fund** for cluster members, set up with the bank"),
            ("it", "Un fondo di garanzia regionale per gli associati, creato insieme alla banca"),
            ("en", "**Solidarity deferral** of fees for micro companies"),
            ("fr", "Report solidaire des cotisations pour les microentreprises"),
            ("es", "Aplazamiento solidario de las cuotas para las microempresas"),
            ("en", "Weekly clinic with an accountant to help members apply for support"),
            ("en", "Every week an accountant answers members' questions on support schemes"),
            ("en", "Crowdfunding vouchers: customers buy now and spend in the shop later"),
        ],
    },
    "Agri-food logistics and seasonal workers": {
        DISRUPTION: [
            ("en", "**Seasonal workers** cannot cross the border for the harvest"),
            ("es", "Los temporeros no pueden cruzar la frontera para la campaña de la fresa"),
            ("de", "Saisonarbeitskräfte aus Osteuropa dürfen nicht einreisen, die Spargelernte ist in Gefahr"),
            ("en", "Restaurants closed: producers lost their main buyers overnight"),
            ("it", "Con i ristoranti chiusi, i produttori hanno perso da un giorno all'altro i loro clienti "
                   "principali"),
            ("en", "Trucks wait up to a day at internal borders"),
            ("en", "Lorries queue for hours at borders inside the EU"),
            ("en", "Packaging is short: cardboard and trays arrive late"),
        ],
        NEED: [
            ("en", "Need **green lanes** for food trucks at the borders"),
            ("de", "Wir brauchen grüne Korridore für Lebensmitteltransporte an den Grenzen"),
            ("en", "Need safe housing and transport for seasonal workers"),
            ("es", "Hace falta alojamiento y transporte seguros para los temporeros"),
            ("en", "Need new sales channels for products that went to restaurants"),
            ("fr", "Nous devons trouver de nouveaux débouchés pour les produits destinés à la restauration"),
            ("en", "Need local people to replace the missing seasonal workers"),
            ("en", "Need **liquidity** for farms until the harvest is sold"),
        ],
        SOLUTION: [
            ("en", "Online platform linking farmers with local buyers and home delivery"),
            ("en", "Farmers sell directly to local buyers through a shared web shop"),
            ("en", "Job portal matching furloughed workers with farms"),
            ("de", "Eine Jobbörse bringt Beschäftigte in Kurzarbeit und landwirtschaftliche Betriebe zusammen"),
            ("es", "Bolsa de empleo que pone en contacto a trabajadores en ERTE con explotaciones agrícolas"),
            ("en", "Health protocol for seasonal workers, agreed with the labour inspectorate"),
            ("fr", "Un protocole sanitaire pour les saisonniers, validé avec l'inspection du travail"),
            ("en", "Shared cold storage among the cooperative's members"),
        ],
    },
    "Textile companies converting to masks and gowns": {
        DISRUPTION: [
            ("en", "Fashion orders cancelled: textile mills have no work"),
            ("it", "Ordini della moda annullati: le filature sono senza lavoro"),
            ("en", "Converted firms cannot get their medical masks certified"),
            ("fr", "Les entreprises reconverties n'arrivent pas à faire certifier leurs masques"),
            ("en", "Masks made by converted firms wait weeks for certification"),
            ("en", "Nonwoven fabric for masks is sold out across Europe"),
            ("de", "Vliesstoff für Masken ist europaweit ausverkauft"),
            ("en", "Spring collections stay unsold in the warehouses"),
        ],
        NEED: [
            ("en", "Need the technical specifications for community masks in one place"),
            ("de", "Wir brauchen die technischen Vorgaben für Alltagsmasken an einer Stelle"),
            ("en", "Need buyers who commit to volumes before firms convert their lines"),
            ("it", "Servono acquirenti che si impegnino sui volumi prima di riconvertire le linee"),
            ("en", "Need a lab near us to test the filtration of our fabrics"),
            ("fr", "Besoin d'un laboratoire proche pour tester la filtration de nos tissus"),
            ("en", "Need **liquidity** while fashion orders are frozen"),
            ("en", "Need **FFP2 masks** and gowns for hospital staff in our region"),
        ],
        SOLUTION: [
            ("en", "Matchmaking between **textile firms converting to masks** and health buyers"),
            ("en", "Hospital buyers are matched with textile firms now making masks"),
            ("en", "A shared pattern and specification for washable gowns, free for all members"),
            ("de", "Ein gemeinsamer Schnitt und eine Spezifikation für waschbare Kittel, frei für alle "
                   "Mitglieder"),
            ("en", "The cluster's lab certifies community masks within a week"),
            ("fr", "Notre laboratoire certifie les masques grand public en une semaine"),
            ("en", "Joint order of nonwoven fabric for converting members"),
            ("it", "Ordine congiunto di tessuto non tessuto per le aziende che si riconvertono"),
        ],
    },
    "Testing capacity and diagnostics": {
        DISRUPTION: [
            ("en", "Labs have the machines but not the **reagents** for PCR tests"),
            ("de", "Die Labore haben die Geräte, aber keine Reagenzien für PCR-Tests"),
            ("en", "Swabs and test kits are short across the region"),
            ("it", "Tamponi e kit diagnostici scarseggiano in tutta la regione"),
            ("en", "Rapid tests sold on the market have not been validated"),
            ("fr", "Les tests rapides vendus sur le marché n'ont pas été validés"),
            ("en", "Diagnostic start-ups cannot get into hospitals to run trials"),
            ("en", "Hospitals have no time for trials with diagnostic SMEs"),
        ],
        NEED: [
            ("en", "Need a European list of validated tests"),
            ("fr", "Il nous faut une liste européenne des tests validés"),
            ("en", "Need reagent suppliers in Europe"),
            ("de", "Wir brauchen Lieferanten für Reagenzien in Europa"),
            ("en", "Need hospitals willing to run clinical validation with SMEs"),
            ("es", "Necesitamos hospitales dispuestos a validar clínicamente los productos de las pymes"),
            ("en", "Need regulatory advice on CE marking of diagnostic devices"),
            ("en", "Need electronics suppliers to build test readers in volume"),
        ],
        SOLUTION: [
            ("en", "A university lab offers its PCR capacity to the regional health service"),
            ("it", "Il laboratorio universitario mette la sua capacità di analisi PCR a disposizione del "
                   "servizio sanitario regionale"),
            ("en", "The cluster coordinates a shared validation protocol for rapid tests"),
            ("de", "Der Cluster koordiniert ein gemeinsames Validierungsprotokoll für Schnelltests"),
            ("en", "Electronics members produce readers for diagnostic tests"),
            ("en", "Regulatory helpdesk on CE marking, run with a notified body"),
            ("fr", "Une permanence réglementaire pour le marquage CE des dispositifs de diagnostic"),
            ("en", "A shared register of reagent suppliers in Europe"),
        ],
    },
    "Skills and training moved online": {
        DISRUPTION: [
            ("en", "Public administration is **not flexible**: training cannot move online without losing "
                   "funding"),
            ("it", "La pubblica amministrazione non è flessibile: se spostiamo i corsi online perdiamo il "
                   "finanziamento"),
            ("en", "Apprentices cannot finish their practical training"),
            ("de", "Auszubildende können ihre praktische Ausbildung nicht abschließen"),
            ("en", "Trainers have never taught online and courses lose participants"),
            ("fr", "Nos formateurs n'ont jamais enseigné en ligne et les formations perdent des participants"),
            ("en", "Workshops and internships in companies are cancelled"),
            ("en", "Company internships for students are called off"),
        ],
        NEED: [
            ("en", "Need the funder to accept online attendance as attendance"),
            ("de", "Der Fördergeber muss die Online-Teilnahme als Teilnahme anerkennen"),
            ("en", "Need a shared learning platform for the cluster's courses"),
            ("es", "Necesitamos una plataforma de formación común para los cursos del clúster"),
            ("en", "Need to train our trainers in online teaching"),
            ("fr", "Il faut former les formateurs à l'enseignement à distance"),
            ("en", "Need digital skills for older workers in member companies"),
            ("en", "Need recognised certificates for online courses"),
        ],
        SOLUTION: [
            ("en", "Joint letter to the managing authority: training moved online keeps its funding"),
            ("fr", "Courrier commun à l'autorité de gestion : les formations passées en ligne gardent leur "
                   "financement"),
            ("en", "A free library of online courses shared by five clusters"),
            ("en", "Five clusters share their online courses for free"),
            ("en", "Train-the-trainer sessions on online teaching every Friday"),
            ("de", "Jeden Freitag eine Schulung für Trainerinnen und Trainer zum Online-Unterricht"),
            ("en", "Virtual internships with member companies"),
            ("es", "Prácticas virtuales en las empresas del clúster"),
        ],
    },
    "Public procurement and flexibility of funding programmes": {
        DISRUPTION: [
            ("en", "Public tenders are suspended: construction firms have no new contracts"),
            ("es", "Las licitaciones públicas están suspendidas y las constructoras no tienen nuevos contratos"),
            ("en", "Funders refuse to extend project deadlines"),
            ("de", "Die Fördergeber verlängern die Projektlaufzeiten nicht"),
            ("en", "Facing **fake bureaucracy**: reports are asked for work nobody can do now"),
            ("fr", "Bureaucratie absurde : on nous demande des rapports sur un travail impossible à faire en ce "
                   "moment"),
            ("en", "Public authorities pay their invoices late"),
            ("en", "Invoices to public bodies are paid months late"),
        ],
        NEED: [
            ("en", "Need funding programmes to let us change activities, from offline events to online"),
            ("it", "I programmi di finanziamento devono permetterci di trasformare gli eventi in presenza in "
                   "eventi online"),
            ("en", "Need public buyers to pay within 30 days"),
            ("fr", "Les acheteurs publics doivent payer sous 30 jours"),
            ("en", "Need deadlines extended for projects delayed by the crisis"),
            ("de", "Wir brauchen längere Fristen für Projekte, die die Krise verzögert hat"),
            ("en", "Need to close the gap between what is decided at high level and daily life"),
            ("en", "Need simpler tenders that SMEs can answer"),
        ],
        SOLUTION: [
            ("en", "Joint letter from clusters asking for force majeure in funded projects"),
            ("es", "Carta conjunta de los clústeres para que se reconozca la fuerza mayor en los proyectos "
                   "financiados"),
            ("en", "Our managing authority now accepts online events as eligible, after our request"),
            ("de", "Unsere Verwaltungsbehörde erkennt Online-Veranstaltungen auf unsere Bitte hin als "
                   "förderfähig an"),
            ("en", "A guide for SMEs on answering public tenders online"),
            ("fr", "Un guide pour aider les PME à répondre aux appels d'offres en ligne"),
            ("en", "Fast-track payment of invoices by the region for small suppliers"),
            ("en", "The region pays small suppliers' invoices within days"),
        ],
    },
    "Construction sites restarting safely": {
        DISRUPTION: [
            ("en", "Construction sites stopped: no masks, and no distance possible"),
            ("de", "Baustellen stehen still: keine Masken, kein Abstand möglich"),
            ("en", "Building materials arrive late: the plants that make them were closed"),
            ("it", "I materiali edili arrivano in ritardo perché gli stabilimenti sono rimasti chiusi"),
            ("en", "Workers from abroad cannot come back to the sites"),
            ("es", "Los trabajadores extranjeros no pueden volver a las obras"),
            ("en", "Clients postpone their renovation works"),
            ("en", "Households put renovation works off until next year"),
        ],
        NEED: [
            ("en", "Need a common **sanitary protocol** for construction sites"),
            ("fr", "Besoin d'un protocole sanitaire commun pour les chantiers"),
            ("en", "Need one set of health rules for all building sites"),
            ("en", "Need masks and gloves for site workers"),
            ("de", "Wir brauchen Masken und Handschuhe für die Bauarbeiter"),
            ("en", "Need extended deadlines in public works contracts"),
            ("en", "Need **liquidity** for small builders waiting for payments"),
            ("it", "Le piccole imprese edili hanno bisogno di liquidità mentre aspettano i pagamenti"),
        ],
        SOLUTION: [
            ("en", "Site safety guide written by the cluster with the labour inspectorate"),
            ("de", "Ein Leitfaden für sichere Baustellen, vom Cluster mit der Arbeitsschutzbehörde erarbeitet"),
            ("en", "Staggered shifts on site to keep the distance"),
            ("it", "Turni sfalsati in cantiere per mantenere le distanze"),
            ("en", "Site inspections by video"),
            ("fr", "Visites de chantier à distance, par vidéo"),
            ("en", "Shared stock of protective equipment for small builders"),
            ("en", "Online training in building information modelling for members"),
        ],
    },
    "Cultural and creative industries without audiences": {
        DISRUPTION: [
            ("en", "All the summer festivals are cancelled"),
            ("fr", "Tous les festivals de l'été sont annulés"),
            ("it", "Tutti i festival dell'estate sono stati annullati"),
            ("en", "Freelancers in the creative sector have lost all their income"),
            ("de", "Freischaffende in der Kreativbranche haben ihr gesamtes Einkommen verloren"),
            ("en", "Cinemas and theatres have no date to reopen"),
            ("en", "Theatres and cinemas do not know when they may reopen"),
            ("en", "Events cannot move online without losing their public funding"),
        ],
        NEED: [
            ("en", "Need support schemes that freelancers can apply for"),
            ("de", "Wir brauchen Hilfsprogramme, die auch Soloselbstständigen offenstehen"),
            ("en", "Need a business model for paid online performances"),
            ("fr", "Il nous faut un modèle économique pour les spectacles en ligne payants"),
            ("en", "Need clear rules for reopening venues with fewer seats"),
            ("es", "Necesitamos normas claras para reabrir las salas con aforo reducido"),
            ("en", "Need **liquidity** for small venues"),
            ("en", "Need funders to keep the grants of cancelled events"),
        ],
        SOLUTION: [
            ("en", "An online festival with ticketed streams, shared by member venues"),
            ("it", "Un festival online con biglietti per lo streaming, condiviso dai locali associati"),
            ("en", "Creative freelancers design campaigns for local shops"),
            ("fr", "Des créatifs indépendants conçoivent les campagnes des commerces de proximité"),
            ("en", "Open-air cinema with reserved seats and distance"),
            ("es", "Cine al aire libre con butacas reservadas y distancia entre el público"),
            ("en", "A directory of members' online cultural offers"),
            ("en", "One page listing what our cultural members offer online"),
        ],
    },
    "Aerospace supply chains and the fall in air traffic": {
        DISRUPTION: [
            ("en", "Air traffic has almost stopped and aircraft orders are postponed"),
            ("fr", "Le trafic aérien est presque à l'arrêt et les commandes d'avions sont reportées"),
            ("en", "Small suppliers lose their orders as the big manufacturers bring work back in house"),
            ("de", "Große Hersteller holen Aufträge ins eigene Haus zurück, die kleinen Zulieferer gehen leer "
                   "aus"),
            ("en", "**Innovation projects have been stopped** by companies to save cash"),
            ("es", "Las empresas han parado sus proyectos de innovación para ahorrar"),
            ("en", "Qualified engineers may leave the sector for good"),
            ("en", "We risk losing qualified engineers to other industries"),
        ],
        NEED: [
            ("en", "Need to keep skilled staff through short-time work"),
            ("fr", "Il faut garder nos compétences grâce au chômage partiel"),
            ("en", "Need **liquidity** for tier-2 and tier-3 suppliers"),
            ("de", "Zulieferer der zweiten und dritten Ebene brauchen dringend Liquidität"),
            ("en", "Need to diversify into other sectors, such as health or space"),
            ("es", "Necesitamos diversificarnos hacia otros sectores, como la salud o el espacio"),
            ("en", "Need to keep research projects running even with fewer orders"),
            ("en", "Need a common view of the supply chain's weak points"),
        ],
        SOLUTION: [
            ("en", "The cluster maps its suppliers' capacities for diversification projects"),
            ("fr", "Le cluster cartographie les capacités de ses sous-traitants pour des projets de "
                   "diversification"),
            ("en", "Engineers shared between member companies during the downturn"),
            ("de", "In der Flaute leihen sich Mitgliedsunternehmen gegenseitig Ingenieure aus"),
            ("en", "Aerospace members produce parts for ventilators"),
            ("it", "Le aziende aerospaziali associate producono componenti per ventilatori"),
            ("en", "Joint R&D call to keep innovation going"),
            ("en", "A joint call for R&D projects among members"),
        ],
    },
    "Energy-intensive industries and the recovery plan": {
        DISRUPTION: [
            ("en", "Steel demand has fallen with the car plants"),
            ("de", "Mit den Autowerken ist auch die Stahlnachfrage eingebrochen"),
            ("en", "Plants cannot stop their furnaces: running them empty costs money"),
            ("it", "Non possiamo spegnere i forni: tenerli accesi senza produrre costa"),
            ("en", "Investments in low-carbon processes are put on hold"),
            ("fr", "Les investissements dans les procédés bas carbone sont gelés"),
            ("en", "Green hydrogen projects are postponed"),
            ("en", "Renewable projects are delayed: installers cannot get to the sites"),
        ],
        NEED: [
            ("en", "Need the recovery plan to fund low-carbon investment in industry"),
            ("de", "Der Wiederaufbauplan muss CO2-arme Investitionen der Industrie fördern"),
            ("en", "Need clarity on state aid rules for energy-intensive firms"),
            ("fr", "Besoin de clarté sur les règles d'aides d'État pour les industries énergivores"),
            ("en", "Need partners for a regional hydrogen valley"),
            ("es", "Buscamos socios para un valle del hidrógeno regional"),
            ("en", "Need **liquidity** to keep plants running until demand returns"),
            ("en", "Need help writing proposals for the recovery funds"),
        ],
        SOLUTION: [
            ("en", "The cluster drafts a list of shovel-ready green projects for the recovery plan"),
            ("it", "Il cluster prepara un elenco di progetti verdi pronti a partire per il piano di ripresa"),
            ("en", "A heat recovery network between neighbouring plants"),
            ("de", "Ein Abwärmenetz zwischen benachbarten Werken"),
            ("en", "Joint proposal of members for a hydrogen pilot"),
            ("fr", "Une proposition commune des adhérents pour un projet pilote hydrogène"),
            ("en", "Energy audits for members, paid for by the cluster"),
            ("en", "The cluster pays for its members' energy audits"),
        ],
    },
}

# The recent weeks: the Tuesday/Thursday series, on today's questions.
RECENT: dict[str, dict[str, list[Line]]] = {
    "Energy prices and cluster members": {
        DISRUPTION: [
            ("en", "Gas prices have doubled our members' production costs"),
            ("de", "Die Gaspreise haben die Produktionskosten unserer Mitglieder verdoppelt"),
            ("en", "Ceramics firms cut their night shifts to save energy"),
            ("it", "Le aziende ceramiche sospendono i turni di notte per risparmiare energia"),
            ("en", "Connecting a members' solar park to the grid takes three years"),
            ("en", "Our members' solar park will wait three years for a grid connection"),
        ],
        NEED: [
            ("en", "Need energy audits for micro companies that cannot pay for them"),
            ("es", "Las microempresas necesitan auditorías energéticas que no pueden pagar"),
            ("en", "Need long-term power contracts that SMEs can sign"),
            ("de", "KMU brauchen langfristige Stromverträge, die sie auch unterschreiben können"),
            ("en", "Need faster permits for rooftop solar on factories"),
            ("en", "Permits for solar roofs on factories must be faster"),
        ],
        SOLUTION: [
            ("en", "Offer: a shared **power purchase agreement** for SMEs"),
            ("it", "Proponiamo un contratto di acquisto di energia condiviso per le PMI"),
            ("en", "Heat recovery between neighbouring plants, mapped by the cluster"),
            ("en", "Group purchase of heat pumps for member companies"),
            ("de", "Sammelbestellung von Wärmepumpen für Mitgliedsbetriebe"),
            ("en", "An energy community on the industrial estate, with cluster members"),
        ],
    },
    "Resilient supply chains: mapping critical inputs": {
        DISRUPTION: [
            ("en", "Rare earths for electric motors come from a single country"),
            ("de", "Seltene Erden für Elektromotoren kommen aus einem einzigen Land"),
            ("en", "Freight rates from Asia are still far above normal"),
            ("fr", "Les tarifs du fret depuis l'Asie restent bien au-dessus de la normale"),
            ("en", "Members keep three times more stock than before, which ties up cash"),
            ("en", "Holding extra stock of everything eats our members' cash"),
        ],
        NEED: [
            ("en", "Need a map of which members depend on a single supplier"),
            ("it", "Serve una mappa degli associati che dipendono da un solo fornitore"),
            ("en", "Need alternatives within the EU for critical raw materials"),
            ("de", "Wir brauchen Alternativen innerhalb der EU für kritische Rohstoffe"),
            ("en", "Need an early warning when a key supplier is in trouble"),
            ("en", "Need to know early when an important supplier is struggling"),
        ],
        SOLUTION: [
            ("en", "Offer: a supplier map of the region's electronics firms"),
            ("de", "Angebot: eine Lieferantenkarte der Elektronikfirmen unserer Region"),
            ("en", "Recycling of magnets from old motors, piloted by a member"),
            ("en", "A member recovers rare-earth magnets from scrapped motors"),
            ("en", "A safety stock of critical parts shared between members"),
            ("it", "Una scorta di sicurezza dei componenti critici condivisa tra gli associati"),
        ],
    },
    "Cluster services for SMEs in the twin transition": {
        DISRUPTION: [
            ("en", "SMEs cannot afford a sustainability report"),
            ("fr", "Les PME n'ont pas les moyens de produire un rapport de durabilité"),
            ("en", "Green and digital vouchers need two applications and two audits"),
            ("de", "Für Grün- und Digitalgutscheine braucht es zwei Anträge und zwei Prüfungen"),
            ("en", "Members ask for help with the AI Act and do not know where to start"),
            ("en", "Nobody tells SMEs what the AI Act means for them"),
        ],
        NEED: [
            ("en", "Need one application for green and digital vouchers, not two"),
            ("es", "Necesitamos una sola solicitud para los bonos verdes y digitales, no dos"),
            ("en", "Need simple templates for sustainability reporting"),
            ("de", "Wir brauchen einfache Vorlagen für die Nachhaltigkeitsberichterstattung"),
            ("en", "Need advisers who understand both digital and green"),
            ("en", "Need one adviser for both the digital and the green questions"),
        ],
        SOLUTION: [
            ("en", "Offer: a digital maturity check for cluster members"),
            ("it", "Offriamo agli associati un check-up della maturità digitale"),
            ("en", "A sustainability report template shared by the cluster"),
            ("en", "The cluster shares a ready-made template for sustainability reports"),
            ("en", "AI Act clinic: one hour with a lawyer for each member"),
            ("de", "Sprechstunde zum AI Act: eine Stunde mit einer Anwältin für jedes Mitglied"),
        ],
    },
    "Health ecosystem: stockpiles and shared capacity": {
        DISRUPTION: [
            ("en", "Shortage of antibiotics for children this winter"),
            ("fr", "Pénurie d'antibiotiques pédiatriques cet hiver"),
            ("en", "Nobody keeps the regional stockpile up to date"),
            ("de", "Niemand hält den regionalen Vorrat an Medizinprodukten auf dem aktuellen Stand"),
            ("en", "Hospitals on both sides of the border cannot buy together"),
            ("en", "The rules block joint purchasing by hospitals across the border"),
        ],
        NEED: [
            ("en", "Need joint procurement between hospitals across the border"),
            ("it", "Serve un acquisto congiunto tra gli ospedali dei due lati del confine"),
            ("en", "Need a register of spare production capacity for medicines"),
            ("fr", "Il faut un registre des capacités de production de médicaments disponibles"),
            ("en", "Need rules for rotating stockpiles before they expire"),
            ("en", "Need stockpiles used and renewed before they expire"),
        ],
        SOLUTION: [
            ("en", "Offer: spare **clean-room capacity** for medical devices"),
            ("es", "Ofrecemos capacidad libre de sala blanca para dispositivos médicos"),
            ("en", "A shared digital register of the region's stockpile"),
            ("it", "Un registro digitale condiviso delle scorte sanitarie della regione"),
            ("en", "A member restarts local production of generic antibiotics"),
            ("en", "Generic antibiotics are made in the region again, by a member"),
        ],
    },
    "Skills partnerships between clusters and universities": {
        DISRUPTION: [
            ("en", "Heat-pump installers: no training places left"),
            ("de", "Für Wärmepumpen-Installateure gibt es keine freien Ausbildungsplätze mehr"),
            ("en", "University courses lag behind what members need"),
            ("es", "Los planes de estudio de las universidades van por detrás de lo que necesitan las empresas"),
            ("en", "Members lose their young engineers to bigger firms abroad"),
            ("en", "Young engineers leave our members for large companies abroad"),
        ],
        NEED: [
            ("en", "Need **micro-credentials** recognised across countries"),
            ("fr", "Besoin de micro-certifications reconnues d'un pays à l'autre"),
            ("en", "Need more training places for heat-pump installers"),
            ("de", "Wir brauchen mehr Ausbildungsplätze für Wärmepumpen-Monteure"),
            ("en", "Need companies involved in designing university courses"),
            ("en", "Need members at the table when universities design their courses"),
        ],
        SOLUTION: [
            ("en", "Offer: apprenticeships shared between member companies"),
            ("fr", "Un apprentissage partagé entre plusieurs entreprises adhérentes"),
            ("en", "Summer school with the university on building retrofits"),
            ("en", "A summer school on renovating buildings, run with the university"),
            ("en", "Experts from member firms teach one module each term"),
            ("de", "Fachleute aus Mitgliedsfirmen unterrichten jedes Semester ein Modul"),
        ],
    },
    "Tourism and retail: footfall after the crisis": {
        DISRUPTION: [
            ("en", "City-centre shops lose footfall to online sales"),
            ("it", "I negozi del centro perdono clienti a favore delle vendite online"),
            ("en", "Seasonal staff are hard to find for the summer"),
            ("es", "Cuesta encontrar personal de temporada para el verano"),
            ("en", "Overtourism in the old town, empty streets elsewhere"),
            ("en", "Tourists crowd the old town while other districts stay empty"),
        ],
        NEED: [
            ("en", "Need footfall data that small shops can use"),
            ("en", "Small shops need footfall figures they can actually use"),
            ("en", "Need housing for seasonal staff in tourist towns"),
            ("es", "Hace falta vivienda para el personal de temporada en los municipios turísticos"),
            ("en", "Need to spread visitors beyond the old town"),
            ("fr", "Il faut répartir les visiteurs au-delà du centre historique"),
        ],
        SOLUTION: [
            ("en", "Offer: a joint **loyalty card** for local shops and hotels"),
            ("de", "Angebot: eine gemeinsame Kundenkarte für Geschäfte und Hotels vor Ort"),
            ("en", "Walking routes that take visitors to other districts"),
            ("en", "Walking trails that lead visitors out of the old town"),
            ("en", "A shared online shop for the town's independent retailers"),
            ("es", "Una tienda online compartida para el comercio independiente de la ciudad"),
        ],
    },
}

STATEMENTS = {**SPRING_2020, **RECENT}
RECENT_TOPICS = frozenset(RECENT)

# A new disruption: a shortage of chips holding up deliveries, across ecosystems. Raised
# by many organisations in the last two weeks and rarely before (minutes.demo places it),
# so that the overview's early alert has something to find. No topic's pool speaks of it,
# and every wording names the shortage itself (chips, semiconductors), as people do when
# the same thing hits them all.
EMERGING: list[Line] = [
    ("en", "Chip shortage: our members cannot deliver because **semiconductors** are missing"),
    ("de", "Chipmangel: Unseren Mitgliedern fehlen Halbleiter, die Auslieferungen verzögern sich um Monate"),
    ("fr", "Pénurie de puces : faute de semi-conducteurs, nos adhérents livrent avec des mois de retard"),
    ("it", "Carenza di chip: senza semiconduttori le consegne dei nostri associati slittano di mesi"),
    ("es", "Escasez de chips: sin semiconductores, las entregas de nuestros socios se retrasan meses"),
    ("en", "Semiconductor shortage: deliveries of our members' products are delayed by months"),
    ("de", "Halbleitermangel: Ohne Chips können wir unsere Steuergeräte nicht ausliefern"),
    ("fr", "Pénurie de semi-conducteurs : nos livraisons d'équipements sont retardées faute de puces"),
    ("it", "Mancano i semiconduttori: per la carenza di chip non riusciamo a consegnare gli inverter"),
    ("es", "Faltan semiconductores: la escasez de chips retrasa la entrega de nuestros cargadores"),
    ("en", "No microcontrollers to be had: the chip shortage delays our deliveries of inverters"),
    ("en", "Chip shortage: car electronics and chargers wait months for semiconductors"),
]
