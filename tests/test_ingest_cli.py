"""`python -m salesdash ingest|batches|undo`: JSON shape, exit codes, messages."""

from __future__ import annotations

import json

import duckdb

from salesdash.cli import main
from tests.conftest import FIXTURES, run_cli

JSON_KEYS = {"batch_id", "table", "rows_read", "rows_loaded", "rows_rejected", "mapping", "warnings", "errors"}


def test_ingest_json_then_batches_then_undo(tmp_path, capsys):
    db = str(tmp_path / "cli.duckdb")
    assert main(["ingest", str(FIXTURES / "superstore.csv"), "--db", db, "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out.keys() >= JSON_KEYS
    assert (out["batch_id"], out["table"], out["rows_read"], out["rows_loaded"], out["rows_rejected"]) == (
        1,
        "orders",
        9994,
        9994,
        0,
    )
    assert out["mapping"]["Sales"] == "revenue" and out["errors"] == [] and out["inserted"] == 9994
    assert main(["ingest", str(FIXTURES / "superstore.csv"), "--db", db]) == 0
    assert "already loaded as batch 1" in capsys.readouterr().out
    assert main(["batches", "--db", db, "--json"]) == 0
    batches = json.loads(capsys.readouterr().out)
    assert [(b["batch_id"], b["table_name"], b["rows_loaded"]) for b in batches] == [(1, "orders", 9994)]
    assert main(["undo", "1", "--db", db]) == 0
    assert "9994 rows removed" in capsys.readouterr().out
    assert main(["undo", "1", "--db", db]) == 1
    assert "already undone" in capsys.readouterr().err


def test_map_table_units_and_sheet_options(tmp_path, capsys):
    db = str(tmp_path / "cli.duckdb")
    args = [
        "ingest",
        str(FIXTURES / "superstore_semicolon_500.csv"),
        "--db",
        db,
        "--map",
        "Ship Date=order_date",
        "--json",
    ]
    assert main(args) == 0
    assert json.loads(capsys.readouterr().out)["mapping"]["Ship Date"] == "order_date"
    assert (
        main(
            ["ingest", str(FIXTURES / "ResellerSalesTargets.csv"), "--db", db, "--units", "1000", "--table", "targets"]
        )
        == 0
    )
    assert main(["ingest", str(FIXTURES / "supermarket.xlsx"), "--db", db, "--sheet", "Sheet3"]) == 0
    with duckdb.connect(db, read_only=True) as con:
        assert con.execute("SELECT count(*) FROM reps").fetchall() == [(7,)]


def test_rejected_input_exits_1_with_file_row_column(tmp_path, capsys):
    db = str(tmp_path / "cli.duckdb")
    bad = tmp_path / "bad.csv"
    bad.write_text("order_id,order_date,revenue\nA,2025-01-01,1\nB,2025-01-02,lots\n")
    assert main(["ingest", str(bad), "--db", db, "--json"]) == 1
    out = json.loads(capsys.readouterr().out)
    assert out["errors"] == ["file bad.csv, row 3, column 'revenue': revenue is not a number (value 'lots')"]
    assert out["rows_rejected"] == 1
    assert main(["ingest", str(bad), "--db", db]) == 1
    err = capsys.readouterr().err
    assert "file bad.csv, row 3, column 'revenue'" in err and "--max-reject" in err
    assert main(["ingest", str(bad), "--db", db, "--max-reject", "1"]) == 0


def test_usage_errors_exit_2(tmp_path):
    assert main(["ingest", "x.csv", "--mode", "merge"]) == 2
    assert main(["ingest", "x.csv", "--map", "nonsense"]) == 2
    assert main([]) == 2


def test_missing_file_exits_1(tmp_path, capsys):
    assert main(["ingest", str(tmp_path / "nope.csv"), "--db", str(tmp_path / "a.duckdb")]) == 1
    assert "does not exist" in capsys.readouterr().err


def test_locked_store_is_a_message_not_a_traceback(tmp_path):
    db = tmp_path / "locked.duckdb"
    with duckdb.connect(str(db)):
        done = run_cli("ingest", str(FIXTURES / "ResellerSalesTargets.csv"), "--db", str(db))
    assert done.returncode == 1
    assert "in use by another salesdash process" in done.stderr and "Traceback" not in done.stderr
