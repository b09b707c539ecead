"""Tables for people: column headers and coded values (tiers, segments, strategies) in the user's language."""

from __future__ import annotations

import pandas as pd

from salesdash.i18n import strings, t

__all__ = ["labelled"]

# Columns whose values are codes with a translation under `<area>.<prefix>.<code>`.
CODED = {
    "tier": "tier",
    "from_tier": "tier",
    "to_tier": "tier",
    "segment": "segment",
    "rfm_segment": "segment",
    "strategy": "strategy",
}


def labelled(frame: pd.DataFrame, lang: str, area: str = "customers") -> pd.DataFrame:
    """A copy with coded values translated and headers renamed from `<area>.col.<column>` keys;
    columns without a key keep their name."""
    known = strings()
    out = frame.copy()
    for column, prefix in CODED.items():
        if column in out.columns:
            out[column] = out[column].map(
                lambda v, p=prefix: t(f"{area}.{p}.{v}", lang) if f"{area}.{p}.{v}" in known else v
            )
    names = {c: t(f"{area}.col.{c}", lang) for c in out.columns if f"{area}.col.{c}" in known}
    return out.rename(columns=names)
