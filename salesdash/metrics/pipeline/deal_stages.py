"""Where each deal has been: stage ranks, the furthest stage reached, time spent per stage (docs/figures.md).

Shared by the funnel, the calibrated forecast and the action list, so that "reached stage k" means
the same thing everywhere.
"""

from __future__ import annotations

from datetime import date

import ibis
import ibis.expr.types as ir
import pandas as pd

from salesdash.filters import Filters, Window
from salesdash.metrics.pipeline.pipeline import deals
from salesdash.schema import OPEN_STAGES
from salesdash.tables import Tables, in_window

__all__ = [
    "FUNNEL_STAGES",
    "WON_RANK",
    "created_in_window",
    "deal_start",
    "furthest_stages",
    "pipeline_as_of",
    "stage_rank",
    "stage_stays",
]

# The funnel: the open stages in process order, then won. after_sales follows won and counts as won.
FUNNEL_STAGES: tuple[str, ...] = (*OPEN_STAGES, "won")
WON_RANK = len(OPEN_STAGES)
_RANKS = {**{stage: rank for rank, stage in enumerate(FUNNEL_STAGES)}, "after_sales": WON_RANK}


def stage_rank(stage: ir.StringValue) -> ir.IntegerValue:
    """The position of a stage in the standard process (contact 0 … won 4); lost and unknown are null."""
    return ibis.cases(*[(stage == name, rank) for name, rank in _RANKS.items()], else_=ibis.null("int64"))


def _scope_ids(tables: Tables, filters: Filters) -> ir.Table:
    current = deals(tables, filters)
    return current.select(_id=current.opportunity_id).distinct()


def _stage_evidence(tables: Tables) -> ir.Table:
    """The furthest rank (`_max_rank`) each deal is known to have had: in any snapshot or its stage history."""
    snapshots = tables.table("opportunities")
    parts = [snapshots.select("opportunity_id", rank=stage_rank(snapshots.stage))]
    if tables.has("stage_history"):
        history = tables.table("stage_history")
        parts.append(history.select("opportunity_id", rank=stage_rank(history.stage)))
    evidence = ibis.union(*parts) if len(parts) > 1 else parts[0]
    return evidence.group_by(_eid=evidence.opportunity_id).aggregate(_max_rank=evidence["rank"].max())


def furthest_stages(tables: Tables, filters: Filters) -> ir.Table:
    """The latest snapshot of each deal in scope with `furthest`: the rank of the furthest stage it reached.

    Won deals passed every stage (rank 4); otherwise the furthest stage in its stage history and
    snapshots, else its current stage; a lost deal with no trace of an earlier stage reached contact (0).
    """
    current = deals(tables, filters)
    evidence = _stage_evidence(tables)
    joined = current.left_join(evidence, current.opportunity_id == evidence._eid).drop("_eid")
    furthest = ibis.cases(
        (joined.status == "won", WON_RANK),
        else_=ibis.coalesce(joined._max_rank, stage_rank(joined.stage), 0),
    )
    return joined.mutate(furthest=furthest.cast("int64")).drop("_max_rank")


def deal_start(table: ir.Table) -> ir.DateValue:
    """When a deal entered the pipeline: its created date, else its close date, else its snapshot date."""
    return ibis.coalesce(table.created_date, table.closed_date, table.snapshot_date)


def created_in_window(table: ir.Table, window: Window) -> ir.Table:
    """Deals created in the window (exports without a created date fall back as in `deal_start`)."""
    return table.filter(in_window(deal_start(table), window))


def stage_stays(tables: Tables, filters: Filters) -> ir.Table:
    """One row per stage-history entry of the deals in scope: `stage`, `entered_date`, `left_date` (the next
    entry's date, null while the deal is still there) and `days` between them."""
    history = tables.table("stage_history")
    ids = _scope_ids(tables, filters)
    history = history.semi_join(ids, history.opportunity_id == ids._id)
    following = ibis.window(group_by=history.opportunity_id, order_by=[history.entered_date, stage_rank(history.stage)])
    history = history.mutate(left_date=history.entered_date.lead().over(following))
    return history.mutate(days=history.left_date.delta(history.entered_date, unit="day").cast("float64"))


def pipeline_as_of(tables: Tables, window: Window) -> date:
    """The 'today' of pipeline ages: the window's end, or the latest data date when that is earlier."""
    latest = tables.latest_date()
    if tables.has("opportunities"):
        snapshots = tables.table("opportunities")
        value = tables.backend.execute(snapshots.snapshot_date.max())
        if value is not None and not pd.isna(value):
            snapshot = pd.Timestamp(value).date()
            latest = max(latest, snapshot) if latest else snapshot
    return min(window.end, latest) if latest else window.end
