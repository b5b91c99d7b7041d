"""One synthetic source: a capture (the text as a page would give it, with furniture) and
its metadata, which quotes the capture where the capture says it and says why otherwise."""

from __future__ import annotations

import datetime as dt
import hashlib
import random

from . import vocab
from .world import Event, World

METHOD = "Synthetic capture written by `python -m build_scripts synth` for tests and benchmarks."


def _para(ev: Event, world: World, rng: random.Random) -> str:
    """One paragraph of reporting on `ev`: names, offices, figures, quotations."""
    p = rng.choice(ev.people)
    office = world.offices[p.id]
    short = p.aliases[0] if p.aliases else p.name
    org = rng.choice(ev.orgs)
    n = rng.choice((3, 7, 15, 64, 210, 1800, ev.figure))
    verbs = vocab.KINDS[ev.kind][2]
    thing = ev.thing.name if ev.thing else "the plan"
    choices = (
        f"{p.name}, the {office}, said on {ev.date:%A} that {org.name} would {rng.choice(verbs)} "
        f"within {n} hours if Vossmark did not reply.",
        f"“Nobody in {ev.place.name} wants this,” {short} said, adding that {n:,} people had already left.",
        f"Officials in Keldar described {thing} as a provocation; {short} called it “a measured response”.",
        f"Satellite images seen by reporters showed {n} {vocab.KINDS[ev.kind][3]} near {ev.place.name}, "
        f"where {org.name} keeps {rng.randint(2, 30)} depots.",
        f"The United Nations said it was “deeply concerned” and asked both sides to {rng.choice(verbs)} "
        f"no further; a Security Council meeting is set for {ev.date + dt.timedelta(days=3):%d %B}.",
        f"Asked about {thing}, the {office} declined to give numbers, saying only that “{n} is too many”.",
        f"{short} has held the post of {office} since {2010 + n % 14}, and has twice visited {ev.place.name}.",
        f"Residents of {ev.place.name} told the {rng.choice(vocab.OUTLETS)} that prices had risen by "
        f"{n % 90 + 5} per cent in a week.",
    )
    return rng.choice(choices)


def _story(ev: Event, world: World, rng: random.Random, wire: bool) -> tuple[str, list[str]]:
    verb = rng.choice(vocab.KINDS[ev.kind][2])
    lead = ev.people[0]
    headline = f"{lead.name} says {ev.place.name} will {verb}"
    body = [_para(ev, world, rng) for _ in range(rng.randint(3, 9))]
    if wire:  # reprinted agency copy: the same words in several sources
        k = rng.randint(1, len(ev.wire))
        body[1:1] = ev.wire[:k]
    return headline, list(dict.fromkeys(body))


def make_source(sid: str, index: int, world: World, seed: int) -> tuple[dict, bytes]:
    rng = random.Random(f"{seed}/source/{index}")
    weights = [1 / (k + 2) for k in range(len(world.events))]
    ev = rng.choices(world.events, weights=weights)[0]
    outlet = vocab.OUTLETS[rng.randrange(len(vocab.OUTLETS))]
    headline, body = _story(ev, world, rng, wire=rng.random() < 0.6)
    lines: list[str] = []
    title_known = rng.random() < 0.85
    if title_known:
        lines.append(headline)
    date_line = f"{ev.date:%a %b} {ev.date.day} {ev.date.year}"
    dated = rng.random() < 0.75
    if dated:
        lines.append(date_line)
    by = f"{vocab.FIRST[index % len(vocab.FIRST)]} {vocab.SURNAMES[(index * 3) % len(vocab.SURNAMES)]}a"
    bylined = rng.random() < 0.5
    if bylined:
        lines.append(f"By {by}")
    dateline = ev.place.name.upper()
    lines.append(f"{dateline}, {ev.date:%b} {ev.date.day} ({outlet}) – {body[0]}")
    lines += body[1:]
    if rng.random() < 0.3:
        lines.append(rng.choice(vocab.FURNITURE))
    if rng.random() < 0.25:
        other = rng.choice(world.events)
        lines.append(f"READ ALSO: {other.people[0].name} visits {other.place.name}")
    if rng.random() < 0.1 and len(body) > 2:
        lines.append(body[2])  # a paragraph repeated by the page: folded
    blocks = ["\n".join(lines)]
    for _ in range(rng.choice((0, 0, 0, 1, 2))):  # bundled stories: other events, unrelated news
        if rng.random() < 0.5:
            title, paras = rng.choice(vocab.UNRELATED)
        else:
            title, paras = _story(rng.choice(world.events), world, rng, wire=False)
        if len(paras) >= 3:
            blocks.append("\n".join([title, *paras]))
    credit = rng.random() < 0.5
    if credit:
        blocks.append(f"© {ev.date.year} {outlet}")
    capture = ("\n\n".join(blocks) + "\n").encode("utf-8")
    unknown = lambda why: {"unknown": why}  # noqa: E731
    meta = {
        "id": sid,
        "title": {"quote": headline} if title_known else unknown("The capture starts with the first paragraph."),
        "outlet": {"value": outlet, "quote": f"© {ev.date.year} {outlet}"} if credit
        else {"value": outlet, "basis": "Named by the feed the capture came from."} if rng.random() < 0.5
        else unknown("The capture names no publisher."),
        "url": {"value": f"https://news.invalid/{sid}", "basis": "Recorded by the capture tool."}
        if rng.random() < 0.4 else unknown("The capture holds the article text only."),
        "published": {"value": ev.date.isoformat(), "quote": date_line} if dated
        else unknown("The capture gives no date."),
        "retrieved": {"value": (ev.date + dt.timedelta(days=1)).isoformat(), "basis": "The capture tool's log."},
        "language": {"value": "en", "basis": "The text is in English."},
        "byline": {"value": by, "quote": f"By {by}"} if bylined else unknown("No author is named."),
        "dateline": {"value": ev.place.name, "quote": f"{dateline},"},
        "capture": {"file": "capture.txt", "sha256": hashlib.sha256(capture).hexdigest(), "method": METHOD},
    }
    if not title_known:
        meta["label"] = f"Report on {ev.kind} in {ev.place.name}"
    return meta, capture
