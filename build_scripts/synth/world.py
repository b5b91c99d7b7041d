"""The world a synthetic dossier reports on: entities, topics and events, all derived from
one seed. Sizes grow with the number of sources (entities ~ N/12, events ~ N/6, topics ~ N/250)
the way a dossier followed for a year grows: more people and events, a slowly growing
list of topics, and a few entities (the region's states, the UN) named nearly everywhere.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from . import vocab


@dataclass(eq=False)
class Ent:
    id: str
    name: str
    kind: str
    description: str
    aliases: list = field(default_factory=list)  # texts or alias mappings


@dataclass
class Event:
    id: int
    kind: str
    date: dt.date
    place: Ent
    people: list[Ent]
    orgs: list[Ent]
    thing: Ent | None
    figure: int
    wire: list[str] = field(default_factory=list)  # agency paragraphs several outlets reprint


@dataclass
class World:
    entities: list[Ent]
    people: list[Ent]
    places: list[Ent]
    orgs: list[Ent]
    things: list[Ent]
    events: list[Event]
    topics: list[dict]
    offices: dict[str, str]  # person id -> office


def _slug(text: str) -> str:
    return "-".join("".join(c if c.isalnum() else " " for c in text.lower()).split())


def make_world(n_sources: int, rng: random.Random) -> World:
    people, places, orgs, things = _people(n_sources, rng), _places(n_sources), [], []
    for i, place in enumerate(places):
        form, alias = vocab.ORG_FORMS[i % len(vocab.ORG_FORMS)]
        base = place.name.split()[-1] if place.name.split()[0] in ("North", "Port") else place.name.split()[0]
        name = form.format(base)
        if any(o.name == name for o in orgs):
            continue
        aliases = [{"text": alias.format(base), "case": "insensitive"}] if alias else []
        orgs.append(Ent(_slug(name), name, "organisation", f"An institution of {place.name}.", aliases))
    for n in range(1, 2 + n_sources // 400):
        for form in vocab.WEAPONS:
            name = form.format(n=n)
            things.append(Ent(_slug(name), name, "weapon", "A weapon system.", []))
    for name in vocab.VESSELS[: 3 + n_sources // 500]:
        things.append(Ent(_slug(name), name, "vessel", "A merchant ship.", [name.split(" ", 1)[1]]))
    glob = [Ent(i, n, k, d, list(a)) for i, n, k, d, a in vocab.GLOBAL_ENTITIES]
    offices = {p.id: rng.choice(vocab.OFFICES) for p in people}
    events = [_event(i, people, places, orgs, things, rng) for i in range(8 + n_sources // 6)]
    entities = sorted(people + places + orgs + things + glob, key=lambda e: e.id)
    return World(entities, people, places, orgs, things, events, _topics(n_sources, people, places, things, rng), offices)


def _people(n_sources: int, rng: random.Random) -> list[Ent]:
    want = 20 + n_sources // 14
    out, used = [], set()
    for k in range(want):
        first = vocab.FIRST[k % len(vocab.FIRST)]
        last = vocab.SURNAMES[(k // len(vocab.FIRST) * 7 + k) % len(vocab.SURNAMES)]
        if (first, last) in used:
            last = f"{last}-{vocab.SURNAMES[k % len(vocab.SURNAMES)]}"
        extra = 2
        while (first, last) in used:  # very large dossiers: more people than name pairs
            last, extra = f"{last.split(' ')[0]} {_roman(extra)}", extra + 1
        used.add((first, last))
        out.append(Ent(_slug(f"{first} {last}"), f"{first} {last}", "person", "A figure in the news.", []))
    surnames: dict[str, int] = {}
    for p in out:
        surnames[p.name.split()[-1]] = surnames.get(p.name.split()[-1], 0) + 1
    for p in out:  # a surname alias only where it names one person
        if surnames[p.name.split()[-1]] == 1:
            p.aliases.append(p.name.split()[-1])
    return out


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + letters, n - value
    return out


def _places(n_sources: int) -> list[Ent]:
    out = []
    for k in range(10 + n_sources // 60):
        base = vocab.PLACES[k % len(vocab.PLACES)]
        form = vocab.PLACE_FORMS[(k // len(vocab.PLACES)) % len(vocab.PLACE_FORMS)]
        name = form.format(base)
        if name in ("Keldar", "Vossmark") or any(p.name == name for p in out):
            continue  # global entities; or every form of every name is taken (very large dossiers)
        out.append(Ent(_slug(name), name, "place", "A place in the region.", []))
    return out


def _event(i: int, people, places, orgs, things, rng: random.Random) -> Event:
    kind = sorted(vocab.KINDS)[i % len(vocab.KINDS)]  # every kind happens (each topic then has passages)
    date = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(366))
    weights = [1 / (k + 3) for k in range(len(people))]  # a few people are in the news most days
    who = list(dict.fromkeys(rng.choices(people, weights=weights, k=6)))
    who = (who + [p for p in people if p not in who])[: rng.randint(2, 4)]
    thing = rng.choice(things) if kind in ("strike", "seizure") and things else None
    ev = Event(i, kind, date, rng.choice(places), who, rng.sample(orgs, k=min(len(orgs), 2)), thing,
               rng.choice((12, 40, 300, 1200, 4500, 12300, 250000)))
    a, b = ev.people[0], ev.people[1]
    noun = vocab.KINDS[kind][3]
    ev.wire = [
        f"{a.name} met {b.name} in {ev.place.name} on {date:%A}, the Continental Press Agency reported, "
        f"as {ev.orgs[0].name} warned that {ev.figure:,} {noun} were affected.",
        f"“We will not accept this, and the United Nations must act,” {b.name} told the CPA in {ev.place.name}.",
        f"The {kind} came {rng.randint(2, 9)} days after talks in Keldar ended without agreement, "
        f"according to figures published by {ev.orgs[-1].name}.",
    ]
    return ev


def _topics(n_sources: int, people: list[Ent], places: list[Ent], things: list[Ent],
            rng: random.Random) -> list[dict]:
    out = []
    anchors = sorted(e.id for e in people + places)  # a term counts near a person or a place of the story
    for kind, (title, terms, _, _) in sorted(vocab.KINDS.items()):
        topic = {"slug": kind, "title": title, "summary": f"What the sources report on {title.lower()}.",
                 "match": {"terms": list(terms), "min_mentions": 1, "window": 2, "anchors": anchors}}
        if kind == "seizure":  # anchored by the vessels instead
            topic["match"]["entities"] = [t.id for t in things if t.kind == "vessel"]
            topic["match"]["requires"] = {"terms": ["crew*", "vessel*", "ship*"]}
            del topic["match"]["anchors"]
        if kind == "aid":  # one word in the paragraph itself is enough
            topic["match"]["window"] = 0
            topic["match"]["min_mentions"] = 1
        out.append(topic)
    for k, person in enumerate(people[: 1 + n_sources // 250]):  # topics that follow a person
        out.append({"slug": f"person-{person.id}", "title": f"{person.name} in the news",
                    "summary": f"Every story that names {person.name} twice or more.",
                    "match": {"entities": [person.id], "min_mentions": 2, "window": 1}})
    out.append({"slug": "un-role", "title": "The United Nations' role",
                "summary": "Stories where the UN acts or is called upon.",
                "match": {"entities": ["united-nations", "security-council"], "terms": ["resolution*"],
                          "requires": {"entities": ["united-nations", "security-council"]}}})
    slugs = [t["slug"] for t in out]
    for t in out:
        t["related"] = sorted(rng.sample([s for s in slugs if s != t["slug"]], k=2))
    return sorted(out, key=lambda t: t["slug"])
