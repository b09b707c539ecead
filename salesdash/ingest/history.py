"""The upload history as a person reads it (docs/uploads.md, "History and undo").

`_batches` keeps bookkeeping values: the demo build is file `demo` with its parameters as the hash and its
row counts as the mapping, and an upload's mapping is JSON. `readable_history` turns them into words in
the page's language; the raw values stay in the store (and in `list_batches`).
"""

from __future__ import annotations

import json
import re

import pandas as pd

from salesdash.i18n import strings, t

__all__ = ["batch_file", "demo_parameters", "mapping_text", "readable_history"]

_DEMO = re.compile(r"^demo:orders=(\d+);seed=(-?\d+);lang=(\w+)$")


def readable_history(batches: pd.DataFrame, lang: str) -> pd.DataFrame:
    """`batches` (rows of `_batches`, as `list_batches` gives) with `file_name`, `file_hash` and `mapping` in
    words and `upload_key` (an internal hash) left out; the other columns are unchanged."""
    shown = batches.drop(columns=["upload_key"], errors="ignore").copy()
    if shown.empty:
        return shown
    demo = shown["file_name"].eq("demo") & shown["table_name"].eq("demo")
    shown["file_name"] = [
        batch_file(str(name), bool(is_demo), lang) for name, is_demo in zip(shown["file_name"], demo, strict=True)
    ]
    shown["file_hash"] = [
        demo_parameters(str(value), lang) if is_demo else value
        for value, is_demo in zip(shown["file_hash"], demo, strict=True)
    ]
    shown["mapping"] = [mapping_text(value, lang) for value in shown["mapping"]]
    return shown


def batch_file(file_name: str, demo: bool, lang: str) -> str:
    """The file of a batch: its name, or "Built-in demo data" for the demo build."""
    return t("data.demo_file", lang) if demo else file_name


def demo_parameters(file_hash: str, lang: str) -> str:
    """The demo build's parameters (`demo:orders=200000;seed=7;lang=zh`) in words: "200,000 order lines · seed 7 ·
    Chinese"; any other value is returned as it is."""
    found = _DEMO.match(file_hash)
    if not found:
        return file_hash
    orders, seed, built_in = found.groups()
    language = _text("data.demo_lang", built_in, lang)
    return t("data.demo_parameters", lang, orders=f"{int(orders):,}", seed=seed, language=language)


def mapping_text(mapping: object, lang: str) -> str:
    """A batch's mapping in words: `{"订单日期": "order_date", …}` as "Order date ← 订单日期, …"; the demo's
    `{"rows": {"orders": 200000, …}}` as "orders 200,000 rows, …". Text that is not such JSON is returned."""
    if not isinstance(mapping, str) or not mapping:
        return "" if mapping is None or (isinstance(mapping, float) and pd.isna(mapping)) else str(mapping)
    try:
        value = json.loads(mapping)
    except ValueError:
        return mapping
    if not isinstance(value, dict):
        return mapping
    if set(value) == {"rows"} and isinstance(value["rows"], dict):
        return ", ".join(
            t("data.demo_rows", lang, table=_text("table", name, lang), rows=f"{int(rows):,}")
            for name, rows in value["rows"].items()
        )
    return ", ".join(f"{_text('col', str(field), lang)} ← {source}" for source, field in value.items())


def _text(prefix: str, name: str, lang: str) -> str:
    key = f"{prefix}.{name}"
    return t(key, lang) if key in strings() else name
