"""No leak: a scoped user's pages equal what an admin sees with that scope as filters, and name nothing outside it.

Scope is applied in the `Tables` layer (docs/access.md), so every figure, table, chart, filter option, download
and page snapshot is built from the scope's rows only. Compared here on the demo data, page by page, through the
app itself (identity injected as in test_app_access.py): the page snapshot holds every card, chart and table a
page showed, and the downloads are built from the same tables.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from salesdash.access import Identity
from salesdash.demo import build_demo
from salesdash.store import Store
from ui.components import page_script

ROOT = Path(__file__).parent.parent
DASHBOARDS = ("overview", "targets", "market", "customers", "pipeline", "team")
ADMIN = Identity("boss@example.com", "admin")
EAST = Identity("eve@example.com", "analyst", region=("East",))
EAST_1 = Identity("tom@example.com", "viewer", team=("East 1",))


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, dict[tuple[str, str], set[str]]]]:
    """The demo data, and the names and ids outside each scope tested (read before the app opens the file)."""
    path = tmp_path_factory.mktemp("scope") / "demo.duckdb"
    with Store(path) as store:
        build_demo(store, orders=4000)
    yield (
        path,
        {("region", "East"): outside(path, "region", "East"), ("team", "East 1"): outside(path, "team", "East 1")},
    )


def outside(path: Path, column: str, value: str) -> set[str]:
    """Names and ids that belong only to other regions or teams than `column = value` (read from the store)."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        rows = con.execute(
            f"""SELECT DISTINCT x FROM (
                  SELECT region AS x FROM reps WHERE {column} <> ? AND region NOT IN (SELECT region FROM reps WHERE {column} = ?)
                  UNION SELECT team FROM reps WHERE {column} <> ? AND team NOT IN (SELECT team FROM reps WHERE {column} = ?)
                  UNION SELECT rep_id FROM reps WHERE {column} <> ?
                  UNION SELECT rep_name FROM reps WHERE {column} <> ?
                  UNION SELECT customer_name FROM orders o WHERE customer_id NOT IN (
                      SELECT customer_id FROM orders JOIN reps USING (rep_id) WHERE reps.{column} = ?
                      UNION SELECT customer_id FROM opportunities JOIN reps USING (rep_id) WHERE reps.{column} = ?))
                WHERE x IS NOT NULL""",
            [value] * 8,
        ).fetchall()
    finally:
        con.close()
    return {r[0] for r in rows}


def page_run(path: Path, identity: Identity, page: str, monkeypatch: pytest.MonkeyPatch, **params: str) -> AppTest:
    monkeypatch.setenv("SALESDASH_DB", str(path))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    at.session_state["_identity"] = identity
    at.query_params["lang"] = "en"
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    if page != "overview":
        at.switch_page(str(ROOT / page_script(page)))
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def plain(value: Any) -> Any:
    """Lists, dicts, text and numbers rounded to 9 significant digits (sums in another order differ in the
    last bits)."""
    if isinstance(value, dict) and "bdata" in value:  # Plotly's typed array
        array = np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"])
        shape = [int(n) for n in str(value.get("shape", len(array))).split(",")]
        return plain(array.reshape(shape))
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | np.ndarray):
        return [plain(v) for v in value]
    if isinstance(value, float | np.floating):
        return None if value != value else float(f"{value:.9g}")
    if isinstance(value, np.integer):
        return int(value)
    return value if value is None or isinstance(value, str | int | bool) else str(value)


def shown(at: AppTest) -> list[tuple[str, Any]]:
    """Every card, chart and table of the page's snapshot, in order, as comparable plain values."""
    items = []
    for item in at.session_state["_snapshot"]:
        payload = item.payload
        if isinstance(payload, pd.DataFrame):
            payload = payload.to_dict("split")
        elif hasattr(payload, "to_plotly_json"):
            payload = payload.to_dict()["data"]
        items.append((item.kind, plain(payload)))
    return items


def strings_in(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from strings_in(v)
    elif isinstance(value, list | tuple):
        for v in value:
            yield from strings_in(v)


@pytest.mark.parametrize(
    ("identity", "column", "value", "reference"),
    [
        (EAST, "region", "East", {"region": "East"}),
        (EAST_1, "team", "East 1", {"region": "East", "team": "East 1"}),
    ],
    ids=["region", "team"],
)
@pytest.mark.parametrize("page", DASHBOARDS)
def test_a_scoped_page_equals_the_admins_filtered_page_and_names_no_one_outside(
    demo: tuple[Path, dict[tuple[str, str], set[str]]],
    page: str,
    identity: Identity,
    column: str,
    value: str,
    reference: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path, foreigners = demo
    scoped = page_run(path, identity, page, monkeypatch)
    admin = page_run(path, ADMIN, page, monkeypatch, **reference)
    mine, theirs = shown(scoped), shown(admin)
    if page == "targets":  # the admin also sees the plan editor's tables, which come last
        theirs = theirs[: len(mine)]
    assert mine == theirs
    foreign = foreigners[(column, value)]
    assert len(foreign) > 20  # other regions' names, teams, reps and customers exist to leak
    leaked = {s for s in strings_in(mine) if s in foreign}
    options = {o for box in scoped.multiselect for o in box.options}
    assert (leaked, options & foreign) == (set(), set())
    assert scoped.query_params[column] == [value] or scoped.query_params[column] == value
