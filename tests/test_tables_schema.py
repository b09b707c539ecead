"""Tables read each table's schema once per memo (data version), not at every use (salesdash/tables.py)."""

from __future__ import annotations

import pytest

from salesdash.filters import Filters
from salesdash.kpis import kpis
from salesdash.store import Store
from salesdash.tables import Memo, Tables


def test_a_schema_is_read_once_per_memo_and_the_figures_do_not_change(
    small_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    backend = small_store.ibis()
    reads: list[str] = []
    real = backend.get_schema

    def counting(name: str, **kwargs: object) -> object:
        reads.append(name)
        return real(name, **kwargs)

    monkeypatch.setattr(backend, "get_schema", counting)
    expected = kpis(Tables(backend, small_store.loaded_tables(), small_store.settings()), Filters())
    reads.clear()
    memo = Memo()
    first = kpis(Tables(backend, small_store.loaded_tables(), small_store.settings(), memo=memo), Filters())
    assert sorted(set(reads)) == sorted(reads)  # each table's schema read once
    assert first == expected
    reads.clear()
    again = kpis(Tables(backend, small_store.loaded_tables(), small_store.settings(), memo=memo), Filters())
    assert reads == []  # another Tables of the same memo reads none
    assert again == expected
