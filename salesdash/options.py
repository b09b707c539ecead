"""The values a user can pick in each filter, read from the loaded data."""

from __future__ import annotations

from datetime import date

import pandas as pd

from salesdash.filters import DIMENSIONS
from salesdash.tables import DIMENSION_COLUMN, Tables

__all__ = ["filter_options", "first_date", "latest_date"]


def filter_options(tables: Tables) -> dict[str, list[tuple[str, str]]]:
    """For each filter dimension, (value, label) pairs in label order; reps are labelled by name."""
    if not tables.has_revenue:
        return {d: [] for d in DIMENSIONS}
    orders = tables.orders()
    options: dict[str, list[tuple[str, str]]] = {}
    for dimension in DIMENSIONS:
        column = DIMENSION_COLUMN[dimension]
        if column not in orders.columns:
            options[dimension] = []
            continue
        label = orders.rep_name if dimension == "rep" and "rep_name" in orders.columns else orders[column]
        values = (
            orders.filter(orders[column].notnull())
            .group_by(value=orders[column])
            .aggregate(label=label.max())
            .execute()
        )
        pairs = [
            (str(v), str(lab) if lab is not None and lab == lab else str(v))
            for v, lab in zip(values["value"], values["label"], strict=True)
        ]
        options[dimension] = sorted(pairs, key=lambda pair: (pair[1], pair[0]))
    return options


def latest_date(tables: Tables) -> date | None:
    """The latest order (or won-deal) date: the 'today' of the data."""
    return tables.latest_date()


def first_date(tables: Tables) -> date | None:
    """The earliest order (or won-deal) date: a link's window must reach it or later to show any data."""
    if not tables.has_revenue:
        return None
    value = tables.orders().order_date.min().execute()
    if value is None or pd.isna(value):
        return None
    return pd.Timestamp(value).date()
