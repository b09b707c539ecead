"""The process-wide store, the per-run Tables, and cached figures keyed by filters and data version."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, Concatenate, ParamSpec, TypeVar

import streamlit as st

from salesdash import fmt
from salesdash.access import Identity
from salesdash.backends.connect import backend_url, tables_for
from salesdash.filters import Filters, Window
from salesdash.i18n import t
from salesdash.store import Store, default_db_path
from salesdash.tables import Memo, Scope, Tables

P = ParamSpec("P")
R = TypeVar("R")

__all__ = [
    "bound_to",
    "cached",
    "comparison",
    "computed",
    "currency",
    "filters",
    "identity",
    "lang",
    "scope",
    "store",
    "tables",
    "text",
    "window",
]


@st.cache_resource(show_spinner=False)
def _open(path: str) -> Store:
    # Held only while a page run uses it, so scheduled loads run between runs
    # (docs/operations.md#scheduled-loads-while-the-dashboard-runs).
    return Store(path, hold="thread", on_wait=_waiting)


def _waiting(message: str) -> None:
    st.toast(text("store.waiting"), icon=":material/hourglass_top:")


def store() -> Store:
    """The one store of this process over the DuckDB file; a page run holds the file while it runs."""
    return _open(str(default_db_path().resolve()))


@st.cache_data(ttl=600, max_entries=8, show_spinner=False)
def _loaded(version: str) -> frozenset[str]:
    return store().loaded_tables()


@st.cache_data(ttl=600, max_entries=8, show_spinner=False)
def _settings(version: str) -> dict[str, Any]:
    return store().settings()


def data_version() -> str:
    """The store's path and data version: every cached result is keyed by it."""
    opened = store()
    return f"{opened.path}#{opened.data_version()}"


@st.cache_data(ttl=600, max_entries=8, show_spinner=False)
def _gaps(version: str) -> frozenset[str]:
    return Tables(store().ibis(), _loaded(version), _settings(version)).gaps()


@st.cache_resource(max_entries=4, show_spinner=False)
def _memo(version: str) -> Memo:
    """Per-customer aggregates shared by the figures of one data version (frames, not connections)."""
    return Memo()


def scope() -> Scope:
    """The session's scope (regions and/or teams) as Tables takes it: every table is limited to it."""
    return tuple(identity().scope.items())


def tables(version: str | None = None, scope_: Scope | None = None) -> Tables:
    """Tables over this thread's cursor, with what is loaded and the settings of this data version, limited to
    the session's scope (docs/access.md: scope is applied in the Tables layer, below every page)."""
    limit = scope() if scope_ is None else scope_
    url = backend_url()
    if url is not None:  # another engine (docs/engines.md): the store keeps only settings and bookkeeping
        return tables_for(url, store()).scoped_to(limit)
    version = data_version() if version is None else version
    return Tables(store().ibis(), _loaded(version), _settings(version), _gaps(version), _memo(version), limit)


# How many times each figure was computed (a cache miss) in this process: the warm-up's test and the benchmark
# read it (docs/pages.md#warm-up-after-an-upload).
computed: Counter[str] = Counter()
_computed_lock = threading.Lock()
# A thread that computes outside a page run (the warm-up) names its data version and scope here.
_bound = threading.local()


@contextmanager
def bound_to(version: str, scope_: Scope) -> Iterator[None]:
    """`cached` calls of this thread inside the block use `version` and `scope_` instead of the session's: for
    work done outside a page run, where there is no session (ui/warmup)."""
    _bound.key = (version, scope_)
    try:
        yield
    finally:
        _bound.key = None


@st.cache_data(ttl=3600, max_entries=1024, show_spinner=False)
def _cached(
    name: str,
    version: str,
    scope_: Scope,
    args: tuple[Any, ...],
    kwargs: tuple[tuple[str, Any], ...],
    _func: Callable[..., Any],
) -> Any:
    with _computed_lock:
        computed[name] += 1
    return _func(tables(version, scope_), *args, **dict(kwargs))


def cached(func: Callable[Concatenate[Tables, P], R], *args: P.args, **kwargs: P.kwargs) -> R:
    """`func(tables, *args, **kwargs)` for this run's tables, cached by the function, its arguments and the
    data version (docs/pages.md): a new upload, undo or setting change computes afresh.

    `func` is a salesdash figure taking the Tables first (`cached(revenue_over_time, filters, window)`); it is
    keyed by its module and name, so one function has one cache across reruns and sessions. The tables are
    limited to the session's scope, which is part of the cache key: the cache never mixes scopes.
    """
    name = f"{func.__module__}.{func.__qualname__}"
    version, scope_ = getattr(_bound, "key", None) or (data_version(), scope())
    result: R = _cached(name, version, scope_, args, tuple(sorted(kwargs.items())), func)
    return result


def filters() -> Filters:
    """The global filters of this run, as app.py resolved them (scope included)."""
    return st.session_state["_filters"]


def window() -> Window | None:
    return st.session_state.get("_window")


def comparison() -> Window | None:
    return st.session_state.get("_comparison")


def lang() -> str:
    return st.session_state.get("lang", "zh")


def currency() -> str:
    """The symbol of the configured currency (¥ unless a setting says otherwise)."""
    return fmt.currency_symbol(_settings(data_version()).get("currency", "CNY"))


def money(value: float | None) -> str:
    """An amount in the user's language and the configured currency."""
    return fmt.money(value, lang(), _settings(data_version()).get("currency", "CNY"))


def text(key: str, **values: object) -> str:
    return t(key, lang(), **values)


def save_settings(changes: dict[str, Any]) -> None:
    """Validate and store setting changes; the data version moves on, so every cached figure refreshes."""
    from salesdash.settings import validate

    for key, value in changes.items():
        store().set_setting(key, validate(key, value), user=identity())


def identity() -> Identity:
    """The session's access.Identity as app.py resolved it this run (local admin, signed-in user, or share-link
    viewer). Before app.py has resolved it, nobody: a viewer that can never write (docs/access.md)."""
    found = st.session_state.get("_current_identity")
    return found if isinstance(found, Identity) else Identity("nobody", "viewer", mode="share")
