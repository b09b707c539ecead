"""Share links (docs/access.md): dashboard pages only, read-only, with the creator's scope and drill-down; a
tampered, expired or revoked token gets its sentence; a share session cannot write anything."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pandas as pd
import pytest
from conftest import LOCAL, table_checksums
from streamlit.testing.v1 import AppTest

from salesdash import fmt
from salesdash.access import (
    SHAREABLE_PAGES,
    AccessDenied,
    Identity,
    create_share_link,
    list_share_links,
    open_share_link,
    revoke_share_link,
    share_identity,
)
from salesdash.backup import backup
from salesdash.filters import Filters
from salesdash.i18n import t
from salesdash.ingest import ingest_file, save_mapping, set_stage_map, undo
from salesdash.kpis import kpis
from salesdash.metrics.targets.plan import build_plan, plan_basis, save_fiscal_year_start, save_target_plan
from salesdash.periods import period_containing
from salesdash.tables import Tables
from ui.components import page_script

APP = str(Path(__file__).parent.parent / "app.py")
ANA = Identity("ana@example.com", "analyst")
EAST_ANA = Identity("eve@example.com", "analyst", region=("East",))


def open_app(path: Path, monkeypatch: pytest.MonkeyPatch, **params: str) -> AppTest:
    monkeypatch.setenv("SALESDASH_DB", str(path))
    at = AppTest.from_file(APP, default_timeout=120)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def kinds(at: AppTest) -> set[str]:
    """The types of every element and block the page drew (forms and popovers are blocks)."""
    found: set[str] = set()

    def walk(node: object) -> None:
        found.add(str(getattr(node, "type", "")))
        children = getattr(node, "children", None)
        for child in children.values() if isinstance(children, dict) else ():
            walk(child)

    walk(at._tree)
    return found


@pytest.mark.parametrize("page", SHAREABLE_PAGES)
def test_a_dashboard_link_opens_its_page_read_only(small_store, page: str, monkeypatch) -> None:
    token = create_share_link(small_store, ANA, page, {"lang": "en", "region": "West"})
    small_store.close()
    at = open_app(small_store.path, monkeypatch, share=token)
    identity = at.session_state["_current_identity"]
    assert (identity.mode, identity.can("view"), identity.can("share"), identity.can("upload")) == (
        "share",
        True,
        False,
        False,
    )
    assert at.session_state["_pages"] == [page]
    # no filter, editor, form or button that changes anything: only the snapshot download
    assert (list(at.multiselect), list(at.text_input), list(at.number_input)) == ([], [], [])
    assert [b.label for b in at.button] == []
    assert "form" not in kinds(at) and "popover" not in kinds(at)
    assert not at.error


@pytest.mark.parametrize("page", ["data", "settings", "nowhere"])
def test_no_link_is_made_to_data_or_settings(small_store, page: str) -> None:
    with pytest.raises(AccessDenied, match="dashboard pages only") as refused:
        create_share_link(small_store, ANA, page, {})
    assert refused.value.text("zh").startswith("分享链接只能打开看板页面")
    assert list_share_links(small_store, ANA) == []


@pytest.mark.parametrize("page", ["data", "settings"])
def test_a_link_to_data_or_settings_written_into_the_store_is_refused_on_opening(
    small_store, page: str, monkeypatch
) -> None:
    token = create_share_link(small_store, ANA, "overview", {})
    small_store.cursor().execute("UPDATE _share_links SET page = ?", [page])  # as an attacker with the file would
    small_store.close()
    at = open_app(small_store.path, monkeypatch, share=token, lang="en")
    assert [e.value for e in at.error] == [t("access.share_page", "en", page=page)]
    assert not at.metric and not at.button and "form" not in kinds(at)


def test_tampered_expired_and_revoked_tokens_get_their_sentence(small_store, monkeypatch) -> None:
    good = create_share_link(small_store, ANA, "overview", {})
    expired = create_share_link(small_store, ANA, "overview", {}, timedelta(seconds=-1))
    revoked = create_share_link(small_store, ANA, "targets", {})
    revoke_share_link(small_store, ANA, open_share_link(small_store, revoked).token_hash)
    small_store.close()
    cases = {
        good[:-1] + ("A" if good[-1] != "A" else "B"): "access.share_invalid",
        "x" * 5000: "access.share_invalid",
        expired: "access.share_expired",
        revoked: "access.share_revoked",
    }
    for token, key in cases.items():
        for lang in ("en", "zh"):
            at = open_app(small_store.path, monkeypatch, share=token, lang=lang)
            assert [e.value for e in at.error] == [t(key, lang)]
            assert not at.metric and not at.dataframe


def test_a_share_session_cannot_write_anything(small_store, tmp_path) -> None:
    token = create_share_link(small_store, ANA, "overview", {})
    visitor = share_identity(open_share_link(small_store, token))
    export = tmp_path / "orders.csv"
    export.write_text("order_id,order_date,revenue\nX1,2025-06-01,10\n", encoding="utf-8")
    plan = build_plan(
        plan_basis(Tables.from_store(small_store), period_containing("year", pd.Timestamp("2025-06-01").date(), 1)),
        1000,
    )
    before = table_checksums(small_store)
    writes = {
        "setting": lambda: small_store.set_setting("currency", "USD", user=visitor),
        "upload": lambda: ingest_file(small_store, export, user=visitor),
        "undo": lambda: undo(small_store, 1, visitor),
        "stage map": lambda: set_stage_map(small_store, {"Qualify": "needs_analysis"}, visitor),
        "mapping": lambda: save_mapping(small_store, ["a"], "orders", {"a": "order_id"}, visitor),
        "target plan": lambda: save_target_plan(small_store, plan, visitor),
        "fiscal year": lambda: save_fiscal_year_start(small_store, 4, visitor),
        "backup": lambda: backup(small_store, tmp_path / "copy.duckdb", user=visitor),
        "share": lambda: create_share_link(small_store, visitor, "overview", {}),
        "revoke": lambda: revoke_share_link(small_store, visitor, open_share_link(small_store, token).token_hash),
        "list links": lambda: list_share_links(small_store, visitor),
        "commission plan": lambda: small_store.set_setting("commission_plan", {}, user=visitor),
    }
    refused = {}
    for name, write in writes.items():
        with pytest.raises(AccessDenied) as caught:
            write()
        refused[name] = caught.value.key
    assert set(refused.values()) == {"access.share_read_only"}
    assert table_checksums(small_store) == before
    assert not (tmp_path / "copy.duckdb").exists()
    assert open_share_link(small_store, token).revoked_at is None


def test_a_link_keeps_its_creators_scope_and_filters(small_store, monkeypatch) -> None:
    token = create_share_link(small_store, EAST_ANA, "overview", {"lang": "en"})  # no filters in the link
    east = kpis(Tables.from_store(small_store), Filters(region=("East",)))["revenue"]
    small_store.close()
    at = open_app(small_store.path, monkeypatch, share=token)
    assert {m.label: m.value for m in at.metric}["Revenue"] == fmt.money(east, "en")
    assert at.session_state["_current_identity"].region == ("East",)


def test_a_link_reproduces_the_drill_down(small_store, monkeypatch) -> None:
    token = create_share_link(small_store, ANA, "overview", {"lang": "en", "overview_drill": "category:Coffee"})
    small_store.close()
    at = open_app(small_store.path, monkeypatch, share=token)
    assert at.session_state["overview_drill"] == "category:Coffee"
    assert any("\\*\\*Coffee\\*\\*" in m.value or "**Coffee**" in m.value for m in at.markdown)
    assert not at.warning


def test_a_link_to_a_drill_outside_the_creators_scope_drops_it_with_a_notice(small_store, monkeypatch) -> None:
    token = create_share_link(small_store, EAST_ANA, "targets", {"lang": "en", "targets_drill": "rep:R3"})
    small_store.close()
    at = open_app(small_store.path, monkeypatch, share=token)
    assert "targets_drill" not in at.session_state
    assert [w.value for w in at.warning if "targets" in w.value]


def test_a_link_without_a_stored_scope_is_refused(small_store, monkeypatch) -> None:
    token = create_share_link(small_store, ANA, "overview", {})
    small_store.cursor().execute("UPDATE _share_links SET scope = NULL")  # made before links kept a scope
    with pytest.raises(AccessDenied, match="older version"):
        open_share_link(small_store, token)


def test_writes_audit_the_real_user(small_store) -> None:
    small_store.set_setting("currency", "USD", user=Identity("root@example.com", "admin"))
    small_store.set_setting("currency", "EUR", user=LOCAL)
    with pytest.raises(AccessDenied, match="Nobody"):
        small_store.set_setting("currency", "GBP", user="local")  # type: ignore[arg-type]
    users = small_store.cursor().execute("SELECT user_name FROM _audit ORDER BY logged_at").fetchall()
    assert users == [("root@example.com",), ("local",)]
    assert small_store.setting("currency") == "EUR"


def test_the_sidebar_makes_root_links_for_dashboards_and_none_for_data(small_store, monkeypatch) -> None:
    small_store.close()
    monkeypatch.setenv("SALESDASH_DB", str(small_store.path))
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state["_identity"] = ANA
    at.run()
    at.switch_page(str(Path(APP).parent / page_script("data")))
    at.run()
    assert "share_create" not in [b.key for b in at.button]  # Data is never shared
    at.switch_page(str(Path(APP).parent / page_script("targets")))
    at.run()
    at.button(key="share_create").click().run()
    links = [c.value for c in at.code if "share=" in c.value]
    assert len(links) == 1 and "/?share=" in links[0]  # the share session's one page is its root
    token = links[0].rpartition("share=")[2]
    shared = open_app(small_store.path, monkeypatch, share=token)
    assert shared.session_state["_pages"] == ["targets"]


def test_revoking_on_the_data_page_audits_the_analyst(small_store, monkeypatch) -> None:
    token = create_share_link(small_store, ANA, "overview", {})
    link = open_share_link(small_store, token)
    small_store.close()
    monkeypatch.setenv("SALESDASH_DB", str(small_store.path))
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state["_identity"] = Identity("rob@example.com", "analyst")
    at.run()
    at.switch_page(str(Path(APP).parent / page_script("data")))
    at.run()
    at.button(key=f"data_revoke_{link.token_hash[:12]}").click().run()
    assert not at.exception and not at.error
    from salesdash.store import Store

    with Store(small_store.path) as store:
        assert store.scalar("SELECT user_name FROM _audit WHERE action = 'share_revoke'") == "rob@example.com"
        with pytest.raises(AccessDenied, match="revoked"):
            open_share_link(store, token)
