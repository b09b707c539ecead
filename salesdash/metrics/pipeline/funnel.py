"""The funnel of the standard sales process: how far deals get, where they leak and where they wait (docs/figures.md)."""

from __future__ import annotations

import pandas as pd

from salesdash.filters import Filters, Window
from salesdash.metrics.pipeline.deal_stages import (
    FUNNEL_STAGES,
    created_in_window,
    furthest_stages,
    stage_rank,
    stage_stays,
)
from salesdash.metrics.pipeline.pipeline import deals
from salesdash.metrics.sales import scalar
from salesdash.schema import OPEN_STAGES
from salesdash.tables import Tables

__all__ = ["FUNNEL_COLUMNS", "bottleneck_stage", "funnel", "stage_durations"]

FUNNEL_COLUMNS = ["stage", "reached", "value", "current", "conversion"]


def funnel(tables: Tables, filters: Filters, window: Window) -> pd.DataFrame:
    """Deals created in the window that reached each standard stage (`reached`, and their amount `value`),
    those currently at it (`current`), and the stage conversion k−1→k = reached(k) / reached(k−1).

    A deal reached every stage up to its furthest one (see `furthest_stages`): won deals passed every stage.
    """
    if not tables.has("opportunities"):
        return pd.DataFrame(columns=FUNNEL_COLUMNS)
    table = created_in_window(furthest_stages(tables, filters), window)
    aggregates = {}
    for rank in range(len(FUNNEL_STAGES)):
        reached = table.furthest >= rank
        current = stage_rank(table.stage) == rank
        aggregates[f"n{rank}"] = table.count(where=reached)
        aggregates[f"v{rank}"] = table.amount.sum(where=reached)
        aggregates[f"c{rank}"] = table.count(where=current)
    row = table.aggregate(**aggregates).execute().iloc[0]
    rows = []
    for rank, stage in enumerate(FUNNEL_STAGES):
        reached, before = int(row[f"n{rank}"]), int(row[f"n{rank - 1}"]) if rank else None
        rows.append(
            {
                "stage": stage,
                "reached": reached,
                "value": scalar(row[f"v{rank}"]) or 0.0,
                "current": int(row[f"c{rank}"]),
                "conversion": reached / before if before else None,
            }
        )
    return pd.DataFrame(rows, columns=FUNNEL_COLUMNS)


def stage_durations(tables: Tables, filters: Filters, window: Window | None = None) -> pd.DataFrame:
    """Median days spent in each open stage (`median_days`) over the completed stays in the stage history
    of the deals in scope (created in the window when one is given), with the number of stays (`stays`)."""
    columns = ["stage", "median_days", "stays"]
    if not (tables.has("opportunities") and tables.has("stage_history")):
        return pd.DataFrame(columns=columns)
    stays = stage_stays(tables, filters)
    if window is not None:
        # The deals' latest snapshots are enough to know when each was created (no furthest stage needed).
        scope = created_in_window(deals(tables, filters), window).select(_id="opportunity_id")
        stays = stays.semi_join(scope, stays.opportunity_id == scope._id)
    done = stays.filter(stays.left_date.notnull() & stays.stage.isin(OPEN_STAGES))
    result = done.group_by("stage").aggregate(median_days=done.days.median(), stays=done.count()).execute()
    frame = pd.DataFrame({"stage": list(OPEN_STAGES)}).merge(result, on="stage", how="left")
    frame["median_days"] = frame["median_days"].astype("float64")
    frame["stays"] = frame["stays"].fillna(0).astype("int64")
    return frame[columns]


def bottleneck_stage(durations: pd.DataFrame) -> str | None:
    """The bottleneck: the open stage where deals wait longest (highest median days); None without history."""
    known = durations.dropna(subset=["median_days"])
    if known.empty:
        return None
    return str(known.sort_values(["median_days", "stage"], ascending=[False, True]).iloc[0]["stage"])
