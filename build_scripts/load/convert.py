"""From validated file schemas to the runtime models, with the origin of each.

The schema classes (`schema.py`) describe files; the models (`..models`) are what the
stages pass. This module is the only place that knows both.
"""

from __future__ import annotations

from .. import models as m
from ..credits import CreditedMeta, CreditedTopic
from . import schema as s
from .yamlread import Loc, YamlDoc


def origin(doc: YamlDoc | None, loc: Loc = ()) -> m.Origin:
    return m.NOWHERE if doc is None else m.Origin(str(doc.path), doc.line_of(loc))


def _tuple(items) -> tuple | None:
    return None if items is None else tuple(items)


def field(value: s.Attested, doc: YamlDoc, loc: Loc) -> m.Field:
    return m.Field(value.value, value.quote, value.basis, value.unknown, value.note, origin(doc, loc))


def source_info(meta: s.SourceMeta, doc: YamlDoc | None) -> m.SourceInfo:
    norm = meta.normalise
    stories = None if norm.stories is None else tuple(
        m.StorySplit(st.starts, st.title, origin(doc, ("normalise", "stories", k, "starts")))
        for k, st in enumerate(norm.stories))
    cap = meta.capture
    return m.SourceInfo(
        id=meta.id,
        label=meta.label,
        **{name: field(getattr(meta, name), doc, (name,)) for name in m.ATTESTED},
        capture=m.CaptureInfo(cap.file, cap.sha256, cap.media_type, cap.method, None if cap.extracted is None else
                              m.ExtractedInfo(cap.extracted.file, cap.extracted.sha256, cap.extracted.extractor,
                                              cap.extracted.record)),
        notes=meta.notes,
        normalise=m.NormaliseOptions(norm.paragraphs, stories, tuple(norm.skip_rules)),
        origin=origin(doc, ("id",)),
    )


def rules(value: s.NormaliseRules, doc: YamlDoc | None) -> m.NormaliseRules:
    def rule(i: int, r: s.FurnitureRule) -> m.FurnitureRule:
        where = origin(doc, ("furniture", i))
        return m.FurnitureRule(r.id, r.description, r.pattern, r.action, _tuple(r.sources), tuple(r.examples), where)

    return m.NormaliseRules(
        m.FoldRepeats(value.fold_repeats.min_chars),
        m.Headings(value.headings.max_words),
        m.StoryRules(value.stories.min_paragraphs),
        tuple(rule(i, r) for i, r in enumerate(value.furniture)),
    )


def entity(value: s.Entity, doc: YamlDoc, loc: Loc) -> m.Entity:
    aliases = []
    for i, a in enumerate(value.aliases):
        here = (*loc, "aliases", i)
        story_origins = tuple(origin(doc, (*here, "stories", k)) for k in range(len(a.stories or ())))
        aliases.append(m.Alias(a.text, a.case, _tuple(a.sources), _tuple(a.stories), a.note,
                               origin(doc, here), story_origins))
    return m.Entity(value.id, value.name, value.kind, value.description, value.wikidata, tuple(aliases),
                    origin(doc, loc))


def _matchers(value: s.Matchers) -> m.Membership:
    return m.Membership(tuple(value.entities), tuple(value.terms))


def topic(value: s.Topic, doc: YamlDoc, loc: Loc) -> m.Topic:
    rule = value.match
    requires = tuple(_matchers(g) for g in rule.required_groups())
    anchors = None if rule.terms_alone else tuple(rule.anchor_ids())
    match = m.Membership(tuple(rule.entities), tuple(rule.terms), anchors, rule.window, rule.min_mentions, requires)
    return CreditedTopic(value.slug, value.title, value.summary, match, tuple(value.related), origin(doc, loc),
                         value.editor)


def names(value: s.NamesLexicon) -> m.NamesLexicon:
    return m.NamesLexicon(tuple(value.not_names), tuple(value.leading_words), tuple(value.connectors),
                          tuple(value.adjectives))


def dossier_meta(value: s.DossierMeta, doc: YamlDoc) -> m.DossierMeta:
    return CreditedMeta(value.title, value.summary, origin(doc), value.editor, value.licence, value.contact)
