"""The view ↔ query string round trip (docs/links.md)."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from salesdash.filters import COMPARISONS, Filters
from salesdash.links import from_params, to_params

values = st.lists(
    st.text(st.characters(blacklist_characters=",", blacklist_categories=("Cs", "Cc")), min_size=1, max_size=12)
    .map(str.strip)
    .filter(bool),
    max_size=3,
    unique=True,
).map(tuple)


@st.composite
def views(draw: st.DrawFn) -> tuple[Filters, str]:
    start = draw(st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 12, 31)))
    end = draw(st.dates(min_value=start, max_value=date(2031, 12, 31)))
    filters = Filters(
        start=start,
        end=end,
        compare=draw(st.sampled_from(COMPARISONS)),
        region=draw(values),
        team=draw(values),
        rep=draw(values),
        category=draw(values),
        segment=draw(values),
    )
    return filters, draw(st.sampled_from(["en", "zh"]))


@given(views())
def test_filters_survive_the_round_trip(view: tuple[Filters, str]) -> None:
    filters, lang = view
    link = from_params(to_params(filters, lang))
    assert (link.filters, link.lang, link.problems) == (filters, lang, ())


def test_page_controls_travel_with_their_page_prefix() -> None:
    params = to_params(Filters(), "en", {"pipeline_stage": "proposal"})
    link = from_params(params, pages=("pipeline",))
    assert link.page_params == {"pipeline_stage": "proposal"}


def test_malformed_values_are_dropped_and_reported() -> None:
    link = from_params(
        {
            "lang": "fr",
            "start": "2025-13-01",
            "end": "2025-02-30",
            "compare": "lastyear",
            "region": "East",
            "bogus": "1",
        }
    )
    assert link.filters == Filters(region=("East",))
    assert link.lang is None
    assert sorted(link.problems) == [
        ("bogus", "1"),
        ("compare", "lastyear"),
        ("end", "2025-02-30"),
        ("lang", "fr"),
        ("start", "2025-13-01"),
    ]


def test_an_end_before_the_start_is_dropped() -> None:
    link = from_params({"start": "2025-05-01", "end": "2025-04-01"})
    assert (link.filters.start, link.filters.end, link.problems) == (date(2025, 5, 1), None, (("end", "2025-04-01"),))


def test_comma_separated_values_become_several() -> None:
    assert from_params({"region": "华东, 华南,"}).filters.region == ("华东", "华南")
