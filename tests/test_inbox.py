"""The inbox folder (docs/operations.md#the-inbox-folder): a good file, a refused file, the same file twice,
a file still being written."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from conftest import LOCAL, table_checksums

from salesdash.cli import main
from salesdash.inbox import ready_files, run_once
from salesdash.ingest.load import list_batches
from salesdash.store import Store

GOOD = (
    "order_id,order_date,customer_id,region,revenue\n"
    "N1,2025-06-01,C7,East,1000\n"
    "N2,2025-06-02,C8,East,500\n"
    "N3,2025-06-03,C9,West,100\n"
)
# Row 3 (the second data row) has a revenue that is not a number: the file is refused whole.
BAD = "order_id,order_date,customer_id,region,revenue\nB1,2025-06-01,C7,East,1000\nB2,2025-06-02,C8,East,lots\n"


def drop(folder: Path, name: str, text: str, age: float = 60.0) -> Path:
    """Write a file into the inbox, last changed `age` seconds ago (a finished copy)."""
    path = folder / name
    path.write_text(text, encoding="utf-8")
    then = time.time() - age
    os.utime(path, (then, then))
    return path


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    folder = tmp_path / "inbox"
    folder.mkdir()
    return folder


def test_a_good_file_is_loaded_as_one_batch_and_moved_to_loaded(store: Store, inbox: Path) -> None:
    drop(inbox, "june.csv", GOOD)
    results = run_once(store.path, inbox)
    assert [(r.file, r.status, r.batch_id, r.rows_loaded) for r in results] == [("june.csv", "loaded", 1, 3)]
    assert results[0].moved_to == inbox / "loaded" / "june.csv"
    assert (inbox / "loaded" / "june.csv").read_text(encoding="utf-8") == GOOD
    assert not (inbox / "june.csv").exists()
    history = list_batches(store)
    assert history[["batch_id", "file_name", "rows_loaded", "user_name"]].values.tolist() == [
        [1, "june.csv", 3, "inbox"]
    ]
    assert store.scalar("SELECT sum(revenue) FROM orders") == 1600.0


def test_a_refused_file_moves_to_rejected_with_its_reasons_in_the_configured_language(
    store: Store, inbox: Path
) -> None:
    store.set_setting("default_lang", "zh", LOCAL)
    before = table_checksums(store, ("orders", "_batches"))
    drop(inbox, "bad.csv", BAD)
    results = run_once(store.path, inbox)
    assert [(r.file, r.status) for r in results] == [("bad.csv", "rejected")]
    assert (inbox / "rejected" / "bad.csv").read_text(encoding="utf-8") == BAD
    reasons = (inbox / "rejected" / "bad.csv.txt").read_text(encoding="utf-8")
    assert reasons.startswith("bad.csv 未导入，数据库中没有它的任何数据。原因：\n")
    assert "'lots'" in reasons and "revenue" in reasons and "第 3 行" in reasons, reasons
    assert table_checksums(store, ("orders", "_batches")) == before
    logged = store.cursor().execute("SELECT user_name, action FROM _audit WHERE action = 'inbox_rejected'").fetchall()
    assert logged == [("inbox", "inbox_rejected")]


def test_the_same_file_twice_is_loaded_once(store: Store, inbox: Path) -> None:
    drop(inbox, "june.csv", GOOD)
    run_once(store.path, inbox)
    after_first = table_checksums(store, ("orders", "_batches"))
    drop(inbox, "june.csv", GOOD)  # dropped again under the same name
    results = run_once(store.path, inbox)
    assert [(r.status, r.batch_id) for r in results] == [("already_loaded", 1)]
    assert results[0].moved_to == inbox / "loaded" / "june (2).csv"
    assert table_checksums(store, ("orders", "_batches")) == after_first
    assert run_once(store.path, inbox) == []  # nothing left to load


def test_a_file_still_being_written_is_left_for_a_later_pass(store: Store, inbox: Path) -> None:
    drop(inbox, "june.csv.part", GOOD)  # the sender's name while copying
    fresh = drop(inbox, "july.csv", GOOD.replace("N", "J"), age=0.0)  # changed just now
    drop(inbox, ".hidden.csv", GOOD)
    assert run_once(store.path, inbox, settle=30) == []
    assert store.row_count("orders") == 0 and len(list_batches(store)) == 0
    assert sorted(p.name for p in inbox.iterdir() if p.is_file()) == [".hidden.csv", "july.csv", "june.csv.part"]
    settled = time.time() - 31
    os.utime(fresh, (settled, settled))  # the copy has finished: unchanged for longer than the settle time
    (inbox / "june.csv.part").rename(inbox / "june.csv")  # the sender renames a finished copy
    assert [p.name for p in ready_files(inbox, settle=30)] == ["june.csv", "july.csv"]
    assert [r.status for r in run_once(store.path, inbox, settle=30)] == ["loaded", "loaded"]
    assert store.row_count("orders") == 6


def test_the_command_makes_one_pass_and_exits_1_when_a_file_was_refused(
    store: Store, inbox: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    drop(inbox, "a_june.csv", GOOD)
    drop(inbox, "b_bad.csv", BAD)
    assert main(["inbox", "--folder", str(inbox), "--db", str(store.path)]) == 1
    out, err = capsys.readouterr()
    assert "a_june.csv: loaded as batch 1 (3 rows)" in out
    assert "b_bad.csv: refused" in err and "'lots'" in err
    assert main(["inbox", "--folder", str(inbox), "--db", str(store.path)]) == 0  # nothing left: a quiet pass


def test_the_inbox_is_off_unless_a_folder_is_given(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SALESDASH_INBOX", raising=False)
    assert main(["inbox"]) == 2
