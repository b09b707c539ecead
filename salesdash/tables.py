"""The canonical tables as Ibis expressions, with the rules of docs/tables.md applied once.

Metrics never read raw tables: they ask `Tables` for orders (won deals stand in when no orders
are loaded; dimension columns filled from the dimension tables), the latest snapshot of each
opportunity, and the default window. The same code runs on any Ibis backend.

A `Tables` may carry a user's scope (regions and/or teams, docs/access.md): then every table it hands out
holds only the rows of that scope, so no figure, list, filter option, download or snapshot built on it can
show another region's or team's rows. Rows whose place cannot be told are left out (fail closed).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable
from datetime import date, datetime
from typing import Any, TypeVar

import ibis
import ibis.expr.types as ir
import pandas as pd
from ibis.backends.duckdb import Backend as DuckDBBackend

from salesdash.filters import DIMENSIONS, Filters, Window, fiscal_year_start
from salesdash.schema import OPEN_STAGES, TABLES, ibis_type

V = TypeVar("V")

__all__ = ["Memo", "Scope", "Tables", "apply_dimensions", "in_window"]

# A user's scope: ((dimension, allowed values), ...) over region and team; empty means everything.
Scope = tuple[tuple[str, tuple[str, ...]], ...]
# Tables whose rows belong to a rep (kept when the rep is in scope).
_BY_REP = ("activities", "training")

# Orders columns that a dimension table can fill when an export leaves them empty.
_ENRICH: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "customers": ("customer_id", "customer_id", ("customer_name", "segment", "region", "province", "city")),
    "products": ("product_id", "product_id", ("product_name", "category", "subcategory")),
    "reps": ("rep_id", "rep_id", ("rep_name", "team", "region")),
}
# The column of a table that each filter dimension compares with.
DIMENSION_COLUMN = {"region": "region", "team": "team", "rep": "rep_id", "category": "category", "segment": "segment"}
WON_STAGES = ("won", "after_sales")


class Memo:
    """Small results (per-customer aggregates, a figure several others build on) kept across the metric calls of
    one data version.

    Holds pandas frames and immutable values only, never a connection, so any thread may share it. The app keeps one per
    data version (ui/state); without one, a `Tables` keeps its own for its lifetime.
    """

    def __init__(self, max_entries: int = 64) -> None:
        self._frames: OrderedDict[Hashable, tuple[Any, Any]] = OrderedDict()
        self._lock = threading.Lock()
        self.max_entries = max_entries
        # The tables as read once (Ibis DatabaseTable operations by name): `Backend.table` reads a schema with
        # a query of its own at each call.
        self.schemas: dict[str, Any] = {}

    def get(self, key: Hashable) -> tuple[Any, Any] | None:
        with self._lock:
            found = self._frames.get(key)
            if found is not None:
                self._frames.move_to_end(key)
            return found

    def put(self, key: Hashable, value: tuple[Any, Any]) -> None:
        with self._lock:
            self._frames[key] = value
            self._frames.move_to_end(key)
            while len(self._frames) > self.max_entries:
                self._frames.popitem(last=False)

    def __len__(self) -> int:
        return len(self._frames)


class Tables:
    """Access to the canonical tables of one backend, for the metric functions."""

    def __init__(
        self,
        backend: Any,
        loaded: Iterable[str],
        settings: dict[str, Any] | None = None,
        gaps: Iterable[str] | None = None,
        memo: Memo | None = None,
        scope: Scope = (),
    ) -> None:
        self.backend = backend
        self.scope: Scope = tuple((d, tuple(v)) for d, v in scope if v)
        self.loaded = frozenset(loaded)
        self.settings = dict(settings or {})
        # Orders columns with empty cells that a loaded dimension table can fill (None: not yet known).
        self._gaps = None if gaps is None else frozenset(gaps)
        # Built once per instance: a Tables is a view of one data version (make a new one after a write).
        self._orders: ir.Table | None = None
        self._deals: dict[bool, ir.Table] = {}
        self._latest: tuple[date | None] | None = None
        # Materialised small results: shared across instances of one data version when given.
        self.memo = memo if memo is not None else Memo()

    @classmethod
    def from_store(cls, store: Any, gaps: Iterable[str] | None = None, scope: Scope = ()) -> Tables:
        return cls(store.ibis(), store.loaded_tables(), store.settings(), gaps, scope=scope)

    def scoped_to(self, scope: Scope) -> Tables:
        """These tables limited to `scope`: themselves when it is already theirs, else a new instance sharing the
        memo (whose keys carry the scope)."""
        if tuple((d, tuple(v)) for d, v in scope if v) == self.scope:
            return self
        return Tables(self.backend, self.loaded, self.settings, self._gaps, self.memo, scope)

    def has(self, name: str) -> bool:
        return name in self.loaded

    def table(self, name: str) -> ir.Table:
        """A canonical table, holding only the rows of the scope when there is one."""
        if not self.scope:
            return self._raw(name)
        if name == "orders":
            return self.orders()
        if name == "opportunities":
            return self._scoped_opportunities()
        scoped = {
            "reps": self._scoped_reps,
            "customers": self._scoped_customers,
            "targets": self._scoped_targets,
            "market": self._scoped_market,
            "stage_history": self._scoped_stage_history,
            "feedback": self._scoped_feedback,
        }.get(name)
        if scoped is not None:
            return scoped()
        if name in _BY_REP:
            raw = self._raw(name)
            return raw.filter(raw.rep_id.isin(self._scope_rep_ids().rep_id))
        return self._raw(name)

    def _raw(self, name: str) -> ir.Table:
        """The table as stored. On DuckDB its schema is read once per data version (the memo's), not at each
        use: a page's figures use the tables some 60 times, and each read was a catalog query (0.3 s of a cold
        Pipeline run at 200k lines, bench/README.md)."""
        known = self.memo.schemas.get(name)
        if known is None or not isinstance(self.backend, DuckDBBackend):
            table = self.backend.table(name)
            self.memo.schemas[name] = table.op()
            return table
        return known.copy(source=self.backend).to_expr()  # this thread's cursor

    # --- scope (docs/access.md: applied here, below every page) ---------------
    def _allowed(self, dimension: str) -> tuple[str, ...]:
        return dict(self.scope).get(dimension, ())

    def _in_scope(self, table: ir.Table) -> ir.Table:
        """Rows whose region and team columns are in the scope; none when the table lacks a scoped column."""
        for dimension, allowed in self.scope:
            if dimension not in table.columns:
                return table.filter(ibis.literal(False))
            table = table.filter(table[dimension].isin(list(allowed)))
        return table

    def _scoped_reps(self) -> ir.Table:
        return self._in_scope(self._raw("reps"))

    def _scope_rep_ids(self) -> ir.Table:
        """The ids of the reps in scope: from the reps table, else from the scoped orders."""
        if self.has("reps"):
            return self._scoped_reps().select("rep_id")
        if self.has("orders"):
            orders = self.orders()
            return orders.filter(orders.rep_id.notnull()).select("rep_id").distinct()
        return self._raw("reps").select("rep_id").filter(ibis.literal(False))

    def _scoped_opportunities(self) -> ir.Table:
        deals = self._raw("opportunities")
        return deals.filter(deals.rep_id.isin(self._scope_rep_ids().rep_id))

    def _scoped_stage_history(self) -> ir.Table:
        history = self._raw("stage_history")
        return history.filter(history.opportunity_id.isin(self._scoped_opportunities().opportunity_id))

    def _scope_customer_ids(self) -> ir.Value:
        ids = self.orders().select("customer_id")
        if self.has("opportunities"):
            ids = ids.union(self._scoped_opportunities().select("customer_id"))
        return ids.customer_id

    def _scoped_customers(self) -> ir.Table:
        customers = self._raw("customers")
        bought = customers.customer_id.isin(self._scope_customer_ids())
        region = self._allowed("region")
        if region and not self._allowed("team"):
            return customers.filter(bought | customers.region.isin(list(region)))
        return customers.filter(bought)

    def _scoped_feedback(self) -> ir.Table:
        feedback = self._raw("feedback")
        return feedback.filter(feedback.customer_id.isin(self._scoped_customers().customer_id))

    def _scoped_targets(self) -> ir.Table:
        """Targets whose owner lies inside the scope: a rep in scope, a team in scope, a region in scope (for a
        region scope only). Company and category targets cover other regions and are left out."""
        targets = self._raw("targets")
        reps = self._scoped_reps() if self.has("reps") else None
        owned = (targets.level == "rep") & targets.rep_id.isin(self._scope_rep_ids().rep_id)
        teams = self._allowed("team") or None
        team_in = targets.team.isin(list(teams)) if teams else ibis.literal(True)
        if self._allowed("region"):
            known = targets.team.isin(reps.team) if reps is not None else ibis.literal(False)
            team_in = team_in & known
            if not teams:
                owned = owned | ((targets.level == "region") & targets.region.isin(list(self._allowed("region"))))
        owned = owned | ((targets.level == "team") & team_in)
        return targets.filter(owned)

    def _scoped_market(self) -> ir.Table:
        market = self._raw("market")
        regions: Any = list(self._allowed("region"))
        if self._allowed("team"):
            if not self.has("reps"):
                return market.filter(ibis.literal(False))
            regions = self._scoped_reps().region
        return market.filter(market.region.isin(regions))

    @property
    def fiscal_first_month(self) -> int:
        return int(self.settings.get("fiscal_year_start_month", 1))

    def materialized(self, key: Hashable, build: Callable[[], ir.Table]) -> ir.Table:
        """`build()` run once per `key` (and data version, through the memo) and kept as a small
        in-memory table: metrics that share an aggregate (say, one row per customer) scan the lines once.

        Only for results that are small (rows per customer, not per line). The key must hold every
        argument the result depends on (filters, window, ...). Any Ibis engine runs the memtable.
        """
        key = (self.scope, key)
        found = self.memo.get(key)
        if found is None:
            expr = build()
            schema = expr.schema()
            found = (expr.execute(), schema)
            self.memo.put(key, found)
        frame, schema = found
        return ibis.memtable(frame, schema=schema)

    def remembered(self, key: Hashable, build: Callable[[], pd.DataFrame]) -> pd.DataFrame:
        """A small pandas result computed once per `key` (and data version, through the memo): a copy
        is returned, so callers may change it. For figures several metrics of a page share."""
        key = (self.scope, key)
        found = self.memo.get(key)
        if found is None:
            found = (build(), None)
            self.memo.put(key, found)
        return found[0].copy()

    def kept(self, key: Hashable, build: Callable[[], V]) -> V:
        """An immutable result (a number, a frozen dataclass) computed once per `key` (and data version, through
        the memo): for a figure that several figures of a page build on (the period's pacing under its path and
        its summary). The key must hold every argument the result depends on."""
        key = (self.scope, "kept", key)
        found = self.memo.get(key)
        if found is None:
            found = (build(), None)
            self.memo.put(key, found)
        value: V = found[0]
        return value

    # --- orders --------------------------------------------------------------
    @property
    def has_revenue(self) -> bool:
        return self.has("orders") or self.has("opportunities")

    def orders(self) -> ir.Table:
        """Order lines; won opportunities stand in when no orders are loaded (docs/tables.md, revenue source)."""
        if self._orders is None:
            base = self._raw("orders") if self.has("orders") else self._won_deals_as_orders()
            enriched = self._enrich(base)
            self._orders = self._in_scope(enriched) if self.scope else enriched
        return self._orders

    def _won_deals_as_orders(self) -> ir.Table:
        deals = self.opportunities(enriched=False)
        won = deals.filter(deals.stage.isin(WON_STAGES) & deals.closed_date.notnull())
        columns: dict[str, Any] = {}
        for f in TABLES["orders"].fields:
            columns[f.name] = ibis.null().cast(ibis_type(f.dtype))
        columns.update(
            order_id=won.opportunity_id,
            line_id=ibis.literal("1"),
            order_date=won.closed_date,
            revenue=won.amount,
            customer_id=won.customer_id,
            rep_id=won.rep_id,
            product_id=won.product_id,
        )
        return won.select(**columns)

    def gaps(self) -> frozenset[str]:
        """Orders columns that have empty cells and a loaded dimension table to fill them from.

        One scan of the orders; callers that keep Tables across runs pass the result back in.
        """
        if self._gaps is None:
            self._gaps = frozenset(self._find_gaps())
        return self._gaps

    def _find_gaps(self) -> list[str]:
        base = self._raw("orders") if self.has("orders") else None
        candidates = {f for dim, (_, _, fields) in _ENRICH.items() if self.has(dim) for f in fields}
        if not candidates:
            return []
        if base is None:  # won deals carry no dimension columns: every one is a gap
            return sorted(candidates)
        counts = base.aggregate(**{f: base[f].isnull().sum() for f in sorted(candidates)}).execute().iloc[0]
        return [f for f in sorted(candidates) if counts[f]]

    def _enrich(self, base: ir.Table) -> ir.Table:
        gaps = self.gaps()
        for dim, (key, dim_key, fields) in _ENRICH.items():
            if not self.has(dim):
                continue
            lookup = self._raw(dim)
            wanted = [f for f in fields if f in lookup.columns and f in gaps]
            if not wanted:
                continue
            right = lookup.select(**{"_k": lookup[dim_key]}, **{f"_d_{f}": lookup[f] for f in wanted}).distinct(
                on="_k", keep="first"
            )
            joined = base.left_join(right, base[key] == right._k)
            base = joined.select(
                *[c for c in base.columns if c not in wanted],
                **{f: ibis.coalesce(joined[f], joined[f"_d_{f}"]) for f in wanted},
            )
        return base

    # --- opportunities -------------------------------------------------------
    def opportunities(self, enriched: bool = True) -> ir.Table:
        """The latest snapshot of every opportunity, with status derived from the stage."""
        if not self.has("opportunities"):
            raise LookupError("no opportunities are loaded")
        if enriched not in self._deals:
            self._deals[enriched] = self._latest_snapshots(enriched)
        return self._deals[enriched]

    def _latest_snapshots(self, enriched: bool) -> ir.Table:
        deals = self.table("opportunities")
        # The window is computed in its own step: a window function inside a filter breaks on Spark.
        deals = deals.mutate(_latest=deals.snapshot_date.max().over(group_by=deals.opportunity_id))
        deals = deals.filter(deals.snapshot_date.isnull() | (deals.snapshot_date == deals._latest)).drop("_latest")
        deals = deals.mutate(
            status=ibis.coalesce(
                deals.status,
                ibis.cases(
                    (deals.stage.isin(WON_STAGES), "won"),
                    (deals.stage == "lost", "lost"),
                    else_="open",
                ),
            ),
            is_open=deals.stage.isin(OPEN_STAGES),
        )
        if not enriched:
            return deals
        return self._enrich_deals(deals)

    def _enrich_deals(self, deals: ir.Table) -> ir.Table:
        extra: dict[str, Any] = {}
        for dim, fields in (("reps", ("rep_name", "team", "region")), ("customers", ("segment", "customer_name"))):
            key = "rep_id" if dim == "reps" else "customer_id"
            if self.has(dim):
                lookup = self._raw(dim)
                right = lookup.select(_k=lookup[key], **{f"_d_{f}": lookup[f] for f in fields}).distinct(
                    on="_k", keep="first"
                )
                deals = deals.left_join(right, deals[key] == right._k).drop("_k")
                extra.update({f: deals[f"_d_{f}"] for f in fields})
            else:
                extra.update({f: ibis.null().cast("string") for f in fields})
        if self.has("products"):
            lookup = self._raw("products")
            right = lookup.select(_k=lookup.product_id, _d_category=lookup.category).distinct(on="_k", keep="first")
            deals = deals.left_join(right, deals.product_id == right._k).drop("_k")
            extra["category"] = deals._d_category
        else:
            extra["category"] = ibis.null().cast("string")
        deals = deals.mutate(**extra)
        return deals.drop(*[c for c in deals.columns if c.startswith("_d_")])

    # --- windows -------------------------------------------------------------
    def latest_date(self) -> date | None:
        """The latest order date (or won-deal date): the 'today' of the data, never the wall clock."""
        if not self.has_revenue:
            return None
        if self._latest is None:
            # Order dates are not scoped: a scoped user's default window is the same as everyone's.
            dated = self._raw("orders") if self.has("orders") else self.orders()
            self._latest = (_as_date(self.backend.execute(dated.order_date.max())),)
        return self._latest[0]

    def default_window(self) -> Window | None:
        """The (fiscal) year of the latest order date, up to that date (docs/figures.md)."""
        latest = self.latest_date()
        if latest is None:
            return None
        return Window(fiscal_year_start(latest, self.fiscal_first_month), latest)

    def window(self, filters: Filters) -> Window | None:
        """The filters' window, or the default where the filters leave it open."""
        default = self.default_window()
        start = filters.start or (default.start if default else None)
        end = filters.end or (default.end if default else None)
        if start is None or end is None:
            return None
        return Window(start, end)


def in_window(column: ir.Value, window: Window) -> ir.BooleanValue:
    return column.between(ibis.literal(window.start), ibis.literal(window.end))


def apply_dimensions(table: ir.Table, filters: Filters, dimensions: Iterable[str] = DIMENSIONS) -> ir.Table:
    """Keep the rows whose dimension columns match the filters; a dimension the table lacks is skipped."""
    for dimension in dimensions:
        values = filters.values(dimension)
        column = DIMENSION_COLUMN[dimension]
        if values and column in table.columns:
            table = table.filter(table[column].isin(list(values)))
    return table


def _as_date(value: Any) -> date | None:
    if value is None or pd.isna(value):
        return None
    if isinstance(value, datetime):
        return value.date()
    return value if isinstance(value, date) else pd.Timestamp(value).date()
