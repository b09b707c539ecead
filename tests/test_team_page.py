"""AppTest (in Chinese, the default: widget labels are formatted outside the run, in the default language) of the Team page: renders on a full export and on one without activities or training,
KPI cards equal the salesdash figures, page controls drive the profile and the what-if."""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st
from fixtures_team import WINDOW, team_store
from streamlit.testing.v1 import AppTest

from salesdash import fmt
from salesdash.filters import Filters
from salesdash.kpis import kpis
from salesdash.metrics.team.commission import commission_summary, current_plan, what_if_plan
from salesdash.metrics.team.spread import attainment_spread
from salesdash.store import Store
from salesdash.tables import Tables

ROOT = Path(__file__).resolve().parent.parent
FILTERS = Filters(start=WINDOW.start, end=WINDOW.end)


def _page(monkeypatch: pytest.MonkeyPatch, db: Path, **params: str) -> AppTest:
    monkeypatch.setenv("SALESDASH_DB", str(db))
    # The store and figures are cached per process: start each page test on its own database.
    st.cache_resource.clear()
    st.cache_data.clear()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["start"] = WINDOW.start.isoformat()
    at.query_params["end"] = WINDOW.end.isoformat()
    at.query_params.update(params)
    at.run()
    at.switch_page("views/team.py")
    at.run()
    return at


def _metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_page_shows_the_salesdash_figures(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    db = tmp_path / "t.duckdb"
    team_store(db).close()
    at = _page(monkeypatch, db)
    assert not at.exception
    tables = Tables.from_store(Store(db))
    figures = kpis(tables, FILTERS)
    spread = attainment_spread(tables, FILTERS, WINDOW)
    pay = commission_summary(tables, FILTERS, WINDOW)
    shown = _metrics(at)
    assert shown["销售额"] == fmt.money(figures["revenue"], "zh") == fmt.money(1700.0, "zh")
    assert shown["达成率"] == fmt.percent(figures["attainment"])
    assert shown["赢单率"] == fmt.percent(figures["pipeline"]["win_rate"])
    assert shown["达成 ≥100% 的人员占比"] == fmt.percent(spread["share_at_or_above_100"]) == "40.0%"
    assert shown["达成 <70% 的人员占比"] == "20.0%"
    assert shown["提成支出"] == fmt.money(pay["payout"], "zh")
    assert shown["提成占销售额比例"] == fmt.percent(pay["cost_of_sales"])
    # The what-if doubles every rate: the payout doubles.
    at.segmented_control(key="team_section").set_value("incentives").run()
    at.selectbox(key="team_whatif_scale").set_value("2.0").run()
    doubled = commission_summary(tables, FILTERS, WINDOW, what_if_plan(current_plan(tables), 2.0))
    assert _metrics(at)["假设方案下的提成"] == fmt.money(doubled["payout"], "zh") == fmt.money(2 * pay["payout"], "zh")
    at.segmented_control(key="team_section").set_value("profile").run()
    at.selectbox(key="team_rep").set_value("R4").run()
    assert not at.exception
    customers = [list(d.value["客户编号"]) for d in at.dataframe if "客户编号" in d.value.columns]
    assert customers == [["K8", "K7"]]  # R4's customers by revenue: K8 200, K7 100


def test_page_without_activities_or_training_says_what_unlocks_them(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    db = tmp_path / "t.duckdb"
    team_store(db, activities=False, training=False).close()
    at = _page(monkeypatch, db, team_rep="R3", team_section="profile")
    assert not at.exception
    assert at.selectbox(key="team_rep").value == "R3"  # the rep of the link
    notices = [i.value for i in at.info]
    assert any("需要活动数据" in n for n in notices), notices
    at.segmented_control(key="team_section").set_value("development").run()
    assert any("需要培训数据" in i.value for i in at.info)
