"""Backups through the store's own connection, and restores that check the backup first."""

from __future__ import annotations

import hashlib
import threading
import time
from pathlib import Path

import duckdb
import pytest
from conftest import LOCAL
from fixtures_proofs import add_batch, checksums, cli, file_checksums, filled_store, held, overwrite_middle

from salesdash.backup import LOCKED_BY_APP, BackupError, backup, restore
from salesdash.cli import main


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_restore_gives_back_exactly_the_backed_up_contents(tmp_path: Path) -> None:
    db, saved = tmp_path / "sales.duckdb", tmp_path / "backups" / "monday.duckdb"
    store = filled_store(db)
    before = checksums(store.con)
    report = backup(store, saved, user=LOCAL)
    assert report["data_version"] == store.data_version() == 4
    assert report["rows"]["orders"] == 10_000 and report["rows"]["_batches"] == 2
    with store.transaction() as cur:  # changes after the backup: a new upload, a deletion, a setting
        add_batch(cur, 3, 1_000)
        cur.execute("DELETE FROM orders WHERE _batch_id = 1 AND order_id LIKE '%7'")
    store.set_setting("currency", "EUR", user=LOCAL)
    assert checksums(store.con) != before
    store.close()
    restored = restore(saved, db)
    # Above both files' versions (4 backed up, 6 replaced), so no figure cached for version 5 or 6
    # of the old file is shown for the restored one (docs/operations.md#restore).
    assert restored["data_version"] == 7
    after = file_checksums(db)
    assert {k: v for k, v in after.items() if k != "_meta"} == {k: v for k, v in before.items() if k != "_meta"}
    assert after["_meta"][0] == before["_meta"][0]
    assert {"_batches", "_settings", "_meta", "_audit", "orders"} <= after.keys()
    assert (db.parent / "sales.duckdb.before-restore").exists()


def test_a_backup_taken_while_uploads_commit_holds_whole_uploads(tmp_path: Path) -> None:
    store = filled_store(tmp_path / "busy.duckdb", batches=1, rows=2_000)
    first_version, rows = store.data_version(), 3_000
    stop, written = threading.Event(), []

    def upload_in_a_loop() -> None:
        batch = 2
        while not stop.is_set():
            with store.transaction() as cur:
                add_batch(cur, batch, rows)
            written.append(batch)
            batch += 1

    writer = threading.Thread(target=upload_in_a_loop)
    writer.start()
    copies, during = [], []
    try:
        while len(written) < 2:
            time.sleep(0.01)
        for i in range(4):
            first = len(written)
            copies.append(backup(store, tmp_path / f"copy{i}.duckdb", user=LOCAL)["path"])
            during.append(len(written) - first)
    finally:
        stop.set()
        writer.join()
    print("uploads committed during each backup:", during)
    assert sum(during) >= 1, during  # uploads committed while backups were being written
    for copy in copies:
        con = duckdb.connect(copy, read_only=True)
        per_batch = dict(con.execute("SELECT _batch_id, count(*) FROM orders GROUP BY 1").fetchall())
        batches = {row[0] for row in con.execute("SELECT batch_id FROM _batches").fetchall()}
        version = int(con.execute("SELECT value FROM _meta WHERE key = 'data_version'").fetchall()[0][0])
        con.close()
        assert set(per_batch) == batches == set(range(1, len(batches) + 1))
        assert per_batch == {1: 2_000, **{b: rows for b in batches - {1}}}
        assert version == first_version + len(batches) - 1


@pytest.mark.parametrize("kind", ["damaged", "junk", "not_salesdash", "missing"])
def test_a_bad_backup_is_refused_and_the_database_unchanged(tmp_path: Path, kind: str) -> None:
    db = tmp_path / "sales.duckdb"
    filled_store(db, batches=4, rows=20_000).close()
    bad = tmp_path / "bad.duckdb"
    if kind == "damaged":
        filled_store(bad, batches=4, rows=20_000).close()
        overwrite_middle(bad)
    elif kind == "junk":
        bad.write_bytes(b"order_id,revenue\n1,2\n" * 1000)
    elif kind == "not_salesdash":
        con = duckdb.connect(str(bad))
        con.execute("CREATE TABLE orders AS SELECT 1 AS revenue")
        con.close()
    before_bytes, before = digest(db), file_checksums(db)
    with pytest.raises(BackupError) as refused:
        restore(bad, db)
    expected = {
        "damaged": "is damaged",
        "junk": "is not a readable DuckDB database",
        "not_salesdash": "is not a salesdash database: it has no table",
        "missing": "does not exist",
    }[kind]
    assert expected in str(refused.value)
    assert digest(db) == before_bytes and file_checksums(db) == before
    assert not (tmp_path / "sales.duckdb.before-restore").exists()


def test_the_command_line_backs_up_and_restores(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db, saved = tmp_path / "sales.duckdb", tmp_path / "saved.duckdb"
    filled_store(db).close()
    before = file_checksums(db)
    assert main(["backup", str(saved), "--db", str(db)]) == 0
    assert "data version 4, 10,000 orders" in capsys.readouterr().out
    with filled_store(db, batches=0) as store:
        store.set_setting("currency", "GBP", user=LOCAL)
    assert main(["restore", str(saved), "--db", str(db)]) == 0
    after = file_checksums(db)
    assert {k: v for k, v in after.items() if k != "_meta"} == {k: v for k, v in before.items() if k != "_meta"}
    assert main(["backup", str(saved), "--db", str(db)]) == 1  # never overwrites a backup
    assert "already exists" in capsys.readouterr().err


def test_while_the_dashboard_holds_the_file_backup_and_restore_say_what_to_do(tmp_path: Path) -> None:
    db, saved = tmp_path / "sales.duckdb", tmp_path / "saved.duckdb"
    store = filled_store(db)
    backup(store, saved, user=LOCAL)
    store.close()
    with held(db):
        before = digest(db)
        for command in (["backup", str(tmp_path / "new.duckdb")], ["restore", str(saved)]):
            done = cli(*command, "--db", str(db))
            assert done.returncode == 1, done.stderr
            assert LOCKED_BY_APP in done.stderr and "Traceback" not in done.stderr
        assert digest(db) == before
    assert not (tmp_path / "new.duckdb").exists()


def test_restore_refuses_a_database_this_process_has_open(tmp_path: Path) -> None:
    db, saved = tmp_path / "sales.duckdb", tmp_path / "saved.duckdb"
    store = filled_store(db)
    backup(store, saved, user=LOCAL)
    store.set_setting("currency", "EUR", user=LOCAL)
    before = checksums(store.con)
    with pytest.raises(BackupError, match="is open in this process"):
        restore(saved, db)
    assert checksums(store.con) == before
    store.close()
