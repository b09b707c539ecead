"""Who sees what: roles enforced in the write functions, row-level scope, share links."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from conftest import small_orders

from salesdash.access import (
    Identity,
    create_share_link,
    identity_for,
    list_share_links,
    open_share_link,
    revoke_share_link,
    scoped,
)
from salesdash.errors import PermissionDenied
from salesdash.filters import Filters
from salesdash.kpis import kpis
from salesdash.tables import Tables

VIEWER = Identity("vic@example.com", "viewer")
ANALYST = Identity("ana@example.com", "analyst")
EAST_MANAGER = Identity("eve@example.com", "viewer", region=("East",))

CONFIG = {
    "default_role": "viewer",
    "users": [
        {"email": "Ana@Example.com", "role": "analyst"},
        {"email": "eve@example.com", "role": "viewer", "region": ["East"]},
    ],
    "groups": [
        {"group": "sales-admins", "role": "admin"},
        {"group": "east", "role": "viewer", "region": "East"},
        {"group": "west", "role": "analyst", "region": ["West"]},
    ],
}


def test_roles_and_scopes_come_from_the_configuration() -> None:
    assert identity_for("ana@example.com", (), CONFIG) == Identity("ana@example.com", "analyst")
    assert identity_for("eve@example.com", ("sales-admins",), CONFIG) == EAST_MANAGER
    assert identity_for("x@example.com", ("east", "west"), CONFIG) == Identity(
        "x@example.com", "analyst", region=("East", "West")
    )
    assert identity_for("y@example.com", ("east", "sales-admins"), CONFIG) == Identity("y@example.com", "admin")
    assert identity_for("nobody@example.com", (), CONFIG) == Identity("nobody@example.com", "viewer")


def test_a_viewer_calling_a_write_function_is_refused(small_store) -> None:
    before = small_store.data_version()
    with pytest.raises(PermissionDenied, match="viewer"):
        small_store.set_setting("fiscal_year_start_month", 4, user=VIEWER)
    with pytest.raises(PermissionDenied):
        small_store.set_setting("fiscal_year_start_month", 4, user=ANALYST)
    with pytest.raises(PermissionDenied):
        create_share_link(small_store, VIEWER, "overview", {})
    assert small_store.data_version() == before
    assert small_store.setting("fiscal_year_start_month") is None


def test_scope_always_narrows_the_filters() -> None:
    assert scoped(Filters(), EAST_MANAGER) == Filters(region=("East",))
    assert scoped(Filters(region=("West",)), EAST_MANAGER) == Filters(region=("East",))
    assert scoped(Filters(region=("East", "West"), team=("T1",)), EAST_MANAGER) == Filters(
        region=("East",), team=("T1",)
    )
    assert scoped(Filters(region=("West",)), ANALYST) == Filters(region=("West",))


def test_a_region_manager_never_receives_another_regions_rows(small_tables: Tables) -> None:
    result = kpis(small_tables, scoped(Filters(region=("West",)), EAST_MANAGER))
    orders = small_orders()
    east = orders[(orders["region"] == "East") & (orders["order_date"] >= datetime(2025, 1, 1).date())]
    assert result["revenue"] == pytest.approx(east["revenue"].sum())
    assert {r["rep_id"] for r in result["reps"]} == {"R1", "R2"}  # R3 sells in the West


def test_share_links_expire_and_can_be_revoked(small_store) -> None:
    token = create_share_link(small_store, ANALYST, "targets", {"region": "East"}, timedelta(days=1))
    link = open_share_link(small_store, token)
    assert (link.page, link.params, link.created_by) == ("targets", {"region": "East"}, "ana@example.com")
    assert token not in str(small_store.cursor().execute("SELECT * FROM _share_links").fetchall())  # stored hashed
    with pytest.raises(PermissionDenied, match="expired"):
        open_share_link(small_store, token, now=datetime.now() + timedelta(days=2))
    revoke_share_link(small_store, ANALYST, link.token_hash)
    with pytest.raises(PermissionDenied, match="revoked"):
        open_share_link(small_store, token)
    with pytest.raises(PermissionDenied, match="not valid"):
        open_share_link(small_store, token + "x")
    assert [entry.page for entry in list_share_links(small_store, ANALYST)] == ["targets"]
    actions = [
        row[0] for row in small_store.cursor().execute("SELECT action FROM _audit ORDER BY logged_at").fetchall()
    ]
    assert actions == ["share_create", "share_revoke"]


def test_a_viewer_cannot_upload_undo_or_map(small_store, tmp_path) -> None:
    from conftest import table_checksums

    from salesdash.ingest import ingest_file, set_stage_map, undo

    export = tmp_path / "orders.csv"
    export.write_text("order_id,order_date,revenue\nX1,2025-06-01,10\n", encoding="utf-8")
    before = table_checksums(small_store)
    with pytest.raises(PermissionDenied, match="may not upload"):
        ingest_file(small_store, export, user=VIEWER)
    with pytest.raises(PermissionDenied, match="may not undo"):
        undo(small_store, 1, user=VIEWER)
    with pytest.raises(PermissionDenied, match="may not map"):
        set_stage_map(small_store, {"Qualify": "needs_analysis"}, user=VIEWER)
    assert table_checksums(small_store) == before
    result = ingest_file(small_store, export, user=ANALYST)
    assert (result.rows_loaded, small_store.cursor().execute("SELECT user_name FROM _batches").fetchall()) == (
        1,
        [("ana@example.com",)],
    )
    set_stage_map(small_store, {"Qualify": "needs_analysis"}, user=ANALYST)


def test_a_scoped_analyst_makes_no_company_wide_write_and_changes_nothing(small_store, tmp_path) -> None:
    """Uploads, undo, the stage map and settings reach every region, so a scope forbids them; sharing its
    own view stays allowed (docs/access.md, "Scope")."""
    from conftest import table_checksums

    from salesdash.ingest import ingest_file
    from salesdash.ingest.load import undo
    from salesdash.ingest.records import set_stage_map

    east_analyst = Identity("eve@example.com", "analyst", region=("East",))
    orders = tmp_path / "more.csv"
    orders.write_text("order_id,order_date,revenue\nX1,2025-03-01,10\n", encoding="utf-8")
    before = table_checksums(small_store)
    for write in (
        lambda: ingest_file(small_store, orders, user=east_analyst),
        lambda: undo(small_store, 1, east_analyst),
        lambda: set_stage_map(small_store, {"Signed": "won"}, east_analyst),
        lambda: small_store.set_setting("currency", "USD", user=east_analyst),
    ):
        with pytest.raises(PermissionDenied, match="whole company"):
            write()
    assert table_checksums(small_store) == before
    assert east_analyst.can("share") and not east_analyst.can("upload")
    assert create_share_link(small_store, east_analyst, "overview", {})
