"""Text from users and files is shown as text (docs/access.md): escaped for Streamlit's markdown, it renders as
exactly itself, never as a link, emphasis, code, an image or an HTML tag; the drill breadcrumb and the Data page
go through it. Rendered here with markdown-it (CommonMark, the dialect Streamlit's renderer follows)."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pandas as pd
import pytest
from conftest import insert
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from streamlit.testing.v1 import AppTest

from salesdash.access import Identity
from salesdash.text import escape_markdown
from ui.components import page_script

APP = str(Path(__file__).parent.parent / "app.py")
HOSTILE = [
    "[link](javascript:alert(1))",
    "**bold** _it_ `code`",
    "![img](http://x/y.png)",
    "<b>x</b><script>alert(1)</script>",
    "# heading",
    "- item",
    "1. item",
    "> quote",
    "a | b\n---|---",
    "\\*escaped\\*",
    "&lt;amp&gt;",
]
RENDER = MarkdownIt("commonmark").enable("table").enable("strikethrough")


def rendered(markdown: str) -> str:
    return RENDER.render(markdown)


def text_of(rendered_html: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", rendered_html)).strip()


@pytest.mark.parametrize("value", HOSTILE)
def test_a_hostile_name_renders_as_itself(value: str) -> None:
    out = rendered(escape_markdown(value))
    assert re.findall(r"<(?!/?p>)[^>]+>", out) == []  # only the paragraph: no a, strong, em, code, img, h1, li
    assert text_of(out) == " ".join(value.splitlines()).strip()


@settings(max_examples=300)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=40))
def test_any_text_renders_as_itself(value: str) -> None:
    out = rendered(escape_markdown(value))
    assert re.findall(r"<(?!/?p>)[^>]+>", out) == []
    assert " ".join(text_of(out).split()) == " ".join(value.split())


def test_the_drill_breadcrumb_shows_a_hostile_category_as_text(small_store, monkeypatch) -> None:
    name = "**bold**[link](javascript:alert(1))"
    insert(
        small_store,
        "orders",
        pd.DataFrame(
            {
                "order_id": ["X1"],
                "line_id": ["1"],
                "order_date": [pd.Timestamp("2025-06-01").date()],
                "revenue": [10.0],
                "category": [name],
                "region": ["East"],
            }
        ),
    )
    small_store.close()
    monkeypatch.setenv("SALESDASH_DB", str(small_store.path))
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["overview_drill"] = f"category:{name}"
    at.query_params["lang"] = "en"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    crumbs = [m.value for m in at.markdown if "›" in m.value]
    assert len(crumbs) == 1
    out = rendered(crumbs[0])
    assert "<a " not in out and out.count("<strong>") == 1  # the breadcrumb's own bold step only
    assert text_of(out).endswith(name)


def test_a_scoped_analysts_data_page_lists_only_the_scopes_stale_deals(small_store, monkeypatch) -> None:
    small_store.close()
    monkeypatch.setenv("SALESDASH_DB", str(small_store.path))
    listed = {}
    for who in (
        Identity("e@example.com", "analyst", region=("East",)),
        Identity("w@example.com", "analyst", region=("West",)),
    ):
        at = AppTest.from_file(APP, default_timeout=120)
        at.session_state["_identity"] = who
        at.run()
        at.switch_page(str(Path(APP).parent / page_script("data")))
        at.session_state["data_quality"] = True  # the quality panel, computed only when open
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        cells = {str(v) for frame in at.dataframe for v in frame.value.to_numpy().ravel()}
        listed[who.region] = {"D3"} & cells  # D3 is the one stale deal: R3's, in the West
    assert listed == {("East",): set(), ("West",): {"D3"}}
