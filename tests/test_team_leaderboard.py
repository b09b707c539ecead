"""Leaderboard: every figure per rep on the hand-made team, ranks and rank changes with ties, kpis parity."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from fixtures_team import PREVIOUS, WINDOW, team_tables

from salesdash.filters import Filters
from salesdash.kpis import kpis
from salesdash.metrics.team.leaderboard import competition_rank, leaderboard
from salesdash.metrics.team.team import REP_COLUMNS, rep_figures
from salesdash.tables import Tables

NAN = float("nan")


@pytest.fixture(scope="module")
def tables(tmp_path_factory: pytest.TempPathFactory) -> Tables:
    return team_tables(tmp_path_factory.mktemp("team") / "t.duckdb")


@pytest.fixture(scope="module")
def board(tables: Tables) -> pd.DataFrame:
    return leaderboard(tables, Filters(), WINDOW, PREVIOUS)


def _plain(value: object) -> object:
    if isinstance(value, str) or value is None:
        return value
    return None if pd.isna(value) else round(float(value), 9)  # type: ignore[arg-type]


def _rows(frame: pd.DataFrame, columns: list[str]) -> list[tuple[object, ...]]:
    """Rows as tuples of plain values: numbers rounded to 9 places, missing values as None."""
    return [tuple(_plain(v) for v in row) for row in frame[columns].itertuples(index=False)]


def _expected(rows: list[tuple[object, ...]]) -> list[tuple[object, ...]]:
    return [tuple(_plain(v) for v in row) for row in rows]


def test_ranks_are_competition_ranks_with_shared_ties(board: pd.DataFrame) -> None:
    # Q2: R1 500, R2 500, R3 300, R4 300, R5 100. Q1: R5 600, R2 400, R3 400, R1 200; R4 absent.
    assert _rows(board, ["rep_id", "rank", "previous_rank", "rank_change"]) == [
        ("R1", 1, 4, 3),
        ("R2", 1, 2, 1),
        ("R3", 3, 2, -1),
        ("R4", 3, None, None),
        ("R5", 5, 1, -4),
    ]


def test_revenue_target_attainment(board: pd.DataFrame) -> None:
    expected = [
        ("R1", "Ann", "T1", 500.0, 450.0, 500 / 450),
        ("R2", "Bo", "T1", 500.0, 600.0, 500 / 600),
        ("R3", "Cy", "T2", 300.0, 300.0, 1.0),
        ("R4", "Di", "T2", 300.0, 360.0, 300 / 360),
        ("R5", "Ed", "T2", 100.0, 150.0, 100 / 150),
    ]
    assert _rows(board, ["rep_id", "rep_name", "team", "revenue", "target", "attainment"]) == _expected(expected)


def test_deal_figures(board: pd.DataFrame) -> None:
    # won, lost, win_rate, avg_deal_size, avg_cycle_days of deals closed in Q2 (P8 closed in Q1).
    assert _rows(board, ["rep_id", "won", "lost", "win_rate", "avg_deal_size", "avg_cycle_days"]) == _expected(
        [
            ("R1", 2.0, 1.0, 2 / 3, 250.0, 45.0),
            ("R2", 0.0, 2.0, 0.0, None, None),
            ("R3", 1.0, 0.0, 1.0, 1000.0, 90.0),
            ("R4", 1.0, 0.0, 1.0, 100.0, 29.0),
            ("R5", 0.0, 0.0, None, None, None),
        ]
    )


def test_activities_and_new_customers(board: pd.DataFrame) -> None:
    # K7's first order B0 (R4) precedes B4 (R3) on the same day; K9 ordered in 2024; K10 after the window.
    assert _rows(board, ["rep_id", "activities", "new_customers"]) == [
        ("R1", 10.0, 1.0),
        ("R2", 20.0, 1.0),
        ("R3", 12.0, 0.0),
        ("R4", 0.0, 2.0),
        ("R5", 5.0, 0.0),
    ]


def test_without_activities_the_count_is_null(tmp_path: Path) -> None:
    tables = team_tables(tmp_path / "t.duckdb", activities=False)
    board = leaderboard(tables, Filters(), WINDOW, PREVIOUS)
    assert board["activities"].isna().all()
    assert list(board["new_customers"]) == [1.0, 1.0, 0.0, 2.0, 0.0]


def test_matches_rep_figures_and_kpis(tables: Tables) -> None:
    filters = Filters(start=WINDOW.start, end=WINDOW.end)
    board = leaderboard(tables, filters, WINDOW, None).sort_values("rep_id")
    figures = rep_figures(tables, filters, WINDOW).sort_values("rep_id")
    pd.testing.assert_frame_equal(board[REP_COLUMNS].reset_index(drop=True), figures.reset_index(drop=True))
    reps = sorted(kpis(tables, filters)["reps"], key=lambda r: r["rep_id"])
    assert _rows(board, REP_COLUMNS) == _expected([tuple(r[k] for k in REP_COLUMNS) for r in reps])
    assert board["previous_rank"].isna().all()


def test_scope_filter_ranks_inside_the_scope(tables: Tables) -> None:
    board = leaderboard(tables, Filters(team=("T2",)), WINDOW, PREVIOUS)
    # In T2: Q2 R3 300, R4 300, R5 100; Q1 R5 600, R3 400.
    assert _rows(board, ["rep_id", "rank", "previous_rank", "rank_change"]) == [
        ("R3", 1, 2, 1),
        ("R4", 1, None, None),
        ("R5", 3, 1, -2),
    ]


def test_competition_rank_ties() -> None:
    ranks = competition_rank(pd.Series([5.0, 7.0, 7.0, NAN, 5.0, 1.0]))
    assert list(ranks.astype(object).where(ranks.notna(), None)) == [3, 1, 1, None, 3, 5]
