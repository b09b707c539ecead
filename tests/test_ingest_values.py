"""Values in uploaded text files are read as written or refused with their row, never guessed (docs/uploads.md).

Every case file of tests/fixtures/cases (see SOURCE_cases.md) goes through the CLI (`salesdash.cli.main`, the
code `python -m salesdash` runs; one test runs the real subprocess) and through `ingest_file`, the API of the
Data page. Expected figures are the ones a person gets by hand, written next to each test.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from salesdash.cli import main
from salesdash.errors import InputError
from salesdash.ingest import IngestResult, UploadRejected, ingest_file, quality_summary
from salesdash.store import Store
from tests.conftest import FIXTURES, LOCAL, run_cli, table_checksums

CASES = FIXTURES / "cases"


def load_as_local(store: Store, path: object, **options: object) -> IngestResult:
    """ingest_file as the local identity (the Data page passes the session's)."""
    return ingest_file(store, path, user=LOCAL, **options)  # type: ignore[arg-type]


def _strict_json(text: str) -> object:
    def refuse(constant: str) -> None:
        raise ValueError(f"not JSON: {constant}")

    return json.loads(text, parse_constant=refuse)


def kpis(db: Path, start: str, end: str, capsys: pytest.CaptureFixture[str]) -> dict:
    capsys.readouterr()
    assert main(["kpis", "--db", str(db), "--json", "--start", start, "--end", end]) == 0
    out = _strict_json(capsys.readouterr().out)
    assert isinstance(out, dict)
    return out


def ingest(db: Path, file: Path, *extra: str) -> int:
    return main(["ingest", str(file), "--db", str(db), *extra])


@pytest.fixture
def loaded_db(tmp_path: Path) -> Path:
    """A store that already holds a batch, so that a refusal has something to leave alone."""
    db = tmp_path / "store.duckdb"
    assert ingest(db, CASES / "thousands" / "us_whole_amounts.csv") == 0
    return db


def table_hashes(db: Path) -> dict[str, tuple[int, int]]:
    """Content hash of every table of the store file, its bookkeeping tables included."""
    with Store(db) as store:
        return table_checksums(store)


def refused(db: Path, file: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> str:
    """Ingest through the CLI, expect exit 1 and an unchanged store; returns what was printed on stderr."""
    before = table_hashes(db)
    capsys.readouterr()
    assert ingest(db, file, *extra) == 1
    err = capsys.readouterr().err
    assert table_hashes(db) == before
    return err


# --- 1. thousands separators and number styles -----------------------------------------------------------
def test_us_thousands_read_as_thousands(tmp_path, capsys):
    db = tmp_path / "s.duckdb"
    assert ingest(db, CASES / "thousands" / "us_whole_amounts.csv") == 0
    # 18,500 + 2,400 + 1,975 + 12,000 + 3,310
    assert kpis(db, "2024-01-01", "2024-12-31", capsys)["revenue"] == 38185


def test_a_million_proves_the_comma_groups_thousands(tmp_path, capsys):
    db = tmp_path / "s.duckdb"
    assert ingest(db, CASES / "thousands" / "us_whole_amounts_with_million.csv") == 0
    assert kpis(db, "2024-01-01", "2024-12-31", capsys)["revenue"] == 18500 + 2400 + 1234567


DK_MAP = ("--map", "Dato=order_date", "--map", "Ordrenr=order_id", "--map", "Beløb=revenue", "--date-format", "DMY")


def test_danish_points_are_ambiguous_and_asked_for(loaded_db, capsys):
    err = refused(loaded_db, CASES / "thousands" / "dk_whole_amounts.csv", capsys, *DK_MAP)
    assert "column 'Beløb'" in err and "--decimal ," in err and "--decimal ." in err
    assert err.count("\n") == 1  # one message


@pytest.mark.parametrize(("decimal", "revenue"), [(",", 38185), (".", 38.185)])
def test_decimal_option_decides(tmp_path, capsys, decimal, revenue):
    db = tmp_path / "s.duckdb"
    assert ingest(db, CASES / "thousands" / "dk_whole_amounts.csv", *DK_MAP, "--decimal", decimal) == 0
    assert kpis(db, "2024-01-01", "2024-12-31", capsys)["revenue"] == pytest.approx(revenue, abs=1e-9)


def test_decimal_choice_through_the_api(tmp_path):
    mapping = {"Dato": "order_date", "Ordrenr": "order_id", "Beløb": "revenue", "Kunde": "customer_name"}
    with Store(tmp_path / "s.duckdb") as store:
        with pytest.raises(InputError, match="Beløb"):
            load_as_local(store, CASES / "thousands" / "dk_whole_amounts.csv", mapping=mapping, date_format="DMY")
        result = load_as_local(
            store, CASES / "thousands" / "dk_whole_amounts.csv", mapping=mapping, date_format="DMY", decimal=","
        )
        assert (result.rows_loaded, result.decimal_marks) == (5, {"Beløb": ","})
        assert store.cursor().execute("SELECT sum(revenue) FROM orders").fetchall() == [(38185.0,)]


def test_mixed_styles_reject_the_disagreeing_row(loaded_db, capsys):
    err = refused(loaded_db, CASES / "mixed_styles" / "mixed.csv", capsys)
    assert "row 8, column 'Revenue'" in err and "'1.234,56'" in err and "another number style" in err
    assert "row 7" not in err


def test_semicolon_file_with_space_groups_and_decimal_commas(tmp_path, capsys):
    text = (
        "Order ID;Order Date;Customer;Quantity;Unit Price;Revenue\n"
        "A1;2024-05-01;X;1;1 234,50;1 234,50\n"
        "A2;2024-05-02;Y;2;12,5;25\n"
        "A3;2024-05-03;Z;1;€ 7,25;(7,25)\n"
    )
    path = tmp_path / "eu.csv"
    path.write_text(text, encoding="utf-8")
    db = tmp_path / "s.duckdb"
    assert ingest(db, path) == 0
    assert kpis(db, "2024-01-01", "2024-12-31", capsys)["revenue"] == pytest.approx(1234.50 + 25 - 7.25)


def test_swiss_apostrophes_and_currency_signs(tmp_path, capsys):
    text = "Order ID,Order Date,Customer,Revenue\nA1,2024-05-01,X,1'234.50\nA2,2024-05-02,Y,$99.10\nA3,2024-05-03,Z,¥1'000\n"
    path = tmp_path / "ch.csv"
    path.write_text(text, encoding="utf-8")
    db = tmp_path / "s.duckdb"
    assert ingest(db, path) == 0
    assert kpis(db, "2024-01-01", "2024-12-31", capsys)["revenue"] == pytest.approx(1234.50 + 99.10 + 1000)


def test_points_in_a_semicolon_file_with_no_other_evidence_are_refused(loaded_db, tmp_path, capsys):
    path = tmp_path / "amb.csv"
    path.write_text("Order ID;Order Date;Revenue\nA1;2024-05-01;2.500\nA2;2024-05-02;1.250\n", encoding="utf-8")
    assert "'Revenue'" in refused(loaded_db, path, capsys)


def test_other_column_of_the_file_decides_an_ambiguous_one(tmp_path, capsys):
    # Unit Price 12,50 proves the comma is the decimal mark; Revenue 1.250 is then one thousand two hundred fifty.
    text = "Order ID;Order Date;Quantity;Unit Price;Revenue\nA1;2024-05-01;100;12,50;1.250\n"
    path = tmp_path / "file_level.csv"
    path.write_text(text, encoding="utf-8")
    db = tmp_path / "s.duckdb"
    assert ingest(db, path) == 0
    assert kpis(db, "2024-01-01", "2024-12-31", capsys)["revenue"] == 1250


# --- 2. unreadable values, NaN and infinity --------------------------------------------------------------
@pytest.mark.parametrize(
    ("file", "value"),
    [
        ("text_in_number/revenue_word.csv", "twelve"),
        ("text_in_number/revenue_percent.csv", "12%"),
        ("nan_inf/revenue_nan.csv", "NaN"),
        ("nan_inf/revenue_overflow.csv", "1e400"),
    ],
)
def test_unreadable_revenue_rejects_its_row(loaded_db, capsys, file, value):
    err = refused(loaded_db, CASES / file, capsys)
    assert "row 3, column 'Revenue'" in err and repr(value) in err


def test_unreadable_revenue_through_the_api(tmp_path):
    with Store(tmp_path / "s.duckdb") as store:
        with pytest.raises(UploadRejected) as caught:
            load_as_local(store, CASES / "text_in_number" / "revenue_word.csv")
        assert [(r.row, r.column, r.value, r.code) for r in caught.value.result.rejects] == [
            (3, "Revenue", "twelve", "not_number")
        ]


def test_accounting_negative_is_negative_not_derived(tmp_path, capsys):
    db = tmp_path / "s.duckdb"
    assert ingest(db, CASES / "text_in_number" / "revenue_accounting_negative.csv") == 0
    assert kpis(db, "2024-01-01", "2024-12-31", capsys)["revenue"] == 200 - 123 + 50


def test_revenue_derived_only_where_its_cell_is_empty(tmp_path, capsys):
    text = (
        "Order ID,Order Date,Quantity,Unit Price,Revenue\n"
        "A1,2024-05-01,2,10,\n"  # empty: 2 × 10
        "A2,2024-05-02,3,10,NA\n"  # missing-value token: 3 × 10
        "A3,2024-05-03,4,10,7\n"  # written: 7
    )
    path = tmp_path / "derive.csv"
    path.write_text(text, encoding="utf-8")
    db = tmp_path / "s.duckdb"
    assert ingest(db, path) == 0
    assert kpis(db, "2024-01-01", "2024-12-31", capsys)["revenue"] == 20 + 30 + 7


def test_parquet_nan_and_infinity_are_rejected(loaded_db, tmp_path, capsys):
    import duckdb

    path = tmp_path / "nan.parquet"
    duckdb.execute(
        f"""COPY (SELECT * FROM (VALUES ('P1', DATE '2024-04-01', 10.0::DOUBLE), ('P2', DATE '2024-04-02', 20.0),
                 ('P3', DATE '2024-04-03', 30.0), ('P4', DATE '2024-04-04', 'NaN'), ('P5', DATE '2024-04-05', 'Infinity'))
                 t("Order ID", "Order Date", "Revenue")) TO '{path}' (FORMAT parquet)"""
    )
    err = refused(loaded_db, path, capsys)
    assert "row 5, column 'Revenue'" in err and "row 6, column 'Revenue'" in err


def test_parquet_numbers_with_three_decimals_are_not_ambiguous(tmp_path, capsys):
    import duckdb

    path = tmp_path / "three.parquet"
    duckdb.execute(
        f"""COPY (SELECT * FROM (VALUES ('P1', DATE '2024-04-01', 1.125::DOUBLE), ('P2', DATE '2024-04-02', 2.250::DOUBLE))
                 t("Order ID", "Order Date", "Revenue")) TO '{path}' (FORMAT parquet)"""
    )
    db = tmp_path / "s.duckdb"
    assert ingest(db, path) == 0
    assert kpis(db, "2024-01-01", "2024-12-31", capsys)["revenue"] == 3.375


def test_kpis_json_is_valid_on_a_store_holding_infinity(tmp_path, capsys):
    db = tmp_path / "s.duckdb"
    assert ingest(db, CASES / "text_in_number" / "revenue_accounting_negative.csv") == 0
    with Store(db) as store, store.transaction() as cur:
        cur.execute("UPDATE orders SET revenue = 'Infinity'::DOUBLE, cost = 'NaN'::DOUBLE WHERE order_id = 'SO-1'")
    out = kpis(db, "2024-01-01", "2024-12-31", capsys)  # parsed strictly: NaN or Infinity would fail
    assert out["revenue"] is None


# --- 3. missing-value tokens -----------------------------------------------------------------------------
def test_missing_value_tokens_are_anonymous_lines(tmp_path, capsys):
    db = tmp_path / "s.duckdb"
    capsys.readouterr()
    assert ingest(db, CASES / "na_tokens" / "na_customers.csv") == 0
    assert "6 lines have no customer" in capsys.readouterr().out
    out = kpis(db, "2024-03-01", "2024-03-31", capsys)
    assert (out["customers"], out["revenue"]) == (2, 800)
    with Store(db) as store:
        assert quality_summary(store).anonymous_orders == 6


def test_missing_value_tokens_are_a_setting(tmp_path):
    with Store(tmp_path / "s.duckdb") as store:
        store.set_setting("missing_values", ["", "NA"], user=LOCAL)
        result = load_as_local(store, CASES / "na_tokens" / "na_customers.csv")
        assert "2 lines have no customer" in " ".join(result.warnings)  # only NA and the blank cell
        assert quality_summary(store).anonymous_orders == 2


def test_missing_value_tokens_in_number_and_date_columns(tmp_path, capsys):
    text = "Order ID,Order Date,Customer,Quantity,Unit Price,Revenue,Cost\nA1,2024-05-01,X,1,5,10,#N/A\nA2,2024-05-01,Y,1,5,10,NULL\n"
    path = tmp_path / "tokens.csv"
    path.write_text(text, encoding="utf-8")
    db = tmp_path / "s.duckdb"
    assert ingest(db, path) == 0
    assert kpis(db, "2024-01-01", "2024-12-31", capsys)["gross_margin"] is None


# --- 4. mixed encodings ----------------------------------------------------------------------------------
def test_cp1252_line_among_utf8_lines_is_refused_naming_it(loaded_db, capsys):
    err = refused(loaded_db, CASES / "mixed_encoding" / "mixed_encoding.csv", capsys)
    assert "row 7" in err and "UTF-8" in err


HEADER = "Order ID,Order Date,Customer,Revenue\n"


def _big_utf8(rows: int = 9000) -> bytes:
    body = "".join(f"SO-{i},2024-03-01,Café Zürich,100\n" for i in range(1, rows))
    assert len(body.encode()) > 300 * 1024
    return (HEADER + body).encode()


def test_bad_line_after_300_kib_is_refused_naming_it(loaded_db, tmp_path, capsys):
    path = tmp_path / "late.csv"
    path.write_bytes(_big_utf8() + "SO-X,2024-03-02,Café Zürich,100\n".encode("cp1252"))
    assert "row 9001" in refused(loaded_db, path, capsys)


@pytest.mark.parametrize("early", [True, False])
def test_nul_byte_is_refused_at_any_offset(loaded_db, tmp_path, capsys, early):
    bad = b"SO-N,2024-03-02,Caf\x00,100\n"
    big = _big_utf8()
    head, rest = big[: len(HEADER)], big[len(HEADER) :]
    path = tmp_path / "nul.csv"
    path.write_bytes(head + bad + rest if early else big + bad)
    err = refused(loaded_db, path, capsys)
    assert "binary" in err and ("row 2" in err if early else "row 9001" in err)


def test_utf8_line_in_a_cp1252_file_is_refused(loaded_db, tmp_path, capsys):
    path = tmp_path / "legacy.csv"
    path.write_bytes((HEADER + "SO-1,2024-03-01,Café,100\n").encode("cp1252") + "SO-2,2024-03-02,Café,100\n".encode())
    assert "row 3" in refused(loaded_db, path, capsys)


def test_refusal_names_the_row_a_person_counts_not_the_physical_line(loaded_db, tmp_path, capsys):
    """Two rows above the bad one hold line breaks inside quotes (Shopify notes): physical line 7 is row 4."""
    notes = '"First name: A\nCity: Dhaka\nUTM source: facebook"'
    text = HEADER + f"SO-1,2024-03-01,{notes},100\n" + 'SO-2,2024-03-01,"Café\nZürich",100\n'
    path = tmp_path / "notes.csv"
    path.write_bytes(text.encode() + "SO-3,2024-03-02,Café Zürich,100\n".encode("cp1252"))
    assert text.count("\n") + 1 == 7  # the bad line is the file's 7th line
    err = refused(loaded_db, path, capsys)
    assert "row 4" in err and "row 7" not in err


@pytest.mark.parametrize("bad_row", [2, 6])
def test_utf8_line_in_a_gb18030_file_is_refused_naming_its_row(loaded_db, tmp_path, capsys, bad_row):
    """GB18030 decodes a pasted UTF-8 line without error, as mojibake: the line is refused instead."""
    rows = ["订单号,日期,客户,金额"] + [f"A{i},2024-01-0{i},张三{i},100" for i in range(1, 8)]
    data = b"".join((r + "\n").encode("utf-8" if n == bad_row - 1 else "gbk") for n, r in enumerate(rows))
    path = tmp_path / "gbk_mixed.csv"
    path.write_bytes(data)
    err = refused(loaded_db, path, capsys)
    assert f"row {bad_row}:" in err and "not GB18030 text" in err


def _gbk_file(tmp_path, line: str, encoding: str) -> Path:
    rows = ["订单号,日期,客户,金额"] + [f"A{i},2024-01-0{i},张三{i},100" for i in range(1, 5)]
    data = b"".join((r + "\n").encode("gbk") for r in rows) + (line + "\n").encode(encoding)
    path = tmp_path / "gbk.csv"
    path.write_bytes(data + "A6,2024-01-06,李四,100\n".encode("gbk"))
    return path


@pytest.mark.parametrize("line", ["A5,2024-01-05,Müller GmbH,100", "A5,2024-01-05,Café Zürich,100"])
def test_windows_1252_line_in_a_gb18030_file_is_refused_naming_it(loaded_db, tmp_path, capsys, line):
    """Before, the whole file was read as Windows-1252 (headers ÈÕÆÚ…) and refused for the wrong reason."""
    err = refused(loaded_db, _gbk_file(tmp_path, line, "cp1252"), capsys)
    assert "row 6:" in err and "not GB18030 text" in err


def test_windows_1252_line_after_the_sample_of_a_gb18030_file_is_refused(loaded_db, tmp_path, capsys):
    """Beyond the 256 KiB the encoding is detected on, a Müller line still decodes as GB18030: refused by row."""
    rows = ["订单号,日期,客户,金额"] + [f"A{i},2024-01-01,张三丰有限公司{i},100" for i in range(1, 9001)]
    data = ("\n".join(rows) + "\n").encode("gbk")
    assert len(data) > 300 * 1024
    path = tmp_path / "gbk_late.csv"
    path.write_bytes(data + "B1,2024-01-02,Müller GmbH,100\n".encode("cp1252"))
    err = refused(loaded_db, path, capsys)
    assert "row 9002:" in err and "not GB18030 text" in err


def test_gbk_text_with_latin_letters_around_a_hanzi_stays_gbk(tmp_path, capsys):
    """T恤XL: a common hanzi between Latin letters is Chinese text, not a Windows-1252 word read as GB18030."""
    db = tmp_path / "t.duckdb"
    assert ingest(db, _gbk_file(tmp_path, "A5,2024-01-05,T恤XL码,100", "gbk"), "--json") == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["encoding"], out["rows_loaded"], out["mapping"]["客户"]) == ("gb18030", 6, "customer_name")


def test_gb18030_rows_of_single_hanzi_are_not_taken_for_utf8(tmp_path, capsys):
    """女 in GBK (C5 AE) is also a valid two-byte UTF-8 character: only three-byte UTF-8 text counts as pasted."""
    rows = ["编号,性别,金额,日期"] + [f"{i},{'女' if i % 2 else '男'},10,2024-01-01" for i in range(1, 30)]
    path = tmp_path / "gbk_gender.csv"
    path.write_bytes(("\n".join(rows) + "\n").encode("gbk"))
    db = tmp_path / "g.duckdb"
    assert ingest(db, path) == 0


HANZI = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5).filter(lambda c: _gbk(c))


def _gbk(text: str) -> bool:
    try:
        text.encode("gbk")
    except UnicodeEncodeError:
        return False
    return True


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(HANZI, min_size=1, max_size=6), min_size=1, max_size=4), st.integers(0, 3))
def test_gbk_lines_pass_and_a_pasted_utf8_line_is_named(words, pasted):
    """Any line of GBK hanzi passes the GB18030 check; the same words in UTF-8 on line `pasted + 2` refuse it."""
    from salesdash.errors import InputError as Refusal
    from salesdash.ingest.readers import UTF8_HANZI, _check_utf8_lines

    lines = [",".join(["A1", "2024-01-01", *words, "100"])] * 4
    gbk = b"".join((line + "\n").encode("gbk") for line in lines)
    _check_utf8_lines(b"h,d,c,r\n" + gbk, "f.csv", 1, "GB18030", UTF8_HANZI)  # no refusal
    mixed = b"".join((line + "\n").encode("utf-8" if i == pasted else "gbk") for i, line in enumerate(lines))
    with pytest.raises(Refusal) as refused:
        _check_utf8_lines(b"h,d,c,r\n" + mixed, "f.csv", 1, "GB18030", UTF8_HANZI)
    assert refused.value.row == pasted + 2


COMMON_HANZI = HANZI.filter(lambda c: _gb2312(c))


def _gb2312(text: str) -> bool:
    try:
        text.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(COMMON_HANZI | st.sampled_from("ABCXLmlT"), min_size=1, max_size=8), min_size=1, max_size=4))
def test_gbk_lines_of_common_hanzi_and_latin_letters_are_not_taken_for_windows_1252(words):
    """T恤XL, A张B…: common hanzi among Latin letters never look like a Windows-1252 Müller line."""
    from salesdash.ingest.readers import _check_latin_lines

    lines = [",".join(["A1", "2024-01-01", *words, "100"])] * 3
    if any(_gb2312(c) for w in words for c in w):  # the rule's premise: a Chinese line holds common hanzi
        _check_latin_lines(b"".join((line + "\n").encode("gbk") for line in lines), "f.csv", 1)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(0, 3), min_size=1, max_size=12), st.data())
def test_a_physical_line_is_counted_as_its_row(breaks, data):
    """Records whose quoted note holds `breaks[i]` line breaks: every physical line maps to its record's row."""
    from salesdash.ingest.readers import _row_of_line

    text, rows_of_lines = "id,note\n", [1]
    for i, n in enumerate(breaks, start=2):
        text += f'{i},"{"x" + chr(10) * n}y"\n'
        rows_of_lines += [i] * (n + 1)
    line = data.draw(st.integers(1, len(rows_of_lines)))
    path = Path(f"/tmp/salesdash-rows-{os.getpid()}.csv")
    path.write_text(text, encoding="utf-8")
    try:
        assert _row_of_line(path, "utf-8", 0, line) == rows_of_lines[line - 1]
    finally:
        path.unlink()


# --- 5. closed deals -------------------------------------------------------------------------------------
def test_closed_deals_take_their_close_date(tmp_path, capsys):
    db = tmp_path / "s.duckdb"
    capsys.readouterr()
    assert ingest(db, CASES / "closed_deals" / "opportunities.csv") == 0
    assert "3 won or lost deals have no closed date: their close date (column Close Date) is used" in (
        capsys.readouterr().out
    )
    pipeline = kpis(db, "2026-01-01", "2026-12-31", capsys)["pipeline"]
    # won OPP-1 and OPP-5, lost OPP-2; open OPP-3 (18,000) and OPP-4 (42,000)
    assert (pipeline["won"], pipeline["lost"], pipeline["win_rate"]) == (2, 1, pytest.approx(2 / 3))
    assert (pipeline["open"], pipeline["open_value"]) == (2, 60000)
    assert pipeline["weighted_value"] == 40500  # default stage probabilities: proposal 0.5, negotiation 0.75


def test_closed_deals_without_any_date_are_counted_in_the_warning(tmp_path):
    text = "Opportunity ID,Stage,Amount\nO1,Closed Won,10\nO2,Closed Lost,20\nO3,Proposal,30\n"
    path = tmp_path / "undated.csv"
    path.write_text(text, encoding="utf-8")
    with Store(tmp_path / "s.duckdb") as store:
        result = load_as_local(store, path, table="opportunities")
    assert "2 closed deals have no date: they count in no window" in result.warnings


# --- 6. error lists --------------------------------------------------------------------------------------
def test_rejects_sorted_by_row_and_grouped_by_kind(tmp_path):
    rows = [HEADER.strip()]
    for i in range(1, 101):
        date = "2024-13-45" if i in (50, 51) else "2024-03-01"
        rows.append(f"SO-{i},{date},C{i},{'twelve' if i % 3 == 0 else '100'}")
    path = tmp_path / "many.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    with Store(tmp_path / "s.duckdb") as store, pytest.raises(UploadRejected) as caught:
        load_as_local(store, path)
    result = caught.value.result
    assert result.rows_rejected == 33 + 2 - 1  # row 52 (i = 51) is both: one reject per row
    words = [r for r in result.rejects if r.code == "not_number"]
    # the first 20 of their kind (row 52 is reported for its date, its first fault)
    assert [r.row for r in words] == [3 * k + 1 for k in range(1, 22) if 3 * k + 1 != 52]
    assert [r.row for r in result.rejects] == sorted(r.row for r in result.rejects)
    errors = result.errors
    assert errors[20] == "… and 12 more like this (Revenue: revenue is not a number)"
    assert errors[21].startswith("file many.csv, row 51, column 'Order Date'")


def test_excel_rejects_listed_from_row_2_up(tmp_path):
    with Store(tmp_path / "s.duckdb") as store, pytest.raises(UploadRejected) as caught:
        load_as_local(store, CASES / "error_order" / "orders_bad_dates.xlsx")
    assert [r.row for r in caught.value.result.rejects] == [2, 10, 11, 12, 13]


def test_huge_field_reported_at_its_row(loaded_db, tmp_path, capsys):
    path = tmp_path / "huge.csv"
    path.write_bytes(HEADER.encode() + b"SO-1,2024-03-01,A,1\n" + b'SO-2,2024-03-01,"' + b"x" * (10 << 20) + b'",2\n')
    err = refused(loaded_db, path, capsys)
    assert "row 3" in err and "longer than" in err


def test_png_renamed_xlsx_is_not_a_workbook(loaded_db, tmp_path, capsys):
    path = tmp_path / "chart.xlsx"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64)
    assert "not a workbook" in refused(loaded_db, path, capsys)


def test_utf16_bom_before_utf8_text_loads(tmp_path, capsys):
    path = tmp_path / "bom.csv"
    path.write_bytes(b"\xff\xfe" + (HEADER + "SO-1,2024-03-01,Café,100\nSO-2,2024-03-02,Zoë,50\n").encode())
    db = tmp_path / "s.duckdb"
    assert ingest(db, path) == 0
    assert kpis(db, "2024-01-01", "2024-12-31", capsys)["revenue"] == 150


# --- 7. valid RFC 4180 text ------------------------------------------------------------------------------
RFC_4180 = (
    "Order ID,Order Date,Customer,Revenue,Note\r\n"
    'SO-1,2024-03-01,Acme,100,"=HYPERLINK(""http://x.example/?a=1"",""click"")"\r\n'
    'SO-2,2024-03-02,"Beta, Inc.",200,"+cmd|\' /C calc\'!A0"\r\n'
    'SO-3,2024-03-03,"O\'Brien ""Big"" Store",300,"-2+3"\r\n'
    "#4,2024-03-04,Delta,400,\"@SUM(1+1)*cmd|' /C calc'!A0\"\r\n"
)


def test_rfc4180_with_formula_text_loads_every_row(tmp_path, capsys):
    path = tmp_path / "rfc.csv"
    path.write_text(RFC_4180, encoding="utf-8", newline="")
    db = tmp_path / "s.duckdb"
    assert ingest(db, path) == 0
    out = kpis(db, "2024-01-01", "2024-12-31", capsys)
    assert (out["revenue"], out["orders"]) == (1000, 4)  # the '#4' line is data, not a comment
    with Store(db) as store:
        names = store.cursor().execute("SELECT customer_id FROM orders ORDER BY order_id").fetchall()
    assert names == [("Delta",), ("Acme",), ("Beta, Inc.",), ('O\'Brien "Big" Store',)]


def test_file_duckdb_cannot_sniff_is_read_with_pythons_csv(tmp_path, capsys):
    # Mixed line ends (\r\n and \n) with quoted formula text: DuckDB's sniffer gives up; csv.reader reads it.
    path = tmp_path / "mixed_newlines.csv"
    path.write_bytes(
        b'Order ID,Order Date,Customer,Revenue,Note\r\nSO-1,2024-03-01,Acme,100,"=HYPERLINK(""http://x"",""c"")"\n'
        b"SO-2,2024-03-02,Beta,200,x\r\nSO-3,2024-03-03,Gamma,300,\"+cmd|' /C calc'!A0\"\n"
    )
    db = tmp_path / "s.duckdb"
    assert ingest(db, path) == 0
    assert kpis(db, "2024-01-01", "2024-12-31", capsys)["revenue"] == 600


def test_ragged_file_is_refused_naming_the_row(loaded_db, tmp_path, capsys):
    path = tmp_path / "ragged.csv"
    path.write_text(HEADER + "SO-1,2024-03-01,Acme,100\nSO-2,2024-03-02,Beta,200,5\n", encoding="utf-8")
    assert "row 3" in refused(loaded_db, path, capsys)


# --- 8. customers without a customer column --------------------------------------------------------------
def test_customers_is_null_without_a_customer_column(tmp_path, capsys):
    path = tmp_path / "nocust.csv"
    path.write_text("Order ID,Order Date,Revenue\nA1,2024-05-01,10\nA2,2024-05-02,20\n", encoding="utf-8")
    db = tmp_path / "s.duckdb"
    assert ingest(db, path) == 0
    out = kpis(db, "2024-01-01", "2024-12-31", capsys)
    assert (out["revenue"], out["orders"], out["customers"]) == (30, 2, None)


# --- the real command ------------------------------------------------------------------------------------
def test_real_subprocess_refuses_with_exit_1(tmp_path):
    done = run_cli("ingest", str(CASES / "text_in_number" / "revenue_word.csv"), "--db", str(tmp_path / "s.duckdb"))
    assert done.returncode == 1 and "row 3, column 'Revenue'" in done.stderr


def test_excel_numbers_with_three_decimals_are_read_with_a_point(tmp_path, capsys):
    import datetime

    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Order ID", "Order Date", "Customer", "Quantity", "Unit Price"])
    sheet.append(["X1", datetime.date(2024, 5, 1), "A", 2, 2.375])
    sheet.append(["X2", datetime.date(2024, 5, 2), "B", 1, 1.125])
    sheet.append(["X3", datetime.date(2024, 5, 3), "C", 4, 18500])
    path = tmp_path / "three.xlsx"
    book.save(path)
    db = tmp_path / "s.duckdb"
    assert ingest(db, path) == 0
    assert kpis(db, "2024-01-01", "2024-12-31", capsys)["revenue"] == 2 * 2.375 + 1.125 + 4 * 18500
    # A text cell "1.000" among them could be one or one thousand: the column is asked for, never guessed.
    sheet.append(["X4", datetime.date(2024, 5, 4), "D", 1, "1.000"])
    book.save(path)
    assert "'Unit Price'" in refused(db, path, capsys)


# --- the same cases through the Python API the Data page uses -------------------------------------------
API_LOADS = [
    # (case file, ingest_file options, window, expected figures)
    ("thousands/us_whole_amounts.csv", {}, ("2024-01-01", "2024-12-31"), {"revenue": 38185}),
    # the cases README says 1,254,967, but 18,500 + 2,400 + 1,234,567 = 1,255,467
    ("thousands/us_whole_amounts_with_million.csv", {}, ("2024-01-01", "2024-12-31"), {"revenue": 1255467}),
    ("text_in_number/revenue_accounting_negative.csv", {}, ("2024-01-01", "2024-12-31"), {"revenue": 127}),
    ("na_tokens/na_customers.csv", {}, ("2024-03-01", "2024-03-31"), {"customers": 2, "revenue": 800}),
]
API_REFUSALS = [
    # (case file, the rejected row, its column, its value)
    ("mixed_styles/mixed.csv", 8, "Revenue", "1.234,56"),
    ("text_in_number/revenue_word.csv", 3, "Revenue", "twelve"),
    ("text_in_number/revenue_percent.csv", 3, "Revenue", "12%"),
    ("nan_inf/revenue_nan.csv", 3, "Revenue", "NaN"),
    ("nan_inf/revenue_overflow.csv", 3, "Revenue", "1e400"),
]


def _api_kpis(store: Store, start: str, end: str) -> dict:
    from datetime import date

    from salesdash.backends.connect import backend_url, tables_for
    from salesdash.filters import Filters
    from salesdash.kpis import kpis as kpis_of

    figures = kpis_of(
        tables_for(backend_url(), store), Filters(start=date.fromisoformat(start), end=date.fromisoformat(end))
    )
    json.dumps(figures, allow_nan=False)  # valid JSON
    return figures


@pytest.mark.parametrize(("file", "options", "window", "expected"), API_LOADS, ids=[c[0] for c in API_LOADS])
def test_api_loads_the_cases_exactly(tmp_path, file, options, window, expected):
    with Store(tmp_path / "s.duckdb") as store:
        load_as_local(store, CASES / file, **options)
        figures = _api_kpis(store, *window)
    assert {key: figures[key] for key in expected} == expected


@pytest.mark.parametrize(("file", "row", "column", "value"), API_REFUSALS, ids=[c[0] for c in API_REFUSALS])
def test_api_refuses_the_cases_naming_the_row(tmp_path, file, row, column, value):
    with Store(tmp_path / "s.duckdb") as store:
        load_as_local(store, CASES / "thousands" / "us_whole_amounts.csv")
        before = table_checksums(store)
        with pytest.raises(UploadRejected) as caught:
            load_as_local(store, CASES / file)
        assert table_checksums(store) == before
    assert [(r.row, r.column, r.value) for r in caught.value.result.rejects] == [(row, column, value)]


def test_api_refuses_mixed_encoding_naming_row_7(tmp_path):
    with Store(tmp_path / "s.duckdb") as store, pytest.raises(InputError) as caught:
        load_as_local(store, CASES / "mixed_encoding" / "mixed_encoding.csv")
    assert caught.value.row == 7


def test_api_closed_deals(tmp_path):
    with Store(tmp_path / "s.duckdb") as store:
        result = load_as_local(store, CASES / "closed_deals" / "opportunities.csv")
        pipeline = _api_kpis(store, "2026-01-01", "2026-12-31")["pipeline"]
    assert any("their close date (column Close Date) is used" in w for w in result.warnings)
    assert (pipeline["won"], pipeline["lost"], pipeline["open"]) == (2, 1, 2)
    assert (pipeline["win_rate"], pipeline["open_value"], pipeline["weighted_value"]) == (2 / 3, 60000, 40500)


def test_both_styles_and_an_ambiguous_value_refuse_the_column(loaded_db, tmp_path, capsys):
    # 1,234.56 (point) and 1.234,56 (comma) leave 18,500 undecidable: asked for, never guessed.
    text = HEADER + 'A1,2024-05-01,X,"1,234.56"\nA2,2024-05-02,Y,"1.234,56"\nA3,2024-05-03,Z,"18,500"\n'
    path = tmp_path / "both.csv"
    path.write_text(text, encoding="utf-8")
    err = refused(loaded_db, path, capsys)
    assert "'Revenue'" in err and "--decimal" in err


def test_more_like_this_in_both_languages(tmp_path):
    from salesdash.ingest.validate import more_like_this

    rows = [HEADER.strip(), *(f"SO-{i},2024-03-01,C{i},{'twelve' if i % 2 else 10}" for i in range(1, 51))]
    path = tmp_path / "words.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    with Store(tmp_path / "s.duckdb") as store, pytest.raises(UploadRejected) as caught:
        load_as_local(store, path)
    rejects = caught.value.result.rejects
    assert [r.row for r in rejects] == list(range(2, 41, 2))  # odd i = even rows; the first 20 of 25
    assert more_like_this(rejects, "en") == ["… and 5 more like this (Revenue: revenue is not a number)"]
    assert more_like_this(rejects, "zh") == ["……以及另外 5 个同类问题（Revenue：revenue 不是数字）"]
