"""The app enforces roles, scope and share links (identity injected; no identity provider needed)."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from salesdash import fmt
from salesdash.access import Identity, create_share_link
from salesdash.filters import Filters
from salesdash.kpis import kpis
from salesdash.tables import Tables
from ui.components import page_script

ANA = Identity("ana@example.com", "analyst")
APP = str(Path(__file__).parent.parent / "app.py")


def run_app(monkeypatch: pytest.MonkeyPatch, db: Path, identity: Identity | None = None, **params: str) -> AppTest:
    monkeypatch.setenv("SALESDASH_DB", str(db))
    at = AppTest.from_file(APP, default_timeout=90)
    if identity is not None:
        at.session_state["_identity"] = identity
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def shown(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_a_viewer_has_no_data_or_settings_page(small_store, monkeypatch) -> None:
    small_store.close()
    at = run_app(monkeypatch, small_store.path, Identity("v@example.com", "viewer"))
    with pytest.raises(ValueError, match="Known pages") as refused:
        at.switch_page(str(Path(APP).parent / page_script("data")))
    assert "settings.py" not in str(refused.value) and "team.py" in str(refused.value)


def test_a_region_manager_sees_only_the_region(small_store, monkeypatch) -> None:
    expected = kpis(Tables.from_store(small_store), Filters(region=("East",)))["revenue"]
    small_store.close()
    at = run_app(
        monkeypatch, small_store.path, Identity("e@example.com", "viewer", region=("East",)), region="West", lang="en"
    )
    assert shown(at)["Revenue"] == fmt.money(expected, "en")
    assert at.query_params["region"] == "East"


def test_a_share_link_opens_its_locked_view_without_an_account(small_store, monkeypatch) -> None:
    token = create_share_link(small_store, ANA, "overview", {"region": "West", "lang": "en"})
    expected = kpis(Tables.from_store(small_store), Filters(region=("West",)))["revenue"]
    small_store.close()
    at = run_app(monkeypatch, small_store.path, share=token)
    assert shown(at)["Revenue"] == fmt.money(expected, "en")
    assert not at.multiselect  # filters are locked: no filter widgets


def test_a_revoked_share_link_is_refused(small_store, monkeypatch) -> None:
    from salesdash.access import open_share_link, revoke_share_link

    token = create_share_link(small_store, ANA, "overview", {})
    revoke_share_link(small_store, ANA, open_share_link(small_store, token).token_hash)
    small_store.close()
    at = run_app(monkeypatch, small_store.path, share=token, lang="en")
    assert [e.value for e in at.error] == ["This share link was revoked. Ask the sender for a new one."]
    assert not at.metric
