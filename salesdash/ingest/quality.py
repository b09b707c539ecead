"""Data-quality summary of the loaded tables, aggregated in SQL (only small results reach pandas)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import duckdb
import pandas as pd

from salesdash.ingest.messages import Notice
from salesdash.ingest.sqltext import quote_ident
from salesdash.schema import OPEN_STAGES, TABLES, TEXT
from salesdash.store import Store

__all__ = [
    "QualitySummary",
    "cancelled_notices",
    "discount_notices",
    "label_notices",
    "quality_summary",
    "token_notices",
    "upload_notices",
]

_DIMENSIONS = (("customer_id", "customers"), ("rep_id", "reps"), ("product_id", "products"))


@dataclass
class QualitySummary:
    """completeness: table, field, share of non-null values; the rest are counts or small frames."""

    completeness: pd.DataFrame
    anonymous_orders: int
    anonymous_revenue: float | None
    unknown_dimensions: dict[str, int]  # e.g. {"customer_id": 12}, only for loaded dimension tables
    stale_open_deals: pd.DataFrame
    month_gaps: list[str]


def quality_summary(store: Store, stale_days: int = 60) -> QualitySummary:
    """Completeness per field, anonymous sales, orders unknown to loaded dimensions, stale deals, empty months."""
    cur = store.cursor()
    loaded = store.loaded_tables()
    frames = []
    for name in sorted(loaded):
        fields = TABLES[name].field_names
        shares = ", ".join(f"count({quote_ident(f)}) / count(*)" for f in fields)
        values = cur.execute(f"SELECT {shares} FROM {quote_ident(name)}").fetchall()[0]
        frames.append(pd.DataFrame({"table": name, "field": fields, "completeness": values}))
    completeness = (
        pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=["table", "field", "completeness"])
    )
    anonymous, anonymous_revenue = 0, None
    unknown: dict[str, int] = {}
    gaps: list[str] = []
    if "orders" in loaded:
        # One scan of the lines for the anonymous sales and every loaded dimension's unknown keys (a key is
        # unknown when no row of its table has it; NOT IN over the non-null keys is NOT EXISTS).
        dims = [(key, dim) for key, dim in _DIMENSIONS if dim in loaded]
        unknown_counts = "".join(
            f", count_if({key} IS NOT NULL AND {key} NOT IN (SELECT {key} FROM {dim} WHERE {key} IS NOT NULL))"
            for key, dim in dims
        )
        found = cur.execute(
            f"SELECT count_if(customer_id IS NULL), sum(revenue) FILTER (customer_id IS NULL){unknown_counts} "
            "FROM orders"
        ).fetchall()[0]
        anonymous, anonymous_revenue = found[0], found[1]
        unknown = {key: int(count) for (key, _), count in zip(dims, found[2:], strict=True)}
        gaps = [
            r[0]
            for r in cur.execute(
                """SELECT strftime(m, '%Y-%m') FROM (
                   SELECT unnest(generate_series(date_trunc('month', min(order_date)),
                                                 date_trunc('month', max(order_date)), INTERVAL 1 MONTH)) AS m
                   FROM orders)
               WHERE m NOT IN (SELECT DISTINCT date_trunc('month', order_date) FROM orders WHERE order_date IS NOT NULL)
               ORDER BY m"""
            ).fetchall()
        ]
    stale = pd.DataFrame(columns=["opportunity_id", "stage", "last_touched", "days_idle"])
    if "opportunities" in loaded:
        stale = _stale_deals(store, stale_days)
    return QualitySummary(completeness, int(anonymous), anonymous_revenue, unknown, stale, gaps)


def upload_notices(cur: duckdb.DuckDBPyConnection, table: str, rows: str, mapping: Mapping[str, str]) -> list[Notice]:
    """What an upload should say about the rows it loads (`rows`: a FROM clause over them; `mapping`: field ->
    source column): lines without a customer (docs/uploads.md#missing-values) and closed deals dated by their
    close date, or not dated at all (docs/uploads.md#closed-deals)."""
    notices: list[Notice] = []
    if table == "orders" and {"customer_id", "customer_name"} & set(mapping):
        count = int(cur.execute(f"SELECT count(*) {rows} AND customer_id IS NULL").fetchall()[0][0])
        if count:
            notices.append(Notice("ingest.notice.missing_customers", count=count))
    if table == "opportunities":
        closed = "status IN ('won', 'lost')"
        taken = "FALSE"
        if "expected_close_date" in mapping:
            taken = "closed_date = expected_close_date"
        from_close, undated = cur.execute(
            f"SELECT count_if({taken}), count_if(closed_date IS NULL) {rows} AND {closed}"
        ).fetchall()[0]
        if from_close and "closed_date" not in mapping:
            notices.append(
                Notice(
                    "ingest.notice.closed_from_close_date", count=int(from_close), column=mapping["expected_close_date"]
                )
            )
        if undated:
            notices.append(Notice("ingest.notice.closed_without_date", count=int(undated)))
    return notices


def token_notices(
    con: duckdb.DuckDBPyConnection,
    sql: str,
    params: Mapping[str, object],
    guess_mapping: Mapping[str, str],
    table: str,
    sample: pd.DataFrame,
    tokens: Sequence[str],
) -> list[Notice]:
    """A text column (other than the customer, counted apart) in which a missing-value token such as `NA` stands
    in some cells: the upload says how many cells of which column became "no value" (docs/uploads.md#missing-values),
    since `NA` may be a real value there (North America). Only columns whose sample shows a token are counted, over
    the whole file (`sql`, `params`: the source)."""
    words = [t for t in tokens if t.strip()]
    text = {f.name for f in TABLES[table].fields if f.dtype == TEXT} - {"customer_id", "customer_name"}
    shown = [
        h
        for h, f in guess_mapping.items()
        if f in text and h in sample and sample[h].dropna().astype(str).str.strip().isin(words).any()
    ]
    if not shown:
        return []
    counts = ", ".join(f"count_if(list_contains($na_tokens, trim({quote_ident(h)})))" for h in shown)
    found = ", ".join(
        f"list_sort(list_distinct(list(trim({quote_ident(h)})) FILTER (list_contains($na_tokens, trim({quote_ident(h)})))))"
        for h in shown
    )
    row = con.execute(f"SELECT {counts}, {found} FROM ({sql})", {**params, "na_tokens": words}).fetchall()[0]
    notices = []
    for i, header in enumerate(shown):
        values = ", ".join(repr(v) for v in row[len(shown) + i])
        notices.append(Notice("ingest.notice.token_cells", header=repr(header), count=int(row[i]), values=values))
    return notices


# Labels that group figures; spellings differing only in case or spaces split one group into several.
LABEL_FIELDS = ("category", "subcategory", "region", "team", "channel", "segment", "country", "province", "city")


def label_notices(
    con: duckdb.DuckDBPyConnection,
    sql: str,
    params: Mapping[str, object],
    guess_mapping: Mapping[str, str],
    sample: pd.DataFrame,
) -> list[Notice]:
    """A label column whose values differ only in case or spaces (`Furniture`, `FURNITURE`, `  furniture`): they
    load as written, as separate groups, and the upload says so (docs/uploads.md, "Missing values"). Only columns
    whose sample shows such variants are read whole."""
    shown = []
    for header, field in guess_mapping.items():
        if field not in LABEL_FIELDS or header not in sample:
            continue
        values = sample[header].dropna().astype(str).str.strip()
        if values.str.lower().nunique() < values.nunique():
            shown.append(header)
    notices = []
    for header in shown:
        col = f"trim({quote_ident(header)})"
        groups = con.execute(
            f"SELECT list_sort(list(DISTINCT {col})) FROM ({sql}) WHERE {col} <> '' GROUP BY lower({col})"
            f" HAVING count(DISTINCT {col}) > 1 ORDER BY 1 LIMIT 3",
            dict(params),
        ).fetchall()
        spellings = "; ".join(", ".join(repr(v) for v in g[0]) for g in groups)
        notices.append(Notice("ingest.notice.label_variants", header=repr(header), spellings=spellings))
    return notices


# Status words of cancelled orders in order exports (Amazon "Cancelled", Shopify "cancelled", Taobao 交易关闭).
_CANCELLED = r"(?i)^\s*(?:cancell?ed\b|已取消|取消|交易关闭|已关闭)"
_STATUS = re.compile(r"(?i)(status|state|状态)$")


def cancelled_notices(
    con: duckdb.DuckDBPyConnection,
    sql: str,
    params: Mapping[str, object],
    headers: Sequence[str],
    guess_mapping: Mapping[str, str],
    table: str,
    sample: pd.DataFrame,
) -> list[Notice]:
    """Order lines an unloaded status column marks as cancelled are loaded as sales (salesdash counts a
    cancellation only as a negative line, docs/tables.md): the upload says how many, so that they can be taken
    out of the file (docs/uploads.md, "What is derived"). Only status columns whose sample shows the word."""
    if table != "orders":
        return []
    shown = [
        h
        for h in headers
        if h not in guess_mapping
        and _STATUS.search(h.strip())
        and h in sample
        and sample[h].dropna().astype(str).str.contains(_CANCELLED).any()
    ]
    notices = []
    for header in shown:
        col = quote_ident(header)
        count = con.execute(
            f"SELECT count_if(regexp_matches(CAST({col} AS VARCHAR), $pattern)) FROM ({sql})",
            {**params, "pattern": _CANCELLED},
        ).fetchall()[0][0]
        notices.append(Notice("ingest.notice.cancelled_lines", header=repr(header), count=int(count)))
    return notices


def discount_notices(
    con: duckdb.DuckDBPyConnection,
    sql: str,
    params: Mapping[str, object],
    headers: Sequence[str],
    guess_mapping: Mapping[str, str],
    table: str,
) -> list[Notice]:
    """Revenue derived as quantity × unit price beside a column of discounts in money (Shopify's order-level
    `Discount Amount`, Taobao's 优惠金额): those discounts are not taken off, and the upload says how much they
    are (docs/uploads.md, "What is derived")."""
    from salesdash.ingest.vocabulary import normalize_header, profile

    fields = set(guess_mapping.values())
    if table != "orders" or "revenue" in fields or not {"quantity", "unit_price"} <= fields:
        return []
    money = profile("discount").not_terms
    columns = [h for h in headers if normalize_header(h) in money and h not in guess_mapping]
    if not columns:
        return []
    sums = ", ".join(f"sum(abs(TRY_CAST({quote_ident(h)} AS DOUBLE)))" for h in columns)
    row = con.execute(f"SELECT {sums} FROM ({sql})", dict(params)).fetchall()[0]
    return [
        Notice("ingest.notice.discount_not_taken", header=repr(h), total=f"{total:,.2f}")
        for h, total in zip(columns, row, strict=True)
        if total
    ]


def _stale_deals(store: Store, stale_days: int) -> pd.DataFrame:
    """Open deals (latest snapshot) whose last touch (created, stage change, activity) is older than stale_days
    before the latest snapshot date."""
    stages = ", ".join("?" for _ in OPEN_STAGES)
    return (
        store.cursor()
        .execute(
            f"""WITH latest AS (SELECT * FROM opportunities QUALIFY snapshot_date = max(snapshot_date) OVER ()),
                touches AS (SELECT opportunity_id, entered_date AS d FROM stage_history
                            UNION ALL SELECT opportunity_id, activity_date FROM activities
                            UNION ALL SELECT opportunity_id, created_date FROM latest),
                last AS (SELECT opportunity_id, max(d) AS last_touched FROM touches GROUP BY ALL)
            SELECT l.opportunity_id, l.stage, t.last_touched,
                   date_diff('day', t.last_touched, l.snapshot_date) AS days_idle
            FROM latest l JOIN last t USING (opportunity_id)
            WHERE l.stage IN ({stages}) AND date_diff('day', t.last_touched, l.snapshot_date) > ?
            ORDER BY days_idle DESC LIMIT 500""",
            [*OPEN_STAGES, int(stale_days)],
        )
        .fetchdf()
    )
