"""Re-uploads never double count; replace modes; undo restores exactly; batches are recorded."""

from __future__ import annotations

import pytest
from conftest import LOCAL

from salesdash.access import Identity
from salesdash.errors import InputError
from salesdash.ingest import ingest_file, list_batches, undo
from tests.conftest import table_checksums

HEAD = "Order ID,Line,Order Date,Sales\n"
CANONICAL = ("orders", "targets", "_replaced_")


def write(tmp_path, name, lines):
    path = tmp_path / name
    path.write_text(HEAD + "".join(f"{line}\n" for line in lines))
    return path


def content(store):
    return (
        store.cursor()
        .execute("SELECT order_id, line_id, order_date::VARCHAR, revenue FROM orders ORDER BY 1, 2")
        .fetchall()
    )


JAN = ["A,1,2025-01-05,10", "A,2,2025-01-05,20", "B,1,2025-01-20,30"]
# An overlapping export: A/1 unchanged, A/2 corrected, B/1 unchanged, C/1 new (February).
JAN_FEB = ["A,1,2025-01-05,10", "A,2,2025-01-05,25", "B,1,2025-01-20,30", "C,1,2025-02-02,40"]


def test_same_file_twice_changes_nothing(store, tmp_path):
    path = write(tmp_path, "jan.csv", JAN)
    first = ingest_file(store, path, user=LOCAL)
    before, version = table_checksums(store), store.data_version()
    second = ingest_file(store, path, user=LOCAL)
    assert (second.already_loaded, second.batch_id, second.inserted) == (True, first.batch_id, 0)
    assert any("already loaded as batch 1" in w for w in second.warnings)
    assert table_checksums(store) == before and store.data_version() == version


def test_overlapping_export_upserts_by_key(store, tmp_path):
    ingest_file(store, write(tmp_path, "jan.csv", JAN), user=LOCAL)
    result = ingest_file(store, write(tmp_path, "janfeb.csv", JAN_FEB), user=LOCAL)
    assert (result.inserted, result.updated, result.unchanged, result.rows_loaded) == (1, 1, 2, 4)
    assert content(store) == [
        ("A", "1", "2025-01-05", 10.0),
        ("A", "2", "2025-01-05", 25.0),
        ("B", "1", "2025-01-20", 30.0),
        ("C", "1", "2025-02-02", 40.0),
    ]
    assert store.scalar("SELECT count(*) FROM _replaced_orders WHERE _replaced_by = ?", [result.batch_id]) == 1


def test_replace_period_deletes_rows_inside_the_files_dates(store, tmp_path):
    ingest_file(store, write(tmp_path, "jan.csv", [*JAN, "D,1,2025-03-01,50"]), user=LOCAL)
    result = ingest_file(
        store, write(tmp_path, "jan2.csv", ["A,1,2025-01-05,10", "E,1,2025-01-31,5"]), mode="replace-period", user=LOCAL
    )
    # Inside [2025-01-05, 2025-01-31]: A/1 unchanged, A/2 and B/1 deleted, E/1 new; D/1 (March) stays.
    assert (result.inserted, result.updated, result.unchanged, result.deleted) == (1, 0, 1, 2)
    assert [r[:2] for r in content(store)] == [("A", "1"), ("D", "1"), ("E", "1")]


def test_replace_all(store, tmp_path):
    ingest_file(store, write(tmp_path, "jan.csv", JAN), user=LOCAL)
    result = ingest_file(store, write(tmp_path, "one.csv", ["Z,1,2024-12-31,1"]), mode="replace-all", user=LOCAL)
    assert (result.inserted, result.deleted) == (1, 3) and content(store) == [("Z", "1", "2024-12-31", 1.0)]


@pytest.mark.parametrize("mode", ["upsert", "replace-period", "replace-all"])
def test_undo_restores_exactly(store, tmp_path, mode):
    ingest_file(store, write(tmp_path, "jan.csv", JAN), user=LOCAL)
    before = table_checksums(store, CANONICAL)
    version = store.data_version()
    result = ingest_file(store, write(tmp_path, "janfeb.csv", JAN_FEB), mode=mode, user=LOCAL)
    assert store.data_version() == version + 1
    assert table_checksums(store, CANONICAL) != before
    undo(store, result.batch_id, user=LOCAL)
    assert table_checksums(store, CANONICAL) == before
    assert store.data_version() == version + 2
    batches = list_batches(store)
    assert list(batches["batch_id"]) == [2, 1] and batches["undone_at"].notna().tolist() == [True, False]


def test_undo_refuses_out_of_order_and_names_the_batch(store, tmp_path):
    ingest_file(store, write(tmp_path, "jan.csv", JAN), user=LOCAL)
    ingest_file(store, write(tmp_path, "janfeb.csv", JAN_FEB), user=LOCAL)
    with pytest.raises(InputError, match="undo batch 2 first"):
        undo(store, 1, user=LOCAL)
    undo(store, 2, user=LOCAL)
    undo(store, 1, user=LOCAL)
    assert content(store) == []
    with pytest.raises(InputError, match="already undone"):
        undo(store, 1, user=LOCAL)
    with pytest.raises(InputError, match="no upload batch 9"):
        undo(store, 9, user=LOCAL)


def test_undone_file_can_be_loaded_again(store, tmp_path):
    path = write(tmp_path, "jan.csv", JAN)
    undo(store, ingest_file(store, path, user=LOCAL).batch_id, user=LOCAL)
    again = ingest_file(store, path, user=LOCAL)
    assert (again.already_loaded, again.inserted) == (False, 3)


def test_batches_record_file_hash_counts_mapping(store, tmp_path):
    ingest_file(store, write(tmp_path, "jan.csv", JAN), user=Identity("ana", "analyst"))
    row = list_batches(store).iloc[0]
    keys = ["table_name", "file_name", "mode", "rows_read", "rows_loaded", "inserted", "user_name"]
    assert [row[k] for k in keys] == ["orders", "jan.csv", "upsert", 3, 3, 3, "ana"]
    assert len(row.file_hash) == 64 and '"Order ID": "order_id"' in row.mapping


def test_dry_run_reports_without_loading(store, tmp_path):
    result = ingest_file(store, write(tmp_path, "jan.csv", JAN), dry_run=True, user=LOCAL)
    assert (result.rows_loaded, result.inserted, result.batch_id) == (3, 3, None)
    assert store.row_count("orders") == 0 and len(list_batches(store)) == 0


def test_line_id_from_position_within_order(store, tmp_path):
    path = tmp_path / "nolines.csv"
    path.write_text("Order ID,Order Date,Sales\nA,2025-01-01,1\nB,2025-01-01,2\nA,2025-01-02,3\n")
    ingest_file(store, path, user=LOCAL)
    rows = store.cursor().execute("SELECT order_id, line_id, revenue FROM orders ORDER BY 1, 2").fetchall()
    assert rows == [("A", "1", 1.0), ("A", "2", 3.0), ("B", "1", 2.0)]
