"""Pictures drawn at build time as inline SVG: no JavaScript, a text alternative
(`<title>` and `<desc>`, and a caption), and a table of the same data next to each.

- `coverage`: topics x sources, each cell shaded by the passages the topic quotes from it;
- `together`: the entities most often named, x themselves, each cell shaded by the
  paragraphs that name both.
Every text in a picture is escaped by markup.html; colours come from dossier.css, so the
pictures follow the light and dark palettes.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from itertools import combinations

from ..models import Analysis, Dossier
from .markup import cell_html as html  # one line, bidi controls shown, escaped

CELL = 28  # px, one cell of a matrix
CHAR = 6.2  # px, an estimate of a label character's width at the pictures' font size
TOGETHER_MAX = 12  # entities in the picture of entities named together


@dataclass(frozen=True)
class Matrix:
    rows: tuple[str, ...]  # row labels, plain text
    columns: tuple[str, ...]  # column labels, plain text
    values: tuple[tuple[int, ...], ...]  # values[row][column]
    ids: tuple[str, ...] = ()  # what the rows stand for (entity ids), when it matters


def heatmap(matrix: Matrix, anchor: str, title: str, description: str) -> str:
    """A matrix as an inline SVG figure (one line of HTML per element, no blank lines)."""
    left = int(max((len(r) for r in matrix.rows), default=1) * CHAR) + 12
    top = int(max((len(c) for c in matrix.columns), default=1) * CHAR * 0.72) + 16
    width, height = left + CELL * len(matrix.columns) + top, top + CELL * len(matrix.rows) + 4
    peak = max((v for row in matrix.values for v in row), default=0) or 1
    out = [f'<figure class="dossier-picture" id="{anchor}">',
           f'<svg xmlns="http://www.w3.org/2000/svg" class="dossier-svg" role="img" viewBox="0 0 {width} {height}" '
           f'width="{width}" height="{height}" aria-labelledby="{anchor}-title {anchor}-desc">',
           f'<title id="{anchor}-title">{html(title)}</title>',
           f'<desc id="{anchor}-desc">{html(description)}</desc>']
    for j, label in enumerate(matrix.columns):
        x = left + CELL * j + CELL // 2 + 4
        out.append(f'<text class="dossier-svg-label" x="{x}" y="{top - 6}" '
                   f'transform="rotate(-45 {x} {top - 6})">{html(label)}</text>')
    for i, label in enumerate(matrix.rows):
        y = top + CELL * i
        out.append(f'<text class="dossier-svg-label" x="{left - 8}" y="{y + CELL // 2 + 4}" '
                   f'text-anchor="end">{html(label)}</text>')
        for j, value in enumerate(matrix.values[i]):
            x = left + CELL * j
            shade = f"{0.15 + 0.85 * value / peak:.2f}" if value else "0"
            out.append(f'<rect class="dossier-svg-cell" x="{x + 1}" y="{y + 1}" width="{CELL - 2}" '
                       f'height="{CELL - 2}" fill-opacity="{shade}"><title>{html(label)} × '
                       f'{html(matrix.columns[j])}: {value}</title></rect>')
            if value:
                out.append(f'<text class="dossier-svg-value" x="{x + CELL // 2}" y="{y + CELL // 2 + 4}" '
                           f'text-anchor="middle">{value}</text>')
    out += ["</svg>", f"<figcaption>{html(title)}. {html(description)}</figcaption>", "</figure>"]
    return "\n".join(out)


def coverage_matrix(dossier: Dossier, analysis: Analysis, columns: list[tuple[str, str]]) -> Matrix:
    """Topics x sources: passages quoted. `columns` are (source id, short name) in order."""
    values = []
    for topic in dossier.topics:
        counts = Counter(p.source for p in analysis.topics[topic.slug].passages)
        values.append(tuple(counts[sid] for sid, _ in columns))
    return Matrix(tuple(t.title for t in dossier.topics), tuple(name for _, name in columns), tuple(values))


def together(dossier: Dossier, analysis: Analysis, limit: int = TOGETHER_MAX) -> tuple[Matrix, list[tuple[str, str, int]]]:
    """The `limit` entities named most often, and how many paragraphs name each pair; also
    every pair (entity id, entity id, paragraphs) of the whole dossier, most first."""
    pairs: Counter[tuple[str, str]] = Counter()
    for key, mentions in analysis.by_paragraph.items():
        named = sorted({m.entity for m in mentions})
        pairs.update(combinations(named, 2))
    names = {e.id: e.name for e in dossier.entities}
    ranked = sorted(analysis.by_entity, key=lambda eid: (-len(analysis.by_entity[eid]), names[eid]))[:limit]
    values = tuple(tuple(pairs[tuple(sorted((a, b)))] if a != b else 0 for b in ranked) for a in ranked)
    listed = sorted(((a, b, n) for (a, b), n in pairs.items()), key=lambda p: (-p[2], names[p[0]], names[p[1]]))
    labels = tuple(names[e] for e in ranked)
    return Matrix(labels, labels, values, tuple(ranked)), listed
