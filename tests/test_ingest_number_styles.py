"""Property: amounts written in any common style load back exactly, or the file is refused; never another number.

One store is shared by every example (each load replaces the table); a refused file leaves it unchanged.
"""

from __future__ import annotations

import tempfile
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from salesdash.errors import InputError
from salesdash.ingest import IngestResult, ingest_file
from salesdash.store import Store
from tests.conftest import LOCAL, table_checksums


def load_as_local(store: Store, path: object, **options: object) -> IngestResult:
    """ingest_file as the local identity (the Data page passes the session's)."""
    return ingest_file(store, path, user=LOCAL, **options)  # type: ignore[arg-type]


def _grouped(whole: int, separator: str) -> str:
    return f"{whole:,}".replace(",", separator)


def written(amount: Decimal, style: str) -> str:
    """`amount` (two decimals, or whole for the *_whole styles) as an export in `style` writes it."""
    negative, magnitude = amount < 0, abs(amount)
    whole, cents = int(magnitude), f"{magnitude:.2f}".split(".")[1]
    body = {
        "plain": f"{magnitude:.2f}",
        "us": f"{_grouped(whole, ',')}.{cents}",
        "de": f"{_grouped(whole, '.')},{cents}",
        "fr": f"{_grouped(whole, chr(0xA0))},{cents}",
        "fr_space": f"{_grouped(whole, ' ')},{cents}",
        "ch": f"{_grouped(whole, chr(39))}.{cents}",
        "us_whole": _grouped(whole, ","),
        "de_whole": _grouped(whole, "."),
    }[style.removesuffix("_dollar").removesuffix("_euro").removesuffix("_yen").removesuffix("_acct")]
    for suffix, sign in (("_dollar", "$"), ("_euro", "€"), ("_yen", "¥")):
        if style.endswith(suffix):
            body = sign + body
    if negative:
        return f"({body})" if style.endswith("_acct") else f"-{body}"
    return body


STYLES = [
    "plain",
    "us",
    "de",
    "fr",
    "fr_space",
    "ch",
    "us_dollar",
    "de_euro",
    "plain_yen",
    "us_acct",
    "de_acct",
    "us_whole",
    "de_whole",
]


@pytest.fixture(scope="module")
def shared_store():
    with tempfile.TemporaryDirectory() as folder, Store(Path(folder) / "styles.duckdb") as store:
        yield store, Path(folder)


amounts = st.decimals(min_value=-(10**7), max_value=10**7, places=2, allow_nan=False, allow_infinity=False)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(values=st.lists(amounts, min_size=1, max_size=6), style=st.sampled_from(STYLES), semicolon=st.booleans())
@example(values=[Decimal("1000.00")], style="fr", semicolon=False)  # once taken as "not numbers" (no-break space)
def test_amounts_load_back_exactly_or_are_refused(shared_store, values, style, semicolon):
    store, folder = shared_store
    if style.endswith("_whole"):
        values = [Decimal(int(v)) for v in values]
    delimiter = ";" if semicolon else ","
    lines = [delimiter.join(["Order ID", "Order Date", "Revenue"])]
    for i, value in enumerate(values):
        cell = written(value, style)
        if delimiter in cell:
            cell = f'"{cell}"'
        lines.append(delimiter.join([f"N{i}", "2024-06-01", cell]))
    path = folder / "amounts.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    before = table_checksums(store)
    try:
        load_as_local(store, path, mode="replace-all")
    except InputError:
        # Only whole numbers can be ambiguous (18.500); a value with cents always tells its decimal mark.
        assert style.endswith("_whole")
        assert table_checksums(store) == before  # refused: nothing changed
        return
    loaded = store.cursor().execute("SELECT order_id, revenue FROM orders ORDER BY order_id").fetchall()
    assert loaded == sorted((f"N{i}", float(v)) for i, v in enumerate(values))


@pytest.mark.parametrize(
    ("amount", "style", "text"),
    [
        (Decimal("-1234567.5"), "de_acct", "(1.234.567,50)"),
        (Decimal("1234.5"), "fr", "1\u00a0234,50"),
        (Decimal("1234.5"), "ch", "1'234.50"),
        (Decimal("-12"), "us_dollar", "-$12.00"),
        (Decimal("18500"), "us_whole", "18,500"),
    ],
)
def test_styles_are_written_as_exports_write_them(amount, style, text):
    assert written(amount, style) == text


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(values=st.lists(amounts, min_size=1, max_size=6), style=st.sampled_from(STYLES))
def test_amounts_in_workbook_text_cells_load_back_exactly_or_are_refused(shared_store, values, style):
    """The same property for an XLSX whose amounts are text cells (read through the same SQL conversion)."""
    import datetime

    import openpyxl

    store, folder = shared_store
    if style.endswith("_whole"):
        values = [Decimal(int(v)) for v in values]
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Order ID", "Order Date", "Revenue"])
    for i, value in enumerate(values):
        sheet.append([f"N{i}", datetime.date(2024, 6, 1), written(value, style)])
    path = folder / "amounts.xlsx"
    book.save(path)
    before = table_checksums(store)
    try:
        load_as_local(store, path, mode="replace-all")
    except InputError:
        assert style.endswith("_whole")
        assert table_checksums(store) == before
        return
    loaded = store.cursor().execute("SELECT order_id, revenue FROM orders ORDER BY order_id").fetchall()
    assert loaded == sorted((f"N{i}", float(v)) for i, v in enumerate(values))
