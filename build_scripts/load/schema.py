"""The declared schema of every YAML file in `dossier/`: one documented field per line.

These pydantic models validate what editors and contributors write; they forbid unknown
keys and are frozen. Cross-file rules (a topic naming an unknown entity, a quote that is
not in the capture) are checked by the loader, which sees the whole dossier.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from ..models import ATTESTED  # noqa: F401  (the fields below that say what establishes them)
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)

SLUG_PATTERN = r"^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$"
STORY_PATTERN = r"^[a-z0-9-]+/s[0-9]+$"
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN)]
StoryId = Annotated[str, StringConstraints(pattern=STORY_PATTERN)]
Text = Annotated[str, StringConstraints(min_length=1)]

SLUG_HELP = "lower-case letters, digits and inner hyphens, such as 005 or presstv-khamenei-ties"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# --- sources ---------------------------------------------------------------------------


class Attested(Strict):
    """A metadata field: a value with what establishes it, or `unknown` with the reason."""

    value: Text | None = None  # the value; may be omitted when `quote` is the value itself
    quote: Text | None = None  # the capture's own words that establish the value (verbatim)
    basis: Text | None = None  # how it is established when the capture does not say it
    unknown: Text | None = None  # why the value is not known (then no value, quote or basis)
    note: Text | None = None  # an editor's remark shown next to the field

    @model_validator(mode="after")
    def _one_of(self) -> Attested:
        if self.unknown is not None:
            if self.value is not None or self.quote is not None or self.basis is not None:
                raise ValueError("give either `unknown: <reason>` or a value with `quote`/`basis`, not both")
        elif self.quote is None and self.basis is None:
            raise ValueError(
                "say what establishes this field: `quote:` (the capture's own words) or `basis:`; "
                "if nothing does, write `unknown: <reason>` instead"
            )
        elif self.value is None and self.quote is None:
            raise ValueError("give the field's `value:` (the basis says how it is established, not what it is)")
        return self

    @property
    def known(self) -> str | None:
        if self.unknown is not None:
            return None
        return self.value if self.value is not None else self.quote


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:\d{2})?)?")


class DateAttested(Attested):
    @field_validator("value")
    @classmethod
    def _iso_date(cls, v: str | None) -> str | None:
        if v is None:
            return v
        try:
            if not _ISO_DATE.fullmatch(v):
                raise ValueError
            dt.datetime.fromisoformat(v.replace("Z", "+00:00"))
        except ValueError:
            raise ValueError(f"{v!r} is not an ISO date; write it as YYYY-MM-DD (or YYYY-MM-DDTHH:MM)") from None
        return v

    @model_validator(mode="after")
    def _date_value(self) -> DateAttested:
        if self.unknown is None and self.value is None:
            raise ValueError("give the date as `value: YYYY-MM-DD`; the quote shows the words that establish it")
        return self


Sha256 = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]  # lower-case hex
_FILE = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,120}"  # a plain name: the file is in the source's folder
CAPTURE_SUFFIXES = {"text/plain": (".txt",), "text/html": (".html", ".htm"),
                    "application/warc": (".warc", ".warc.gz"), "application/wacz": (".wacz",)}


class Extracted(Strict):
    """The reading text extracted from a page or an archive, stored beside the capture."""

    file: Annotated[str, StringConstraints(pattern=_FILE + r"\.txt$")]  # UTF-8 text, in the source's folder
    sha256: Sha256
    extractor: Text  # the library and version that extracted it, such as "trafilatura 2.3.1"
    record: Text | None = None  # for archives: the WARC-Target-URI of the record it comes from


class Capture(Strict):
    media_type: Literal["text/plain", "text/html", "application/warc", "application/wacz"] = "text/plain"
    file: Annotated[str, StringConstraints(pattern=_FILE + r"$")]  # the capture as received
    sha256: Sha256
    method: Text  # how the capture was made (tool, by whom, from what)
    extracted: Extracted | None = None  # required for pages and archives: their reading text

    @field_validator("file")
    @classmethod
    def _suffix(cls, v: str, info: ValidationInfo) -> str:
        media_type = info.data.get("media_type", "text/plain")
        suffixes = CAPTURE_SUFFIXES[media_type]
        if not v.endswith(suffixes):
            published = "it is published as plain text" if media_type == "text/plain" else f"for {media_type}"
            raise ValueError(f"{v!r} is not allowed: name the capture file with letters, digits, dots, hyphens "
                             f"or underscores, ending in {' or '.join(suffixes)} ({published})")
        return v

    @model_validator(mode="after")
    def _kind(self) -> Capture:
        if self.media_type == "text/plain" and self.extracted is not None:
            raise ValueError("a plain-text capture is its own reading text: remove `extracted`")
        if self.media_type != "text/plain" and self.extracted is None:
            raise ValueError(f"a {self.media_type} capture needs `extracted:` (run `python -m build_scripts add` on it)")
        return self


class StorySplit(Strict):
    starts: Text  # the opening words of the story's first paragraph, verbatim
    title: Text | None = None  # an editor's label for the story (shown as such)


class Normalise(Strict):
    paragraphs: Literal["lines", "blank-lines"] = "lines"  # what separates paragraphs
    stories: list[StorySplit] | None = None  # the editor's split; omit for the automatic one
    skip_rules: list[Slug] = []  # furniture rules not to apply to this source




class SourceMeta(Strict):
    id: Slug  # equals the name of the source's folder
    title: Attested  # the headline as the capture gives it
    label: Text | None = None  # an editor's description, shown when the title is unknown
    outlet: Attested  # who published it
    url: Attested  # where it was published
    published: DateAttested  # when it was published
    retrieved: DateAttested  # when it was captured
    language: Attested  # BCP 47 code, such as en
    byline: Attested  # the author(s)
    dateline: Attested  # the place the story is filed from
    capture: Capture
    notes: str = ""  # free text for editors
    normalise: Normalise = Normalise()


# --- normalisation rules ----------------------------------------------------------------


class FurnitureRule(Strict):
    id: Slug
    description: Text  # what the rule removes, in words, shown in each source's log
    pattern: Text  # an RE2 regular expression (linear time, so safe on any input)
    action: Literal["drop", "trim"] = "drop"  # drop the paragraph; or trim the matched part
    sources: list[Slug] | None = None  # only these sources (default: all)
    examples: list[Text] = Field(min_length=1)  # texts the rule must match (checked at load)


class FoldRepeats(Strict):
    min_chars: Annotated[int, Field(ge=1)] = 40  # shorter repeats (labels, headings) are kept


class Headings(Strict):
    max_words: Annotated[int, Field(ge=1)] = 14  # a heading is short and ends without punctuation


class StoryRules(Strict):
    min_paragraphs: Annotated[int, Field(ge=1)] = 3  # shorter blank-line blocks join the next story


class NormaliseRules(Strict):
    fold_repeats: FoldRepeats = FoldRepeats()
    headings: Headings = Headings()
    stories: StoryRules = StoryRules()
    furniture: list[FurnitureRule] = []


# --- entities ---------------------------------------------------------------------------

EntityKind = Literal["person", "organisation", "place", "weapon", "vessel", "publication", "event", "other"]


class Alias(Strict):
    text: Text
    case: Literal["sensitive", "insensitive"] = "sensitive"
    sources: list[Slug] | None = None  # only in these sources
    stories: list[StoryId] | None = None  # or only in these stories: <source>/s<n>
    note: Text | None = None


class Entity(Strict):
    id: Slug
    name: Text  # canonical name (also matched as an alias)
    kind: EntityKind
    description: Text  # one line (may cite passages: [[<source id>#p<line>]])
    wikidata: Annotated[str, StringConstraints(pattern=r"^Q[1-9][0-9]*$")] | None = None
    aliases: list[Alias] = []  # each a text, or a mapping with `text` and its options

    @field_validator("aliases", mode="before")
    @classmethod
    def _plain_text_alias(cls, value: object) -> object:
        if isinstance(value, list):
            return [{"text": a} if isinstance(a, str) else a for a in value]
        return value

    def all_aliases(self) -> list[Alias]:
        """The name, then the aliases (an alias equal to the name refines its options)."""
        listed = {a.text for a in self.aliases}
        return ([] if self.name in listed else [Alias(text=self.name)]) + list(self.aliases)


# --- topics -----------------------------------------------------------------------------


class Matchers(Strict):
    entities: list[Slug] = []  # mentions of any of these entities
    terms: list[Text] = []  # or any of these terms (any case; a trailing * matches word endings)


class Membership(Matchers):
    """What one passage (a paragraph, seen with its `window`) must contain to count. A term
    counts only with an anchor in the window: terms alone never make a passage unless
    `terms_alone` says so. A story, and so its source, joins the topic only through passages."""

    anchors: list[Slug] | None = None  # entities that let a term count; default: `entities`
    window: Annotated[int, Field(ge=0, le=5)] = 0  # paragraphs of the story on each side searched for anchors, matches and `requires` (0 = the paragraph alone)
    min_mentions: Annotated[int, Field(ge=1)] = 1  # matches a passage needs, counted in its window (never across a whole story)
    terms_alone: bool = False  # true: a term counts with no anchor at all (`check` warns: common words then make members)
    requires: Matchers | list[Matchers] | None = None  # and the window must also hold one of these (terms here need no anchor); a list: one of each group

    @model_validator(mode="after")
    def _terms_anchored(self) -> Membership:
        if self.terms and not self.anchor_ids() and not self.terms_alone:
            raise ValueError("terms count only near an anchoring entity: list `entities` or `anchors`, "
                             "or write `terms_alone: true` to let the terms make passages on their own")
        return self

    def anchor_ids(self) -> list[str]:
        return self.entities if self.anchors is None else self.anchors

    def required_groups(self) -> list[Matchers]:
        """The `requires` groups: the window must meet each of them."""
        if self.requires is None:
            return []
        return self.requires if isinstance(self.requires, list) else [self.requires]


class Topic(Strict):
    slug: Slug
    title: Text
    summary: Text  # the editor's summary (plain text; blank lines separate paragraphs; [[002#p24]] cites)
    editor: Text | None = None  # who wrote the summary, when not the dossier's editor (dossier.yml)
    match: Membership
    related: list[Slug] = []

    @model_validator(mode="after")
    def _something_to_match(self) -> Topic:
        if not self.match.entities and not self.match.terms:
            raise ValueError("`match` needs at least one of `entities` or `terms`")
        return self


# --- lexicons and the dossier itself -------------------------------------------------------


class NamesLexicon(Strict):
    not_names: list[Text] = []  # capitalised phrases never proposed as entity candidates
    leading_words: list[Text] = []  # words dropped from the start of a candidate (The, In, ...)
    connectors: list[Text] = []  # lower-case words allowed inside a name (of, al, bin, ...), also before a hyphen (al-Sisi)
    adjectives: list[Text] = []  # capitalised adjectives (Iranian, Kurdish): dropped from the start of a candidate; runs of them alone are no names


class DossierMeta(Strict):
    title: Text
    summary: Text  # what the dossier covers (plain text; blank lines separate paragraphs; [[002#p24]] cites)
    editor: Text | None = None  # who edits the dossier and wrote the summary (footer, summaries)
    licence: Text | None = None  # the licence of the editor's texts, in words (footer)
    contact: Text | None = None  # how to reach the editor: an address or a URL (footer)
