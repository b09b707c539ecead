"""Real Streamlit sessions over the WebSocket protocol: rerun a page, read it back, time it.

Each session speaks what the browser speaks on `/_stcore/stream`: it sends a `BackMsg` asking for a
script run (query string, page, widget states) and reads `ForwardMsg`s until `script_finished`,
collecting the metrics (label → value), the error boxes and the exceptions the run drew.

    python bench/sessions.py http://127.0.0.1:8501 --sessions 20 --rounds 5
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import statistics
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar
from urllib.parse import urlsplit

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

__all__ = [
    "Route",
    "Run",
    "Session",
    "SessionResult",
    "browse_during_write",
    "percentile",
    "pinned",
    "run_sessions",
    "submit_form",
]

T = TypeVar("T")


@dataclass
class Run:
    """One script run as a session saw it."""

    seconds: float
    metrics: dict[str, str]
    errors: list[str]
    widgets: dict[str, Any] = field(default_factory=dict)
    status: str = ""
    page: str = ""
    started: float = 0.0  # time.perf_counter() when the run was asked for
    ended: float = 0.0  # … and when its script_finished arrived


@dataclass(frozen=True)
class Route:
    """What one session browses: the link it opens (`query`), the pages it cycles through, and the
    keyed widgets whose values it sends back on every later run (`pins`: key → value), as a browser
    sends back what its filter widgets show."""

    query: str = "lang=en"
    pages: tuple[str, ...] = ("",)
    pins: Mapping[str, str | list[str]] = field(default_factory=dict)


@dataclass
class SessionResult:
    session: int
    runs: list[Run] = field(default_factory=list)


class Session:
    """One browser tab's worth of protocol: connect, rerun with widget states, read the run back."""

    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        self.stream = f"ws://{parts.netloc}/_stcore/stream"
        self.origin = f"{parts.scheme}://{parts.netloc}"
        self.ws: Any = None
        self.page_hash = ""

    async def __aenter__(self) -> Session:
        self.ws = await websockets.connect(
            self.stream, subprotocols=["streamlit"], origin=self.origin, max_size=2**26, open_timeout=60
        )
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.ws.close()

    async def rerun(self, query: str, page: str = "", widgets: list[WidgetState] | None = None) -> Run:
        msg = BackMsg()
        state = msg.rerun_script
        state.query_string = query
        state.page_name = page
        state.page_script_hash = self.page_hash if not page else ""
        state.widget_states.widgets.extend(widgets or [])
        started = time.perf_counter()
        await self.ws.send(msg.SerializeToString())
        metrics, errors, found = {}, [], {}
        while True:
            forward = ForwardMsg()
            forward.ParseFromString(await asyncio.wait_for(self.ws.recv(), timeout=120))
            kind = forward.WhichOneof("type")
            if kind == "new_session":
                self.page_hash = forward.new_session.page_script_hash
            elif kind == "page_info_changed":
                pass
            elif kind == "delta" and forward.delta.WhichOneof("type") == "new_element":
                _collect(forward.delta.new_element, metrics, errors, found)
            elif kind == "script_finished":
                status = ForwardMsg.ScriptFinishedStatus.Name(forward.script_finished)
                if status in ("FINISHED_SUCCESSFULLY", "FINISHED_EARLY_FOR_RERUN", "FINISHED_WITH_COMPILE_ERROR"):
                    ended = time.perf_counter()
                    return Run(ended - started, metrics, errors, found, status, page, started, ended)


def _collect(element: Any, metrics: dict[str, str], errors: list[str], found: dict[str, Any]) -> None:
    kind = element.WhichOneof("type")
    if kind == "metric":
        metrics[element.metric.label] = element.metric.body
    elif kind == "exception":
        errors.append(f"{element.exception.type}: {element.exception.message}")
    elif kind == "alert" and element.alert.format == 1:  # Alert.Format.ERROR
        errors.append(element.alert.body)
    elif kind is not None:
        widget = getattr(element, kind)
        if hasattr(widget, "id") and getattr(widget, "id", ""):
            found[getattr(widget, "label", "") or widget.id] = widget
            found[widget.id] = widget  # a label two widgets share still leaves both found by id


def pinned(widgets: Mapping[str, Any], values: Mapping[str, str | list[str]]) -> list[WidgetState]:
    """Widget states setting the keyed widgets among `widgets` (a run's) to `values` (key → value as the
    browser sends it: a select box's shown option, a date range as ISO dates, a multiselect's options)."""
    states = []
    for key, value in values.items():
        ids = sorted({w.id for w in widgets.values() if w.id.endswith(f"-{key}")})
        if len(ids) != 1:
            raise LookupError(f"the run drew {len(ids)} widgets keyed {key!r}")
        state = WidgetState(id=ids[0])
        if isinstance(value, str):
            state.string_value = value
        else:
            state.string_array_value.data.extend(value)
        states.append(state)
    return states


async def _browse(url: str, index: int, route: Route, rounds: int, after: asyncio.Event | None) -> SessionResult:
    """Rerun the route's pages in turn `rounds` times — or, given `after`, until one run has started
    after it was set. The first run opens the route's link; later runs send its pinned widget values."""
    result = SessionResult(index)
    states: list[WidgetState] = []
    async with Session(url) as session:
        for turn in itertools.count():
            started_after = after is not None and after.is_set()
            run = await session.rerun(route.query, route.pages[turn % len(route.pages)], states)
            result.runs.append(run)
            if turn == 0 and route.pins:
                states = pinned(run.widgets, route.pins)
            if started_after or (after is None and len(result.runs) >= rounds):
                break
    return result


async def submit_form(url: str, query: str, page: str, values: dict[str, str], button: str) -> Run:
    """Open `page` in a new session, set the form's select boxes by label (`values`) and press `button`."""
    async with Session(url) as session:
        shown = await session.rerun(query, page)
        states = []
        for label, value in values.items():
            state = WidgetState(id=shown.widgets[label].id)
            state.string_value = value
            states.append(state)
        states.append(WidgetState(id=shown.widgets[button].id, trigger_value=True))
        return await session.rerun(query, page, states)


async def browse_during_write(
    url: str,
    n: int,
    write: Callable[[], Awaitable[T]],
    query: str = "lang=en",
    page: str = "",
    routes: Sequence[Route] = (),
) -> tuple[list[SessionResult], T]:
    """`n` sessions rerun `page` (or session i browses `routes[i % len(routes)]`) while `write` commits
    through the app; each ends with a run started after `write` returned."""
    committed = asyncio.Event()
    routes = routes or (Route(query, (page,)),)
    tasks = [asyncio.create_task(_browse(url, i, routes[i % len(routes)], 0, committed)) for i in range(n)]
    await asyncio.sleep(1.0)  # every session has asked for its first run: the server is busy
    written = await write()
    committed.set()
    return list(await asyncio.gather(*tasks)), written


def run_sessions(
    url: str, n: int, rounds: int = 3, query: str = "lang=en", page: str = "", routes: Sequence[Route] = ()
) -> list[SessionResult]:
    """`n` sessions at once, each rerunning `page` (or session i browsing `routes[i % len(routes)]`) `rounds` times."""
    routes = routes or (Route(query, (page,)),)

    async def browse() -> list[SessionResult]:
        return list(await asyncio.gather(*(_browse(url, i, routes[i % len(routes)], rounds, None) for i in range(n))))

    return asyncio.run(browse())


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("url")
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    results = run_sessions(args.url, args.sessions, args.rounds)
    seconds = [run.seconds for result in results for run in result.runs]
    errors = sum(len(run.errors) for result in results for run in result.runs)
    print(
        f"{len(seconds)} runs, {errors} errors, p50 {statistics.median(seconds):.2f} s, p95 {percentile(seconds, 0.95):.2f} s"
    )


if __name__ == "__main__":
    main()
