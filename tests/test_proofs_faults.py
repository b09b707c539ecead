"""Faults: a process killed during a long write, a file held by another process, a damaged file."""

from __future__ import annotations

import multiprocessing
import os
import random
import shutil
import signal
import time
from multiprocessing.connection import Connection
from pathlib import Path

import pytest
from fixtures_proofs import DAMAGES, ROOT, add_batch, checksums, cli, filled_store, held
from streamlit.testing.v1 import AppTest

from salesdash.cli import main
from salesdash.errors import StoreDamagedError
from salesdash.store import Store, damage

DAMAGED_ADVICE = "Restore it from a backup (`python -m salesdash restore BACKUP`)"
CHUNKS, CHUNK_ROWS = 5, 120_000


def write_upload(db: str, channel: Connection) -> None:
    """One upload of CHUNKS × CHUNK_ROWS order lines in one transaction, through Store.transaction.

    It commits only when told, so a kill before that always lands inside the transaction.
    """
    store = Store(db)
    channel.send("writing")
    with store.transaction() as cur:
        for chunk in range(CHUNKS):
            add_batch(cur, 100 + chunk, CHUNK_ROWS)
            channel.send(f"chunk {chunk}")
        cur.execute("UPDATE _settings SET value = '\"EUR\"' WHERE key = 'currency'")
        channel.send("written")
        channel.recv()
    channel.send("committed")
    store.close()


def state(db: Path) -> dict[str, tuple[int, int]]:
    """Open the file as the app does (replaying its log) and checksum every table."""
    with Store(db) as store:
        return checksums(store.con)


def kill_while_writing(db: Path, rng: random.Random, commit: bool) -> list[str]:
    """Start the writer (a forked process), SIGKILL it mid-transaction — or just after telling it to commit."""
    ours, theirs = multiprocessing.get_context("fork").Pipe()
    child = multiprocessing.get_context("fork").Process(target=write_upload, args=(str(db), theirs))
    child.start()
    seen, times = [ours.recv()], [time.perf_counter()]
    last = f"chunk {rng.randrange(1, CHUNKS - 1)}" if not commit else "written"
    while seen[-1] != last:
        assert ours.poll(60), f"the writer stopped: {seen}"
        seen.append(ours.recv())
        times.append(time.perf_counter())
    if commit:
        ours.send("commit")
        time.sleep(rng.uniform(0.5, 3.0))  # the commit of this upload takes 1.5–2.5 s here
    else:  # inside the next chunk's insert: a chunk takes about as long as the one just written
        time.sleep(rng.uniform(0.0, 0.8) * (times[-1] - times[-2]))
    os.kill(child.pid, signal.SIGKILL)  # type: ignore[arg-type]
    child.join()
    assert child.exitcode == -signal.SIGKILL or (commit and child.exitcode == 0)
    while ours.poll():
        seen.append(ours.recv())
    return seen if child.exitcode else [*seen, "exited"]


def whole_upload_committed(db: Path, prior: dict[str, tuple[int, int]]) -> bool:
    with Store(db) as store:
        per_batch = dict(store.con.execute("SELECT _batch_id, count(*) FROM orders GROUP BY 1").fetchall())
        new = {batch: rows for batch, rows in per_batch.items() if batch >= 100}
        return (
            new == {100 + chunk: CHUNK_ROWS for chunk in range(CHUNKS)}
            and store.row_count("_batches") == prior["_batches"][0] + CHUNKS
            and store.setting("currency") == "EUR"
            and store.data_version() == 5
        )


@pytest.mark.slow
def test_killed_ten_times_mid_upload_the_database_opens_with_the_prior_state(tmp_path: Path) -> None:
    db = tmp_path / "sales.duckdb"
    filled_store(db).close()
    prior, rng, started = state(db), random.Random(13), time.perf_counter()
    landed = []
    for run in range(10):
        seen = kill_while_writing(db, rng, commit=False)
        assert "committed" not in seen
        landed.append("inserting" if "written" not in seen else "written, not committed")
        assert state(db) == prior, f"run {run}: the state after the kill differs (killed after {seen[-1]})"
    # Killed right after COMMIT was asked for: exactly the prior state, or exactly the whole upload.
    outcomes = []
    for _ in range(3):
        seen = kill_while_writing(db, rng, commit=True)
        after = state(db)
        if after == prior:
            assert "committed" not in seen
            outcomes.append("prior")
            continue
        assert whole_upload_committed(db, prior), f"neither the prior state nor the whole upload: {seen}"
        outcomes.append("committed")
        break
    kills = {where: landed.count(where) for where in set(landed)}
    print(f"10 kills mid-transaction {kills} in {time.perf_counter() - started:.1f} s; around commit: {outcomes}")


def test_a_second_process_on_a_held_file_gets_a_clear_message(tmp_path: Path) -> None:
    db = tmp_path / "sales.duckdb"
    filled_store(db, batches=1, rows=100).close()
    with held(db):
        done = cli("kpis", "--db", str(db))
    assert done.returncode == 1
    assert "is in use by another salesdash process" in done.stderr and "Stop that process" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.fixture(scope="module")
def healthy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("faults") / "healthy.duckdb"
    filled_store(db, batches=4, rows=50_000).close()
    return db


def damaged_copy(healthy: Path, tmp_path: Path, kind: str) -> Path:
    db = tmp_path / f"{kind}.duckdb"
    shutil.copyfile(healthy, db)
    DAMAGES[kind](db)
    return db


@pytest.mark.parametrize("kind", sorted(DAMAGES))
def test_a_damaged_file_gets_the_damage_message_from_the_store(healthy: Path, tmp_path: Path, kind: str) -> None:
    db = damaged_copy(healthy, tmp_path, kind)
    with pytest.raises(StoreDamagedError) as raised:
        store = Store(db)  # damage in the catalog or header shows here …
        try:
            checksums(store.con)
        except Exception as exc:  # … damage in table data when a query first reads the block
            found = damage(exc, db)
            raise found if found is not None else exc from None
        finally:
            store.close()
    assert f"The database {db} cannot be read" in str(raised.value) and DAMAGED_ADVICE in str(raised.value)


@pytest.mark.parametrize("kind", sorted(DAMAGES))
def test_a_damaged_file_gets_exit_1_and_the_message_from_the_command_line(
    healthy: Path, tmp_path: Path, kind: str, capsys: pytest.CaptureFixture[str]
) -> None:
    db = damaged_copy(healthy, tmp_path, kind)
    for command in (["kpis"], ["backup", str(tmp_path / "b.duckdb")]):
        assert main([*command, "--db", str(db)]) == 1
        assert DAMAGED_ADVICE in capsys.readouterr().err
    assert not (tmp_path / "b.duckdb").exists()


@pytest.mark.parametrize("kind", sorted(DAMAGES))
def test_the_app_shows_the_damage_message(
    healthy: Path, tmp_path: Path, kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = damaged_copy(healthy, tmp_path, kind)
    monkeypatch.setenv("SALESDASH_DB", str(db))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["lang"] = "en"
    at.run()
    assert not at.exception
    errors = [e.value for e in at.error]
    assert any(DAMAGED_ADVICE in e and str(db) in e for e in errors), errors
