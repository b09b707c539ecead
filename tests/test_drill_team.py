"""Drill-down on the Team page: a rep clicked on the leaderboard or the quadrant opens that rep's profile."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from fixtures_drill import open_page
from fixtures_team import WINDOW, team_store
from streamlit.testing.v1 import AppTest

from salesdash.charts.team import activity_quadrant_scatter, revenue_against_target_bars
from salesdash.i18n import t

ROOT = Path(__file__).resolve().parent.parent


def _team(monkeypatch: pytest.MonkeyPatch, db: Path, **params: str) -> AppTest:
    return open_page(monkeypatch, db, "team", start=WINDOW.start.isoformat(), end=WINDOW.end.isoformat(), **params)


def _customers(at: AppTest) -> list[list[str]]:
    column = t("team.col.customer_id", "zh")
    return [list(d.value[column]) for d in at.dataframe if column in d.value.columns]


def test_a_linked_leaderboard_drill_opens_the_reps_profile(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    team_store(tmp_path / "t.duckdb").close()
    at = _team(monkeypatch, tmp_path / "t.duckdb", team_drill="leaderboard:R4")
    trail = f"{t('team.title', 'zh')} › {t('drill.source.leaderboard', 'zh')} › **Di**"
    assert trail in [m.value for m in at.markdown]
    assert at.selectbox(key="team_rep").value == "R4"
    assert _customers(at) == [["K8", "K7"]]  # R4's customers by revenue: K8 200, K7 100
    at.button(key="team_back_rep").click().run()
    assert "team_drill" not in at.session_state
    assert trail not in [m.value for m in at.markdown]


def test_a_clicked_quadrant_point_opens_that_rep(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    team_store(tmp_path / "t.duckdb").close()
    at = _team(monkeypatch, tmp_path / "t.duckdb")
    at.session_state["team_drill"] = "quadrant:R4"
    at.run()
    assert not at.exception
    assert f"{t('team.title', 'zh')} › {t('drill.source.quadrant', 'zh')} › **Di**" in [m.value for m in at.markdown]
    assert at.selectbox(key="team_rep").value == "R4"
    assert at.query_params["team_drill"] == "quadrant:R4"
    assert at.query_params["team_rep"] == "R4"  # the link names the rep shown, in the run that opened it


def test_a_rep_outside_the_filters_closes_the_drill(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    team_store(tmp_path / "t.duckdb").close()
    at = _team(monkeypatch, tmp_path / "t.duckdb", team_drill="leaderboard:R99")
    # dropped where the link is read (links.check_drill: R99 is no rep of this data), with the link's notice
    notices = [w.value.replace("\\", "") for w in at.warning]
    assert t("filters.bad_param", "zh", name="team_drill", value="leaderboard:R99") in notices
    assert "team_drill" not in at.session_state


def test_rep_charts_carry_each_reps_id() -> None:
    board = pd.DataFrame(
        {"rep_id": ["R1", "R2", "R3"], "rep_name": ["Ann", "Bo", "Ann"], "revenue": [30.0, 10.0, 20.0]}
    ).assign(target=[25.0, None, 40.0])
    figure = revenue_against_target_bars(board, "rep_name", {"revenue": "r", "target": "t"}, key="rep_id")
    assert figure.layout.hovermode == "closest"
    bars, targets = figure.data
    assert list(zip(bars.customdata, bars.y, bars.x, strict=True)) == [
        ("R2", "Bo", 10.0),
        ("R3", "Ann", 20.0),
        ("R1", "Ann", 30.0),
    ]
    assert list(targets.customdata) == ["R2", "R3", "R1"]
    quadrant = pd.DataFrame(
        {
            "rep_id": ["R1", "R2", "R3"],
            "rep_name": ["Ann", None, "Cy"],
            "activities": [10, 2, 8],
            "win_rate": [0.5, 0.1, None],
            "median_activities": [6.0] * 3,
            "median_win_rate": [0.3] * 3,
            "quadrant": ["busy_converting", "idle_not_converting", None],
        }
    )
    labels = {q: q for q in ("busy_converting", "busy_not_converting", "converting_idle", "idle_not_converting")}
    points = activity_quadrant_scatter(quadrant, labels | {"activities": "a", "win_rate": "w"}).data
    assert [(list(p.customdata), list(p.text)) for p in points] == [(["R1"], ["Ann"]), (["R2"], ["R2"])]


def test_buttons_stay_out_of_the_link(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    team_store(tmp_path / "t.duckdb").close()
    at = _team(monkeypatch, tmp_path / "t.duckdb", team_drill="leaderboard:R4")
    at.run()  # a rerun sends every widget's state back, buttons included (as False)
    assert at.query_params["team_drill"] == "leaderboard:R4"
    assert [k for k, v in at.query_params.items() if v in ("True", "False")] == []
