"""Metadata lines (build_scripts/analysis/metalines.py): bylines, datelines and dates printed as
paragraphs are told apart from text, so that they are never quoted as topic passages."""

from __future__ import annotations

import pytest

from build_scripts.analysis.metalines import is_metadata_line
from build_scripts.models import Paragraph


def para(text: str) -> Paragraph:
    return Paragraph("p1", 1, 0, len(text), text, "s1", False)


@pytest.mark.parametrize("text", [
    "By Jane Doe",
    "BY JANE DOE AND OMAR ALI",
    "Sara Lind, Maritime Correspondent",
    "Tom Reyes | Shipping Editor",
    "Reporting by Parisa Hafezi; Editing by Alex Richardson",
    "Published: 19 November 2023, 14:05",
    "Updated 2 hours ago",
    "Sunday, 19 November 2023",
    "Nov 19, 2023 10:41 am",
    "(Reuters)",
])
def test_shapes_of_metadata_lines(text):
    assert is_metadata_line(para(text), [])


@pytest.mark.parametrize("text", [
    "Iran unveils the Fattah II hypersonic missile",  # a headline is text
    "Kayhan editor calls two-state solution treason",
    "The editor of Kayhan, Hossein Shariatmadari, wrote that backing a two-state solution was treason.",
    "By sea and by air, the Houthis have attacked ships heading for Israel since November, officials said on Sunday.",
    "November 19: a day of drama in the Red Sea as the Houthis seized a car carrier and took its crew hostage",
])
def test_text_is_not_a_metadata_line(text):
    assert not is_metadata_line(para(text), [])


def test_the_sources_own_byline_and_dateline_quotes_mark_their_lines():
    assert is_metadata_line(para("Maryam Sinaee for Iran International"), ["Maryam Sinaee"])
    assert is_metadata_line(para("TEHRAN (Tasnim) –"), ["TEHRAN"])
    assert not is_metadata_line(para("TEHRAN: Iran’s Leader said on Sunday that Muslim governments should cut ties."), ["TEHRAN:"])
