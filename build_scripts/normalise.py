"""Stage 2, normalise: from each capture's text to its reading text: paragraphs, furniture
removed, repeats folded, stories split; every decision recorded in the reading's log.

Everything here is driven by data: the rules of `dossier/rules/normalise.yml` and the
`normalise:` block of a source's metadata. Every paragraph stays an exact slice of the
capture (`capture[start:end] == text`), which is what lets every quotation link back.
"""

from __future__ import annotations

import functools
import statistics
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import NamedTuple

import re2

from .models import (
    Dossier,
    FurnitureRule,
    LogEntry,
    NormaliseRules,
    Origin,
    Paragraph,
    Reading,
    SourceInfo,
    Story,
)
from .problems import Problem
from .source_cache import per_source

_FINAL_PUNCTUATION = tuple(".!?;:,…\"“”’'»)]")


@dataclass
class _Para:
    line: int
    start: int
    end: int
    block: int  # index of the blank-line-separated block it sits in


@functools.cache
def compile_pattern(pattern: str) -> re2._Regexp:
    """Compile an RE2 pattern (linear-time matching, safe on untrusted input); raises re2.error."""
    options = re2.Options()
    options.log_errors = False
    return re2.compile(pattern, options)


SCREEN_PROGRAM = 20_000  # a pattern whose RE2 program is larger is tried on its own (a set's memory grows with it)


class _Screen(NamedTuple):
    """What a paragraph must escape for no furniture rule to apply to it: the rules that drop,
    as one RE2 set matched against the whole paragraph; those that trim, as one set searched in
    it; and the large patterns, kept out of the sets, each tried on its own."""

    whole: re2.Set
    anywhere: re2.Set
    large: tuple[Callable[[str], object], ...]

    def untouched(self, paragraph: str) -> bool:
        return (self.whole.Match(paragraph) is None and self.anywhere.Match(paragraph) is None
                and not any(match(paragraph) for match in self.large))


@functools.cache
def _screen(drops: tuple[str, ...], trims: tuple[str, ...]) -> _Screen | None:
    """The screen of these rules' patterns: a paragraph it lets through is left as it is, in a
    few passes over it instead of one per rule. A pattern whose RE2 program is large (counted
    repetitions of Unicode classes, as in a breadcrumb rule) stays out of the sets, whose memory
    it would multiply. None when a set would not compile: every paragraph then goes through the
    rules one by one."""
    options = re2.Options()
    options.log_errors = False
    whole, anywhere = re2.Set.FullMatchSet(options), re2.Set.SearchSet(options)
    large = []
    try:
        for patterns, screen in ((drops, whole), (trims, anywhere)):
            for pattern in patterns:
                regex = compile_pattern(pattern)
                if regex.programsize > SCREEN_PROGRAM:
                    large.append(regex.fullmatch if screen is whole else regex.search)
                else:
                    screen.Add(pattern)
            screen.Compile()
    except re2.error:
        return None
    return _Screen(whole, anywhere, tuple(large))


def _is_space(ch: str) -> bool:
    return ch.isspace() or ch == "\ufeff"


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and _is_space(text[start]):
        start += 1
    while end > start and _is_space(text[end - 1]):
        end -= 1
    return start, end


def is_heading(text: str, max_words: int) -> bool:
    return len(text.split()) <= max_words and not text.endswith(_FINAL_PUNCTUATION)


def split_paragraphs(text: str, mode: str) -> list[_Para]:
    """Paragraphs as spans of `text`: each non-blank line, or each run of non-blank lines."""
    paras: list[_Para] = []
    block, pos, after_blank = 0, 0, False
    for number, line in enumerate(text.split("\n"), start=1):
        start, end = _trim(text, pos, pos + len(line))
        pos += len(line) + 1
        if start == end:
            after_blank = True
            continue
        if after_blank and paras:
            block += 1
        if mode == "blank-lines" and paras and not after_blank:
            paras[-1].end = end
        else:
            paras.append(_Para(number, start, end, block))
        after_blank = False
    return paras


def normalise(dossier: Dossier) -> tuple[Dossier, list[Problem]]:
    """The dossier with every source's reading text, and the problems found on the way."""
    problems: list[Problem] = []
    sources = []
    readings = per_source("normalise", dossier, (), lambda s: derive_reading(s.text, s.meta, dossier.rules), alone=True)
    for source, (reading, issues) in zip(dossier.sources, readings):
        problems += [Problem(where.path, where.line, message, code="normalise") for where, message in issues]
        if not reading.paragraphs:
            problems.append(Problem(str(source.capture_path), 1, (
                "no reading text is left once the furniture rules have run; check the rules in "
                "rules/normalise.yml, or list one in this source's normalise.skip_rules"), code="no-reading-text"))
        sources.append(replace(source, reading=reading))
    dossier = replace(dossier, sources=tuple(sources))
    return dossier, problems + check_story_scopes(dossier)


def check_story_scopes(dossier: Dossier) -> list[Problem]:
    """Aliases confined to stories must name stories that exist (`<source>/s<line>`)."""
    stories = {f"{s.id}/{story.id}" for s in dossier.sources for story in s.reading.stories}
    problems = []
    for entity in dossier.entities:
        for alias in entity.aliases:
            for story, where in zip(alias.stories or (), alias.story_origins):
                if story not in stories:
                    problems.append(Problem(where.path, where.line, (
                        f"alias {alias.text!r}: no story {story!r}; story ids (s<line>) are listed on each source page"),
                        code="unknown-reference"))
    return problems


def derive_reading(text: str, meta: SourceInfo, rules: NormaliseRules) -> tuple[Reading, list[tuple[Origin, str]]]:
    """The reading text of a capture, and the problems found in the source's `normalise:`."""
    log: list[LogEntry] = []
    furniture = [r for r in rules.furniture if _applies(r, meta)]
    screen = _screen(tuple(r.pattern for r in furniture if r.action == "drop"),
                     tuple(r.pattern for r in furniture if r.action != "drop"))
    kept = []
    for para in split_paragraphs(text, meta.normalise.paragraphs):
        untouched = screen is not None and screen.untouched(text[para.start : para.end])
        if untouched or _remove_furniture(text, para, furniture, log):
            kept.append(para)
    kept = _fold_repeats(text, kept, rules.fold_repeats.min_chars, log)
    groups, issues = _split_stories(text, kept, meta, rules, log)
    paragraphs: list[Paragraph] = []
    stories: list[Story] = []
    for group, editor_title in groups:
        sid = f"s{group[0].line}"
        made = [
            Paragraph(f"p{p.line}", p.line, p.start, p.end, text[p.start : p.end], sid,
                      is_heading(text[p.start : p.end], rules.headings.max_words))
            for p in group
        ]
        if editor_title is not None:
            title, origin = editor_title, "editor"
        elif made[0].heading:
            title, origin = made[0].text, "headline"
        else:
            title, origin = None, "none"
        stories.append(Story(sid, title, origin, tuple(p.id for p in made)))
        paragraphs += made
    log.sort(key=lambda e: (e.line, e.action))
    return Reading(tuple(paragraphs), tuple(stories), tuple(log)), issues


def _applies(rule: FurnitureRule, meta: SourceInfo) -> bool:
    if rule.id in meta.normalise.skip_rules:
        return False
    return rule.sources is None or meta.id in rule.sources


def _remove_furniture(text: str, para: _Para, rules: list[FurnitureRule], log: list[LogEntry]) -> bool:
    """Apply the furniture rules to `para` in place; False when nothing of it is left."""
    for rule in rules:
        regex = compile_pattern(rule.pattern)
        current = text[para.start : para.end]
        if rule.action == "drop":
            if regex.fullmatch(current):
                log.append(LogEntry("removed", para.line, current, rule.description, rule.id))
                return False
            continue
        match = regex.search(current)
        if not match or match.start() == match.end() or (match.start() > 0 and match.end() < len(current)):
            continue  # only a match at either end of the paragraph is trimmed
        log.append(LogEntry("trimmed", para.line, match.group(0).strip(), rule.description, rule.id))
        if match.start() == 0:
            para.start, para.end = _trim(text, para.start + match.end(), para.end)
        else:
            para.start, para.end = _trim(text, para.start, para.start + match.start())
        if para.start == para.end:
            return False
    return True


def _fold_repeats(text: str, paras: list[_Para], min_chars: int, log: list[LogEntry]) -> list[_Para]:
    first_seen: dict[str, _Para] = {}
    kept = []
    for para in paras:
        key = " ".join(text[para.start : para.end].split())
        earlier = first_seen.get(key)
        if earlier is not None and len(key) >= min_chars:
            reason = f"It repeats the paragraph on line {earlier.line} word for word, so it is shown once, there."
            log.append(LogEntry("folded", para.line, text[para.start : para.end], reason))
            continue
        first_seen.setdefault(key, para)
        kept.append(para)
    return kept


def _split_stories(text, kept, meta, rules, log):
    splits = meta.normalise.stories
    if not kept:
        return [], []
    if splits is not None:
        return _editor_split(text, kept, splits, log)
    return [(g, None) for g in _auto_split(text, kept, meta, rules, log)], []


def _auto_split(text: str, kept: list[_Para], meta: SourceInfo, rules: NormaliseRules, log: list[LogEntry]) -> list[list[_Para]]:
    blocks: dict[int, list[_Para]] = {}
    for para in kept:
        blocks.setdefault(para.block, []).append(para)
    groups = list(blocks.values())
    need = rules.stories.min_paragraphs
    if meta.normalise.paragraphs != "lines" or len(groups) < 2 or statistics.median(map(len, groups)) < need:
        return [kept]
    merged: list[list[_Para]] = []
    carry: list[_Para] = []
    for group in groups:
        carry += group
        if len(carry) >= need:
            merged.append(carry)
            carry = []
    if carry:
        if merged:
            merged[-1] += carry
        else:
            merged.append(carry)
    for group in merged[1:]:
        reason = (
            f"A blank line starts a new story here: most blank-line blocks of this capture hold "
            f"{need} or more paragraphs (shorter blocks join the next story)."
        )
        log.append(LogEntry("split", group[0].line, text[group[0].start : group[0].end], reason))
    return merged


def _editor_split(text, kept, splits, log):
    issues: list[tuple[Origin, str]] = []
    firsts: list[int] = []
    for entry in splits:
        loc = entry.origin
        hits = [i for i, p in enumerate(kept) if text[p.start : p.end].startswith(entry.starts)]
        if not hits:
            issues.append((loc, f"no paragraph of the reading text starts with {entry.starts!r}; "
                                "copy the opening words of the story's first paragraph from the capture"))
        elif len(hits) > 1:
            lines = ", ".join(str(kept[i].line) for i in hits)
            issues.append((loc, f"{entry.starts!r} starts the paragraphs on lines {lines}; quote more words so it starts one"))
        elif firsts and hits[0] <= firsts[-1]:
            issues.append((loc, "stories must be listed in the order of the capture; move this entry"))
        else:
            firsts.append(hits[0])
    if issues:
        return [(kept, None)], issues
    if firsts[0] != 0:
        first = kept[0]
        msg = (f"the first story must start at the first paragraph of the reading text "
               f"(line {first.line}: {text[first.start : first.end][:60]!r})")
        return [(kept, None)], [(splits[0].origin, msg)]
    groups = []
    for k, begin in enumerate(firsts):
        end = firsts[k + 1] if k + 1 < len(firsts) else len(kept)
        groups.append((kept[begin:end], splits[k].title))
        if k:
            head = kept[begin]
            reason = "The editor marks a new story here, starting with these words (in the source's metadata)."
            log.append(LogEntry("split", head.line, text[head.start : head.end], reason))
    return groups, issues
