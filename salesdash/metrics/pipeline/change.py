"""How the open pipeline changed between two snapshot dates: a waterfall that adds up exactly."""

from __future__ import annotations

from datetime import date

import ibis
import ibis.expr.types as ir
import pandas as pd

from salesdash.filters import Filters
from salesdash.metrics.pipeline.deal_stages import stage_rank
from salesdash.metrics.pipeline.pipeline import deals, stage_probabilities
from salesdash.schema import OPEN_STAGES
from salesdash.tables import WON_STAGES, Tables

__all__ = ["CHANGE_STEPS", "pipeline_change", "snapshot_dates"]

# Waterfall order: the first snapshot's open value, the moves, the second snapshot's open value.
CHANGE_STEPS = ("start", "new", "advanced", "slipped", "value_change", "won", "lost", "other", "end")
_EPOCH = date(1900, 1, 1)


# Example arguments for the engine parity suite (tests/test_parity_spark.py): before the first snapshot (None),
# between the two snapshots of its fixture, and after the latest.
PARITY_CASES = {
    "open_pipeline_on": [{"day": date(2020, 1, 1)}, {"day": date(2025, 7, 15)}, {"day": date(2030, 1, 1)}],
}


def snapshot_dates(tables: Tables) -> list[date]:
    """The distinct snapshot dates of the opportunities, oldest first."""
    if not tables.has("opportunities"):
        return []
    table = tables.table("opportunities")
    values = table.filter(table.snapshot_date.notnull()).snapshot_date.cast("date").name("d").as_table()
    frame = values.distinct().order_by("d").execute()
    return [pd.Timestamp(v).date() for v in frame["d"]]


def _state_on(tables: Tables, ids: ir.Table, day: date, suffix: str) -> ir.Table:
    """Each deal as its latest snapshot on or before `day` showed it (rows without a snapshot date count
    as always known), like `Tables.opportunities` as of that day."""
    table = tables.table("opportunities")
    table = table.semi_join(ids, table.opportunity_id == ids._id)
    seen = ibis.coalesce(table.snapshot_date, ibis.literal(_EPOCH))
    table = table.mutate(_seen=seen).filter(seen <= ibis.literal(day))
    # The window is a column of its own before the filter: a window inside a filter fails on Spark.
    table = table.mutate(_last=table._seen.max().over(group_by=table.opportunity_id))
    table = table.filter(table._seen == table._last)
    status = ibis.coalesce(
        table.status,
        ibis.cases((table.stage.isin(WON_STAGES), "won"), (table.stage == "lost", "lost"), else_="open"),
    )
    return table.select(
        **{
            f"id{suffix}": table.opportunity_id,
            f"open{suffix}": table.stage.isin(OPEN_STAGES),
            f"status{suffix}": status,
            f"rank{suffix}": stage_rank(table.stage),
            f"amount{suffix}": table.amount.fill_null(0.0),
            f"close{suffix}": table.expected_close_date,
        }
    )


def _classified(first: ir.Table, second: ir.Table) -> ir.Table:
    joined = first.outer_join(second, first.id1 == second.id2)
    open1, open2 = joined.open1.fill_null(False), joined.open2.fill_null(False)
    a1, a2 = joined.amount1.fill_null(0.0), joined.amount2.fill_null(0.0)
    both = open1 & open2
    step = ibis.cases(
        (open2 & ~open1, "new"),
        (both & (joined.rank2 > joined.rank1), "advanced"),
        (both & (joined.close2 > joined.close1), "slipped"),
        (both & (a1 != a2), "value_change"),
        (both, "unchanged"),
        (open1 & (joined.status2 == "won"), "won"),
        (open1 & (joined.status2 == "lost"), "lost"),
        (open1, "other"),
        else_="closed",
    )
    change = ibis.cases((open2 & ~open1, a2), (both, a2 - a1), (open1, -a1), else_=0.0)
    return joined.select(
        step=step,
        change=change,
        value=ibis.ifelse(open2, a2, a1),
        open1=open1,
        open2=open2,
        amount1=ibis.ifelse(open1, a1, 0.0),
        amount2=ibis.ifelse(open2, a2, 0.0),
    )


def pipeline_change(tables: Tables, filters: Filters, first: date, second: date) -> pd.DataFrame:
    """The change in open value from snapshot `first` to `second`, one row per CHANGE_STEPS: `start` (open
    value on the first date), new (open now, not before), advanced (a later stage), slipped (expected close
    pushed out), value_change (other open deals whose amount changed), won, lost, other (left the open
    stages otherwise), `end` (open value on the second date). `change` adds up: start + Σ moves = end;
    `deals` counts the deals in each step, `value` their amount (on the second date while still open).

    A deal's state on a date is its latest snapshot on or before it, as `Tables.opportunities` reads them.
    """
    if not tables.has("opportunities"):
        return pd.DataFrame(columns=["step", "deals", "value", "change"])
    scope = deals(tables, filters)
    ids = scope.select(_id=scope.opportunity_id).distinct()
    rows = _classified(_state_on(tables, ids, first, "1"), _state_on(tables, ids, second, "2"))
    frame = (
        rows.group_by("step")
        .aggregate(
            deals=rows.count(),
            value=rows.value.sum(),
            change=rows.change.sum(),
            open1=rows.count(where=rows.open1),
            open2=rows.count(where=rows.open2),
            amount1=rows.amount1.sum(),
            amount2=rows.amount2.sum(),
        )
        .execute()
        .set_index("step")
    )
    start = {"step": "start", "deals": int(frame["open1"].sum()), "value": float(frame["amount1"].sum())}
    end = {"step": "end", "deals": int(frame["open2"].sum()), "value": float(frame["amount2"].sum())}
    result = [{**start, "change": start["value"]}]
    for step in CHANGE_STEPS[1:-1]:
        found = step in frame.index
        count, value, change = (frame.loc[step, c] if found else 0 for c in ("deals", "value", "change"))
        result.append({"step": step, "deals": int(count), "value": float(value), "change": float(change)})
    result.append({**end, "change": end["value"]})
    return pd.DataFrame(result)


def open_pipeline_on(tables: Tables, filters: Filters, day: date) -> dict[str, float] | None:
    """open_value and weighted_value as the latest snapshot on or before `day` showed the deals in scope;
    None when no snapshot is that old (a pipeline without snapshot dates, or snapshots only after `day`),
    so that a comparison shows no change rather than the current pipeline against itself."""
    dates = snapshot_dates(tables)
    if not dates or dates[0] > day:
        return None
    ids = deals(tables, filters).select(_id="opportunity_id")
    table = tables.table("opportunities")
    table = table.semi_join(ids, table.opportunity_id == ids._id)
    seen = ibis.coalesce(table.snapshot_date, ibis.literal(_EPOCH))
    table = table.mutate(_seen=seen).filter(seen <= ibis.literal(day))
    table = table.mutate(_last=table._seen.max().over(group_by=table.opportunity_id))
    table = table.filter((table._seen == table._last) & table.stage.isin(OPEN_STAGES))
    probability = ibis.cases(*[(table.stage == s, p) for s, p in stage_probabilities(tables).items()], else_=0.0)
    row = (
        table.aggregate(open_value=table.amount.sum(), weighted_value=(table.amount * probability).sum())
        .execute()
        .iloc[0]
    )
    return {key: float(row[key]) if pd.notna(row[key]) else 0.0 for key in ("open_value", "weighted_value")}
