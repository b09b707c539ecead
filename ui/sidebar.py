"""The global filters in the sidebar, and the URL that carries them (docs/links.md).

Streamlit clears query parameters on a page switch, so the URL is written again from the
session's widget state on every run: a link copied from any page reproduces the view.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

import streamlit as st

from salesdash import fmt
from salesdash.access import SHAREABLE_PAGES, Identity, create_share_link, denied_text, scoped
from salesdash.errors import SalesdashError
from salesdash.filters import COMPARISONS, DIMENSIONS, PRESETS, Filters, Window, comparison_window, preset_window
from salesdash.i18n import LANGUAGE_NAMES, LANGUAGES, t
from salesdash.links import EARLIEST, LATEST, Known, from_params, to_params
from salesdash.options import filter_options, first_date, latest_date
from salesdash.snapshot import page_html
from salesdash.text import escape_markdown
from ui import state
from ui.state import cached, text

__all__ = [
    "labelled",
    "linkable",
    "page_value",
    "render_filters",
    "render_identity",
    "render_share",
    "restore_from_link",
    "share_link",
    "write_link",
]


def restore_from_link(pages: tuple[str, ...]) -> None:
    """On a session's first run, set the widgets' starting values from the link it was opened with."""
    if st.session_state.get("_link_restored"):
        return
    params = query()
    presets = params.pop("preset", None)
    preset = presets[-1] if presets else None
    link = from_params(params, pages, known())
    st.session_state["_link_restored"] = True
    st.session_state["_link_problems"] = list(link.problems)
    if preset in PRESETS and preset != "custom":  # a rolling period: the link reopens on today's window
        st.session_state["f_preset"] = preset
    elif preset is not None:
        st.session_state["_link_problems"].append(("preset", preset))
    st.session_state["_page_params"] = dict(link.page_params)
    st.session_state.setdefault("lang", link.lang or state.tables().settings.get("default_lang", "zh"))
    f = link.filters
    if (f.start or f.end) and preset not in PRESETS:
        st.session_state["f_preset"] = "custom"
        st.session_state["_link_window"] = (f.start, f.end)
    st.session_state.setdefault("f_compare", f.compare)
    for dimension in DIMENSIONS:
        st.session_state.setdefault(f"f_{dimension}", list(f.values(dimension)))
    for key, value in link.page_params.items():
        st.session_state.setdefault(key, value)


def query() -> dict[str, list[str]]:
    """The URL's parameters with every value of a repeated name (links.from_params reports repeats)."""
    return {name: st.query_params.get_all(name) for name in st.query_params}


def known() -> Known:
    """What a link is checked against: the filter values this session may see (its scope), the data's dates."""
    options = cached(filter_options)
    values = {d: frozenset(v for v, _ in options[d]) for d in DIMENSIONS}
    return Known(values, cached(first_date), cached(latest_date))


def page_value(key: str, default: Any = None) -> Any:
    """The value a link gave to a page-level control (`<page>_<name>`), else `default`."""
    return st.session_state.get("_page_params", {}).get(key, default)


def start_choice(key: str, options: Sequence[Any], default: Any) -> None:
    """Start a page control at the link's value when that is one of `options`, else at `default`; a value
    the control holds already, and that is an option, stays."""
    if st.session_state.get(key) not in options:
        linked = page_value(key, default)
        if linked not in options:
            unusable_link_value(key, options)
        st.session_state[key] = linked if linked in options else default


def unusable_link_value(key: str, options: Sequence[Any]) -> None:
    """A notice when the link gave page control `key` a value that is not one of its `options` (docs/links.md)."""
    linked = page_value(key)
    if linked is not None and linked not in options and st.session_state.get(key) == linked:
        st.warning(escape_markdown(text("filters.bad_param", name=key, value=linked)))


def labelled(prefix: str, special: dict[str, str] | None = None) -> Callable[[Any], str]:
    """A format_func that shows option `x` as the text of `prefix.x` in the language of this run,
    or as `special[x]` where given.

    The language is bound now, not looked up later: the function may be called outside the run.
    """
    lang, special = state.lang(), dict(special or {})
    return lambda option: special[option] if option in special else t(f"{prefix}.{option}", lang)


def choice(label: str, options: Sequence[str], key: str, default: str, prefix: str) -> str:
    """A selectbox whose value survives a language switch: the widget is keyed per language (Streamlit's
    frontend keeps a keyed widget's old labels otherwise, and then drops the value), the choice under `key`."""
    if st.session_state.get(key) not in options:
        st.session_state[key] = default
    return str(st.selectbox(label, options, key=key, format_func=labelled(prefix)))


def _window_controls(latest: date | None, first_month: int) -> Window | None:
    preset = choice(text("filters.period"), PRESETS, "f_preset", "ytd", "filters.preset")
    if latest is None:
        return None
    if preset != "custom":
        return preset_window(preset, latest, first_month)
    start, end = st.session_state.pop("_link_window", (None, None))
    default = preset_window("ytd", latest, first_month)
    if start is None and end is not None and end < default.start:  # a link with an end only: its own year
        start = preset_window("ytd", end, first_month).start
    st.session_state.setdefault("f_dates", (start or default.start, end or max(default.end, start or default.end)))
    chosen = st.date_input(text("filters.dates"), key="f_dates", min_value=EARLIEST, max_value=LATEST)
    if isinstance(chosen, tuple) and len(chosen) == 2:
        return Window(chosen[0], chosen[1])
    return default


# Pages whose content no filter changes: the sidebar shows no filters there, and keeps them for the others.
UNFILTERED_PAGES = ("data", "settings")
_FILTER_KEYS = ("f_preset", "f_compare", "f_dates", *(f"f_{d}" for d in DIMENSIONS))


def render_filters(identity: Identity, share: dict[str, Any] | None = None, page: str | None = None) -> None:
    """Draw the sidebar and leave the resolved filters (narrowed to the user's scope), window and
    comparison in session state. A share link's filters are locked: no widgets, the link's view. On a
    page that no filter changes (Data, Settings) only the language is shown; the filters are kept."""
    if share is not None:
        _locked_filters(identity, share)
        return
    if page in UNFILTERED_PAGES:
        _kept_filters(identity)
        return
    sidebar = st.sidebar
    with sidebar:
        st.selectbox(
            text("app.language"), LANGUAGES, key="lang", format_func=LANGUAGE_NAMES.__getitem__, on_change=_relabel
        )
        st.header(text("filters.header"))
        tables = state.tables()
        latest = cached(latest_date)
        window = _window_controls(latest, tables.fiscal_first_month)
        compare = choice(text("filters.compare"), COMPARISONS, "f_compare", "previous", "filters.compare")
        options = cached(filter_options)
        chosen: dict[str, tuple[str, ...]] = {}
        for dimension in DIMENSIONS:
            allowed = getattr(identity, dimension, ())
            labels = {v: label for v, label in options[dimension] if not allowed or v in allowed}
            selected = st.multiselect(
                text(f"filters.{dimension}"),
                list(labels),
                key=f"f_{dimension}",
                format_func=_named(labels),
                placeholder=text("filters.all"),
                select_all=False,  # Streamlit's own "Select all" is English only; none selected means all
            )
            chosen[dimension] = tuple(selected)
        if window is not None:
            st.caption(
                text("filters.window", start=fmt.day(window.start, state.lang()), end=fmt.day(window.end, state.lang()))
            )
        link_notices()
    filters = Filters(
        start=window.start if window else None, end=window.end if window else None, compare=compare, **chosen
    )
    _resolve(scoped(filters, identity))


def _relabel() -> None:
    """After a language switch, give every keyed choice its value again: Streamlit then redraws it with
    the new language's labels instead of keeping the old label (and later losing the value)."""
    for key in list(st.session_state.keys()):
        value = st.session_state[key]
        if isinstance(key, str) and not key.startswith("_") and isinstance(value, str) and key != "lang":
            try:
                st.session_state[key] = value
            except st.errors.StreamlitAPIException:
                continue


def _kept_filters(identity: Identity) -> None:
    """The language alone in the sidebar; the filters' values are given again, so that Streamlit keeps
    them for the next page (it drops the state of a widget not drawn in a run)."""
    with st.sidebar:
        st.selectbox(
            text("app.language"), LANGUAGES, key="lang", format_func=LANGUAGE_NAMES.__getitem__, on_change=_relabel
        )
        link_notices()
    for key in _FILTER_KEYS:
        if key in st.session_state:
            st.session_state[key] = st.session_state[key]
    latest = cached(latest_date)
    preset = st.session_state.get("f_preset", "ytd")
    window = None
    if latest is not None:
        dates: tuple[Any, ...] = st.session_state.get("f_dates") or ()
        custom = preset == "custom" and isinstance(dates, tuple) and len(dates) == 2
        window = (
            Window(dates[0], dates[1])
            if custom
            else preset_window(preset if preset != "custom" else "ytd", latest, state.tables().fiscal_first_month)
        )
    chosen = {d: tuple(st.session_state.get(f"f_{d}", ())) for d in DIMENSIONS}
    compare = st.session_state.get("f_compare", "previous")
    filters = Filters(
        start=window.start if window else None, end=window.end if window else None, compare=compare, **chosen
    )
    _resolve(scoped(filters, identity))


def _named(labels: dict[str, str]) -> Callable[[str], str]:
    return lambda value: labels.get(value, value)


def link_notices() -> None:
    """The link's values that were dropped, each named in a notice (shown as text: a link may carry anything)."""
    for name, value in st.session_state.get("_link_problems", []):
        st.warning(escape_markdown(text("filters.bad_param", name=name, value=value)))


def _resolve(filters: Filters) -> None:
    window = state.tables().window(filters)
    st.session_state["_filters"] = filters.with_window(window) if window else filters
    st.session_state["_window"] = window
    st.session_state["_comparison"] = comparison_window(window, filters.compare) if window else None


def _locked_filters(identity: Identity, share: dict[str, Any]) -> None:
    link = share["link"]
    st.session_state["lang"] = st.session_state.get("lang") or link.lang or "zh"
    with st.sidebar:
        st.selectbox(text("app.language"), LANGUAGES, key="lang", format_func=LANGUAGE_NAMES.__getitem__)
        st.info(text("auth.shared_view", user=escape_markdown(share["created_by"])))
    checked = from_params(to_params(link.filters, link.lang or "zh", link.page_params), (share["page"],), known())
    st.session_state["_link_problems"] = list(checked.problems)
    link_notices()
    st.session_state["_page_params"] = dict(checked.page_params)
    for key, value in checked.page_params.items():
        st.session_state.setdefault(key, value)
    _resolve(scoped(checked.filters, identity))


def linkable(value: object) -> bool:
    """A control's value that belongs in a link: text, numbers and choices, not a button's pressed flag."""
    return isinstance(value, str | int | float | list | tuple) and not isinstance(value, bool)


def write_link(page: str) -> None:
    """Put the whole view into the URL, so that the address bar is always a shareable link."""
    prefix = f"{page}_"
    page_params = {
        key: ",".join(map(str, value)) if isinstance(value, list | tuple) else str(value)
        for key, value in st.session_state.items()
        if isinstance(key, str) and key.startswith(prefix) and linkable(value)
    }
    params = to_params(state.filters(), state.lang(), page_params)
    preset = st.session_state.get("f_preset")
    if (
        preset in PRESETS and preset != "custom"
    ):  # kept as a preset, so that the link rolls forward; start and end stay for a
        # share link, which keeps the window it was made with
        params = {"lang": params.pop("lang"), "preset": preset, **params}
    if st.query_params.to_dict() != params:
        st.query_params.from_dict(params)


def share_link(page: str) -> str:
    """The address of this view: this server, the current page, and the view's query string."""
    current = urlsplit(st.context.url or "http://localhost:8501/")
    path = "" if page == "overview" else page
    return urlunsplit((current.scheme, current.netloc, f"/{path}", urlencode(st.query_params.to_dict()), ""))


def render_share(page: str, title: str, identity: Identity) -> None:
    """Under the filters: a "Share" popover (the link to copy and, for those who may, a read-only share link)
    and the page snapshot to download. The popover's contents are drawn only when it is opened, and the
    snapshot is built only when its button is clicked: a page does not pay for either on every run
    (docs/links.md)."""
    with st.sidebar:
        st.divider()
        if identity.mode != "share":
            with st.popover(text("share.open"), icon=":material/share:", width="stretch"):
                st.caption(text("share.link"))
                st.code(share_link(page), language=None, wrap_lines=True)
                if identity.can("share") and page in SHAREABLE_PAGES:
                    _share_link_form(page, identity)
        items = list(st.session_state.get("_snapshot", []))
        window = state.window()
        subtitle = (
            text("filters.window", start=fmt.day(window.start, state.lang()), end=fmt.day(window.end, state.lang()))
            if window
            else ""
        )
        language = state.lang()
        st.download_button(
            text("share.snapshot"),
            lambda: page_html(title, subtitle, items, language),
            file_name=f"salesdash-{page}.html",
            mime="text/html",
            key="share_snapshot",
            on_click="ignore",
        )


def _share_link_form(page: str, identity: Identity) -> None:
    st.divider()
    days = st.number_input(text("share.expiry_days"), 0, 365, 30, key="share_days")
    if st.button(text("share.create"), key="share_create"):
        params = {k: v for k, v in st.query_params.to_dict().items() if k != "share"}
        try:
            token = create_share_link(state.store(), identity, page, params, timedelta(days=days) if days else None)
        except SalesdashError as exc:
            st.error(denied_text(exc, state.lang()))
            return
        current = urlsplit(st.context.url or "http://localhost:8501/")
        url = urlunsplit(
            (
                current.scheme,
                current.netloc,
                "/",  # a share session has one page, the default: its address is the root
                urlencode({"share": token}),
                "",
            )
        )
        st.success(text("share.created"))
        st.code(url, language=None, wrap_lines=True)


def render_identity(identity: Identity) -> None:
    """Who is signed in and what they see; in local mode, a visible notice."""
    with st.sidebar:
        if identity.mode == "local":
            st.caption(text("notice.local_mode"))
        elif identity.mode == "signed_in":
            st.caption(
                text("auth.signed_in_as", user=escape_markdown(identity.user), role=text(f"role.{identity.role}"))
            )
            scope = [*identity.region, *identity.team]
            if scope:
                st.caption(text("auth.scope", scope=", ".join(scope)))
            if getattr(st.user, "is_logged_in", False):
                st.button(text("auth.sign_out"), on_click=st.logout, key="sign_out")
