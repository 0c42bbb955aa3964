"""A labelled set of syndicated reprints, written by the project (templates and vocabulary
below; nothing from /work/shared), generated deterministically from a seed.

Each *event* (a company's announcement) gives:
- one *story*: the agency dispatch and 1-5 reprints of it by other titles, each with a new
  headline and one to five realistic edits (cut to as little as a two-paragraph brief,
  reordered paragraphs, paragraphs run together or split, a lead of the site's own, an
  appended paragraph, other typography, an agency credit, rewording by a sub-editor);
- articles that must NOT join the story: the same event covered independently (same facts,
  the site's own sentences, some stock phrases shared), a follow-up a day later that
  repeats the dispatch's background paragraphs word for word, and other news of the same
  company with the same company boilerplate and sector background.

Sentences come from shared pools, so unrelated articles share stock phrases as real press
does; the background paragraphs are shared verbatim across events of one sector and
country. `make_set(seed)` returns the labelled articles; `background(n, seed)` unlabelled
articles in the same register, for the cost measurement.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

COMPANIES = [
    ("Atlas Phosphates", "AP Group", "Maroc"), ("Sahel Ciments", "Sahel", "Sénégal"),
    ("Numidia Acier", "Numidia", "Algérie"), ("Carthage Câblage", "Carthage", "Tunisie"),
    ("Lagune Cacao", "Lagune", "Côte d’Ivoire"), ("Téranga Énergie", "Téranga", "Sénégal"),
    ("Rif Automotive", "Rif", "Maroc"), ("Djurdjura Textile", "Djurdjura", "Algérie"),
    ("Cap Bon Agro", "Cap Bon", "Tunisie"), ("Baobab Télécoms", "Baobab", "Sénégal"),
    ("Souss Hydrogène", "Souss H2", "Maroc"), ("Hoggar Mines", "Hoggar", "Algérie"),
    ("Ébrié Logistique", "Ébrié", "Côte d’Ivoire"), ("Kairouan Pharma", "Kairouan", "Tunisie"),
    ("Tafilalet Solaire", "Tafilalet", "Maroc"), ("Niokolo Engrais", "Niokolo", "Sénégal"),
    ("Oranie Plastiques", "Oranie", "Algérie"), ("Sfax Olive Industrie", "SOI", "Tunisie"),
    ("Comoé Anacarde", "Comoé", "Côte d’Ivoire"), ("Médina Data", "Médina", "Maroc"),
    ("Kayar Pêche", "Kayar", "Sénégal"), ("Tlemcen Verre", "Tlemcen", "Algérie"),
    ("Bandama Caoutchouc", "Bandama", "Côte d’Ivoire"), ("Zitouna Aéro", "Zitouna", "Tunisie"),
]
CITIES = {
    "Maroc": ["Kénitra", "Tanger", "Jorf Lasfar", "Agadir", "Ouarzazate", "Casablanca"],
    "Sénégal": ["Thiès", "Diamniadio", "Ndayane", "Saint-Louis", "Kaolack", "Dakar"],
    "Algérie": ["Oran", "Bellara", "Sétif", "Annaba", "Tlemcen", "Alger"],
    "Tunisie": ["Sfax", "Bizerte", "Sousse", "Enfidha", "Kairouan", "Tunis"],
    "Côte d’Ivoire": ["San-Pédro", "Yamoussoukro", "Bouaké", "Korhogo", "Abidjan", "Daloa"],
}
IN_COUNTRY = {"Maroc": "au Maroc", "Sénégal": "au Sénégal", "Algérie": "en Algérie",
              "Tunisie": "en Tunisie", "Côte d’Ivoire": "en Côte d’Ivoire"}
CURRENCY = {"Maroc": "dirhams", "Sénégal": "francs CFA", "Algérie": "dinars",
            "Tunisie": "dinars", "Côte d’Ivoire": "francs CFA"}
AGENCY = {"Maroc": ("MAP", "Rabat"), "Sénégal": ("APS", "Dakar"), "Algérie": ("APS", "Alger"),
          "Tunisie": ("TAP", "Tunis"), "Côte d’Ivoire": ("AIP", "Abidjan")}
SECTORS = [
    ("l’industrie des engrais", "une usine d’engrais", "engrais phosphatés", "tonnes"),
    ("la filière cimentière", "une cimenterie", "ciment", "tonnes"),
    ("la sidérurgie", "une aciérie", "rond à béton", "tonnes"),
    ("le câblage automobile", "une usine de faisceaux", "faisceaux électriques", "unités"),
    ("la transformation du cacao", "une unité de broyage", "fèves broyées", "tonnes"),
    ("l’hydrogène vert", "une usine d’électrolyse", "hydrogène", "tonnes"),
    ("les énergies renouvelables", "une centrale solaire", "électricité", "mégawatts"),
    ("le textile", "une usine de confection", "vêtements", "pièces"),
    ("l’agroalimentaire", "une unité de conditionnement", "conserves", "tonnes"),
    ("les centres de données", "un centre de données", "capacité de calcul", "mégawatts"),
]
FIRST = ["Amine", "Fatou", "Karim", "Leïla", "Moussa", "Salma", "Yacine", "Aminata", "Hédi",
         "Nadia", "Ousmane", "Rim", "Youssef", "Awa", "Sofiane", "Inès", "Koffi", "Mariam"]
LAST = ["Benali", "Ndiaye", "Haddad", "Traoré", "Mansouri", "Diallo", "Bouzid", "Kouassi",
        "Chaabane", "Sarr", "El Idrissi", "Touré", "Ferchichi", "Konan", "Belkacem", "Gueye"]
ROLES = ["directeur général", "présidente du directoire", "directeur industriel",
         "directrice de la stratégie", "président-directeur général", "directeur financier"]
PARTNERS = ["un consortium européen", "la Banque africaine de développement",
            "un groupe coréen", "un fonds émirati", "la Société financière internationale",
            "un industriel allemand", "un équipementier japonais", "un fonds souverain",
            "un groupe turc", "un partenaire chinois", "la Banque mondiale", "un groupe italien"]
MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
          "septembre", "octobre", "novembre", "décembre"]
TITLES = ["Le Matin Éco", "Dakar Industrie", "Alger Économie", "La Presse Éco", "Abidjan Biz",
          "Afrique Usines", "L’Économiste du Sud", "Maghreb Industrie", "Sahel Info Éco",
          "Le Journal des Filières", "Ports & Logistique", "Énergies d’Afrique"]

# -- sentence pools ({slots} are the event's facts) ----------------------------------------
ANNOUNCE = [
    "{co} a annoncé {day} la construction d’{plant} à {city}, pour un investissement de "
    "{amount}.",
    "Le groupe {co} va investir {amount} dans {plant} à {city}, a-t-il annoncé {day}.",
    "{co} a officialisé {day} son projet d’{plant_short} à {city}, un investissement de "
    "{amount}.",
    "C’est à {city} que {co} implantera {plant}, un projet de {amount} dévoilé {day}.",
    "{co} a signé {day} avec l’État une convention d’investissement de {amount} pour "
    "{plant} à {city}.",
    "Un investissement de {amount} : {co} a présenté {day} son projet d’{plant_short} à "
    "{city}.",
    "{co} a posé {day} la première pierre d’{plant} à {city}, un chantier de {amount}.",
    "Le conseil d’administration de {co} a validé {day} un investissement de {amount} "
    "dans {plant} à {city}.",
]
FIGURES = [
    "L’unité aura une capacité de {capacity} et devrait employer {jobs} personnes.",
    "Le site produira {capacity} de {product} et créera {jobs} emplois directs.",
    "À terme, {jobs} emplois directs sont attendus, pour une production de {capacity}.",
    "La capacité annoncée atteint {capacity}, avec {jobs} recrutements prévus.",
    "{jobs} emplois directs et plusieurs milliers d’emplois indirects sont annoncés.",
    "La production de {product} doit atteindre {capacity} dès la première phase.",
    "Le projet prévoit {jobs} embauches, dont une majorité de techniciens formés sur place.",
    "Près de {pct} de la production sera destinée à l’exportation.",
    "La part des achats locaux devrait dépasser {pct} dès la troisième année.",
    "L’entrée en production est prévue pour {year}, selon le calendrier communiqué.",
]
QUOTES = [
    "« Ce projet marque une étape décisive pour {sector} {in_country} », a déclaré "
    "{person}, {role} de {co}.",
    "« Nous voulons produire ici ce que nous importions hier », a affirmé {person}, "
    "{role} du groupe.",
    "Pour {person}, {role} de {co}, « le choix de {city} s’est imposé par sa logistique "
    "et ses compétences ».",
    "« La demande régionale en {product} ne cesse de croître », a souligné {person}.",
    "« Nous avons trouvé à {city} un écosystème et des talents », a expliqué {person}, "
    "{role} de {co}.",
    "{person}, {role} de {co}, évoque « un investissement de long terme, pensé pour "
    "l’export ».",
    "« Le calendrier est serré mais tenable », a assuré {person} lors de la présentation.",
    "« Chaque emploi créé ici en crée deux autour », estime {person}, {role} de {co}.",
]
PARTNER = [
    "Le projet est mené en partenariat avec {partner}, qui apporte la technologie.",
    "{partner_cap} participe au financement à hauteur d’un tiers.",
    "Le financement associe des banques locales et {partner}.",
    "{partner_cap} fournira les équipements et assurera la formation des équipes.",
    "Un accord de coentreprise a été conclu avec {partner} pour l’exploitation du site.",
    "Les discussions avec {partner} ont duré près de deux ans, selon un proche du dossier.",
]
OUTLOOK = [
    "Les premiers recrutements débuteront dès le prochain trimestre.",
    "Une deuxième phase pourrait doubler la capacité d’ici {year2}.",
    "Le groupe n’exclut pas d’autres implantations dans la région.",
    "Les travaux de terrassement doivent commencer dans les prochaines semaines.",
    "Un centre de formation sera ouvert sur le site avant la mise en service.",
    "La direction promet un bilan d’étape à la fin de l’année.",
    "Le raccordement au réseau électrique reste le principal point de vigilance.",
    "Les autorités locales se sont engagées à accélérer les autorisations.",
]
# Background: the same for every event of one sector and country, repeated word for word.
BACKGROUND = [
    "{sector_cap} {in_country} a attiré plusieurs investissements ces dernières années, "
    "portés par la demande régionale et les accords commerciaux. Les exportations du "
    "secteur ont progressé de {bg_pct} en {bg_year}, selon les chiffres officiels.",
    "Le gouvernement a fait de {sector} une priorité de sa stratégie industrielle, avec des "
    "zones d’accélération et des incitations fiscales. Les opérateurs réclament toutefois un "
    "accès plus simple au foncier et au financement.",
    "La filière emploie déjà plus de {bg_jobs} personnes {in_country}, dont une part "
    "croissante de techniciens qualifiés. Les industriels pointent le coût de l’énergie "
    "comme leur premier handicap face à la concurrence asiatique.",
    "Ces dernières années, {sector} a connu une vague de consolidation, les petits acteurs "
    "peinant à financer la mise aux normes. La décarbonation des procédés est désormais "
    "une exigence des clients européens.",
]
BOILERPLATE = [
    "Fondé en {founded}, {co} emploie {staff} salariés et réalise l’essentiel de son chiffre "
    "d’affaires à l’export. Le groupe est présent dans une dizaine de pays africains.",
    "{co} est l’un des principaux acteurs de {sector} {in_country}. Le groupe a réalisé "
    "l’an dernier un chiffre d’affaires de {turnover}, en hausse de {bg_pct}.",
]
FOLLOW_UP = [
    "Au lendemain de l’annonce de {co} à {city}, les élus locaux ont salué un projet "
    "« structurant » pour la région.",
    "Les syndicats demandent des garanties sur les recrutements locaux du futur site de "
    "{co} à {city}.",
    "Des riverains de {city} s’inquiètent de l’impact environnemental du projet de {co}, "
    "un jour après sa présentation.",
    "Le ministère de l’Industrie a précisé mardi le calendrier des autorisations du projet "
    "de {co} à {city}.",
    "La Bourse a bien accueilli l’annonce : le titre {co_short} a gagné {pct} à "
    "l’ouverture.",
    "Les sous-traitants de la région se préparent déjà à répondre aux appels d’offres de "
    "{co}.",
    "L’annonce de {co} relance le débat sur la formation des techniciens à {city}.",
    "Plusieurs concurrents de {co} ont réagi à l’annonce faite la veille à {city}.",
]
SITE_LEAD = [
    "C’est une nouvelle attendue dans {sector} {in_country}.",
    "Nouvel investissement d’envergure à {city}.",
    "La région de {city} tient un projet industriel de premier plan.",
    "{sector_cap} confirme son dynamisme {in_country}.",
    "L’annonce était attendue depuis plusieurs mois par les milieux d’affaires.",
    "Le projet avait été évoqué lors du dernier forum de l’investissement.",
]
SITE_TAIL = [
    "Notre rédaction reviendra sur ce dossier dans sa prochaine édition.",
    "Lire aussi notre dossier consacré à {sector} {in_country}.",
    "Contacté, le groupe n’a pas souhaité donner davantage de détails sur le calendrier.",
    "Ce projet s’ajoute à une série d’annonces dans la région de {city} depuis le début de "
    "l’année.",
    "Plusieurs observateurs rappellent que d’autres projets similaires ont pris du retard.",
]
# Light rewording a sub-editor applies: (from, to), tried in order.
REWORDS = [("a annoncé", "a fait savoir"), ("a déclaré", "a indiqué"), ("projet", "programme"),
           ("prévue", "programmée"), ("emplois directs", "postes directs"),
           ("investissement", "engagement financier"), ("devrait", "doit"),
           ("a souligné", "a insisté"), ("selon", "d’après")]
HEADLINES = [
    "{co} investit {amount} à {city}", "{city} accueillera {plant} de {co}",
    "{co_short} : {jobs} emplois attendus à {city}", "{sector_cap} : {co} mise sur {city}",
    "{amount} pour {plant} à {city}", "{co} lance son projet à {city}",
    "Investissement : {co} choisit {city}", "{co} : un projet de {amount}",
]


@dataclass
class Event:
    key: str
    slots: dict[str, str]
    date: datetime
    agency: str
    dateline: str
    rng: random.Random = field(repr=False)


def _amount(rng: random.Random, currency: str) -> str:
    if rng.random() < 0.5:
        return f"{rng.randint(12, 48) / 10:.1f}".replace(".", ",") + f" milliards de {currency}"
    return f"{rng.randint(120, 950)} millions de {currency}"


def _capacity(rng: random.Random, unit: str) -> str:
    if unit == "mégawatts":
        return f"{_thousands(rng.randint(20, 400))} {unit}"
    return f"{_thousands(rng.randint(2, 90) * 1000)} {unit} par an"


def _thousands(value: int) -> str:
    return f"{value:,}".replace(",", "\u00a0")


def make_event(index: int, rng: random.Random, base: datetime) -> Event:
    name, short, country = COMPANIES[index % len(COMPANIES)]
    sector, plant, product, unit = SECTORS[(index * 7 + index // len(COMPANIES)) % len(SECTORS)]
    city = rng.choice(CITIES[country])
    date = base + timedelta(days=rng.randint(0, 300), hours=rng.randint(7, 18))
    partner = rng.choice(PARTNERS)
    sector_rng = random.Random(f"{sector}|{country}")  # background facts per sector, country
    slots = {
        "co": name, "co_short": short, "city": city, "in_country": IN_COUNTRY[country],
        "sector": sector, "sector_cap": sector[0].upper() + sector[1:], "plant": plant,
        "plant_short": plant.split(" ", 1)[1], "product": product,
        "amount": _amount(rng, CURRENCY[country]),
        "capacity": _capacity(rng, unit),
        "jobs": _thousands(rng.choice([150, 240, 300, 450, 600, 800, 1200, 1500, 2000])),
        "pct": f"{rng.randint(8, 70)} %", "year": str(date.year + rng.randint(1, 3)),
        "year2": str(date.year + rng.randint(4, 6)), "partner": partner,
        "partner_cap": partner[0].upper() + partner[1:],
        "person": f"{rng.choice(FIRST)} {rng.choice(LAST)}", "role": rng.choice(ROLES),
        "day": rng.choice(["lundi", "mardi", "mercredi", "jeudi", "vendredi"]),
        "bg_pct": f"{sector_rng.randint(4, 25)} %", "bg_year": str(base.year - 1),
        "bg_jobs": _thousands(sector_rng.randint(8, 90) * 1000),
        "founded": str(random.Random(name).randint(1962, 2012)),
        "staff": _thousands(random.Random(name + "s").randint(4, 90) * 100),
        "turnover": _amount(random.Random(name + "t"), CURRENCY[country]),
    }
    agency, capital = AGENCY[country]
    dateline = f"{capital}, {date.day} {MONTHS[date.month - 1]}"
    return Event(f"e{index:03d}", slots, date, agency, dateline, rng)


def _fill(template: str, slots: dict[str, str]) -> str:
    return template.format(**slots)


def _paragraph(rng: random.Random, pools: list[list[str]], slots: dict[str, str]) -> str:
    return " ".join(_fill(rng.choice(pool), slots) for pool in pools)


def write_article(ev: Event, rng: random.Random, *, background: bool = True) -> list[str]:
    """A full article on the event, from the pools (the dispatch or independent coverage)."""
    s = ev.slots
    paras = [
        _paragraph(rng, [ANNOUNCE, FIGURES], s),
        _paragraph(rng, [QUOTES, FIGURES], s),
        _paragraph(rng, [PARTNER, OUTLOOK], s),
    ]
    if rng.random() < 0.6:
        paras.append(_paragraph(rng, [QUOTES, OUTLOOK], s))
    if background:
        paras += [_fill(t, s) for t in rng.sample(BACKGROUND, rng.randint(1, 2))]
    if rng.random() < 0.7:
        paras.append(_fill(rng.choice(BOILERPLATE), s))
    return paras


# -- edits a reprinting title applies ------------------------------------------------------

def _cut(paras: list[str], rng: random.Random) -> list[str]:
    """Paragraphs dropped: from the end (most often), or here and there; a brief keeps
    only the first two or three."""
    keep = max(2, -(-len(paras) * rng.choice([3, 5, 6, 7, 8]) // 10))
    if rng.random() < 0.6:
        return paras[:keep]
    drop = set(rng.sample(range(1, len(paras)), len(paras) - keep))
    return [p for i, p in enumerate(paras) if i not in drop]


def _reorder(paras: list[str], rng: random.Random) -> list[str]:
    head, rest = paras[:1], paras[1:]
    rng.shuffle(rest)
    return head + rest


def _typography(paras: list[str], rng: random.Random) -> list[str]:
    def retype(p: str) -> str:
        p = p.replace("’", "'").replace("« ", "\"").replace(" »", "\"").replace("\u00a0", " ")
        if rng.random() < 0.5:
            p = p.replace("É", "E").replace("À", "A")
        if rng.random() < 0.5:
            p = p.replace(" %", "%")
        if rng.random() < 0.4:
            p = "".join(ch for ch in p if ch != " " or rng.random() > 0.02)  # lost spaces
        return p
    out = [retype(p) for p in paras]
    if rng.random() < 0.4:
        first = out[0].split(" ", 3)
        out[0] = " ".join(w.upper() for w in first[:3]) + " " + first[3]
    return out


def _resplit(paras: list[str], rng: random.Random) -> list[str]:
    """Two paragraphs run together, or one split at a sentence."""
    out = list(paras)
    i = rng.randrange(len(out) - 1) if len(out) > 1 else 0
    if len(out) > 1 and rng.random() < 0.5:
        out[i:i + 2] = [out[i] + " " + out[i + 1]]
    elif ". " in out[i]:
        head, tail = out[i].split(". ", 1)
        out[i:i + 1] = [head + ".", tail]
    return out


def _reword(paras: list[str], rng: random.Random) -> list[str]:
    out = list(paras)
    for _ in range(rng.randint(1, 5)):
        i = rng.randrange(len(out))
        for old, new in rng.sample(REWORDS, len(REWORDS)):
            if old in out[i]:
                out[i] = out[i].replace(old, new, 1)
                break
    return out


def _credit(paras: list[str], ev: Event, rng: random.Random) -> list[str]:
    out = list(paras)
    form = rng.randrange(4)
    if form == 0:
        out[0] = f"{ev.dateline} ({ev.agency}) – {out[0]}"
    elif form == 1:
        out[0] = f"{ev.dateline.split(',')[0]} – {ev.agency} – {out[0]}"
    elif form == 2:
        out[-1] = f"{out[-1]} – {ev.agency}"
    else:
        out.append(f"(avec {ev.agency})")
    return out


def reprint(ev: Event, dispatch: list[str], rng: random.Random) -> list[str]:
    s = ev.slots
    paras = list(dispatch)
    edits = rng.sample(["cut", "reorder", "lead", "tail", "typo", "reword", "credit",
                        "resplit"], rng.randint(1, 5))
    if "cut" in edits:
        paras = _cut(paras, rng)
    if "reorder" in edits:
        paras = _reorder(paras, rng)
    if "reword" in edits:
        paras = _reword(paras, rng)
    if "resplit" in edits:
        paras = _resplit(paras, rng)
    if "lead" in edits:
        paras = [_paragraph(rng, [SITE_LEAD, FIGURES], s)] + paras
    if "tail" in edits:
        paras = paras + [_paragraph(rng, [SITE_TAIL], s)]
    if "typo" in edits:
        paras = _typography(paras, rng)
    if "credit" in edits:
        paras = _credit(paras, ev, rng)
    return paras


def follow_up(ev: Event, dispatch: list[str], rng: random.Random) -> list[str]:
    """A day later: new development, the dispatch's background repeated word for word."""
    s = ev.slots
    new = [_paragraph(rng, [FOLLOW_UP, FOLLOW_UP], s), _paragraph(rng, [QUOTES, OUTLOOK], s)]
    if rng.random() < 0.5:
        new.append(_paragraph(rng, [FOLLOW_UP, PARTNER], s))
    recap = [_paragraph(rng, [ANNOUNCE], s)]
    shared = [p for p in dispatch[3:]]  # background and boilerplate of the dispatch
    shared = shared[: max(1, min(len(shared), len(new)))]
    return new + recap + shared


def other_news(ev: Event, rng: random.Random, base: datetime) -> tuple[list[str], dict[str, str]]:
    """Other news of the same company: same boilerplate and background, different facts."""
    other = make_event(int(ev.key[1:]), random.Random(rng.random()), base)
    slots = dict(other.slots)
    for key in ("co", "co_short", "in_country", "sector", "sector_cap", "plant",
                "plant_short", "product", "bg_pct", "bg_year", "bg_jobs", "founded", "staff",
                "turnover"):
        slots[key] = ev.slots[key]
    other.slots = slots
    return write_article(other, rng), slots


@dataclass(frozen=True)
class Labelled:
    """One article of the set. `story` is shared by the versions of one dispatch only."""

    record: dict[str, object]
    story: str
    kind: str
    event: str


def _record(ev: Event, n: int, paras: list[str], title: str, when: datetime,
            rng: random.Random, lead_field: bool = False) -> dict[str, object]:
    site = rng.choice(TITLES)
    lead = ""
    if lead_field and len(paras) > 2:
        lead, paras = paras[0], paras[1:]
    slug = f"{ev.key}-{n}"
    return {
        "url": f"https://{site.lower().replace(' ', '-').replace('’', '')}.example/"
               f"{when:%Y/%m/%d}/{slug}",
        "title": title, "lead": lead, "text": "\n\n".join(paras),
        "published": when.isoformat(), "source": site, "language": "fr",
    }


def event_articles(ev: Event, base: datetime) -> list[Labelled]:
    rng, s = ev.rng, ev.slots
    out: list[Labelled] = []
    dispatch = write_article(ev, rng)
    head = rng.sample(HEADLINES, 6)
    out.append(Labelled(_record(ev, 0, _credit(dispatch, ev, rng), _fill(head[0], s),
                                ev.date, rng), ev.key, "dispatch", ev.key))
    for n in range(1, rng.randint(2, 6)):
        when = ev.date + timedelta(minutes=rng.randint(20, 60 * 30))
        out.append(Labelled(_record(ev, n, reprint(ev, dispatch, rng), _fill(head[n], s),
                                    when, rng, lead_field=rng.random() < 0.3),
                            ev.key, "reprint", ev.key))
    later = ev.date + timedelta(hours=rng.randint(1, 8))
    own = write_article(ev, random.Random(rng.random()))
    out.append(Labelled(_record(ev, 10, own, _fill(rng.choice(HEADLINES), s), later, rng),
                        f"{ev.key}-independent", "independent", ev.key))
    next_day = ev.date + timedelta(days=1, hours=rng.randint(0, 6))
    out.append(Labelled(_record(ev, 11, follow_up(ev, dispatch, rng),
                                f"{s['co']} : les réactions après l’annonce", next_day, rng),
                        f"{ev.key}-followup", "followup", ev.key))
    paras, slots = other_news(ev, rng, base)
    out.append(Labelled(_record(ev, 12, paras, _fill(rng.choice(HEADLINES), slots),
                                ev.date + timedelta(days=rng.randint(-40, 40)), rng),
                        f"{ev.key}-other", "same-company", ev.key))
    return out


def make_set(seed: int = 19, events: int = 96) -> tuple[list[Labelled], list[Labelled]]:
    """The labelled set, split by event (seeded) into (tuning, held_out) halves."""
    base = datetime(2026, 1, 5, tzinfo=UTC)
    everything = [event_articles(make_event(i, random.Random(seed * 1000 + i), base), base)
                  for i in range(events)]
    order = list(range(events))
    random.Random(seed).shuffle(order)
    tuning = [a for i in order[: events // 2] for a in everything[i]]
    held_out = [a for i in order[events // 2:] for a in everything[i]]
    return tuning, held_out


def background(n: int, seed: int = 7) -> list[dict[str, object]]:
    """`n` unlabelled articles in the same register (dispatches of random events)."""
    base = datetime(2020, 1, 1, tzinfo=UTC)
    rng = random.Random(seed)
    out = []
    for i in range(n):
        ev = make_event(rng.randrange(10_000), random.Random(rng.random()), base)
        ev.key = f"b{i:06d}"
        out.append(_record(ev, 0, write_article(ev, ev.rng), _fill(HEADLINES[i % 8], ev.slots),
                           ev.date + timedelta(days=i // 50), ev.rng))
    return out
