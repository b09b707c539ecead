"""One table renderer: headers and codes translated, each column shown by its kind, downloads raw."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from salesdash.columns import ColumnSpec, Kind, UntranslatedHeader, table_layout, table_width
from salesdash.fmt import column_unit
from salesdash.ingest.history import readable_history
from ui.components import page_script

ROOT = Path(__file__).parent.parent


@pytest.fixture(scope="module")
def chinese_demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    from salesdash.demo import build_demo
    from salesdash.store import Store

    path = tmp_path_factory.mktemp("tables") / "demo.duckdb"
    with Store(path) as store:
        build_demo(store, orders=5_000, lang="zh")
    yield path


def test_money_ratio_count_date_and_ids_are_shown_by_kind_in_chinese() -> None:
    frame = pd.DataFrame(
        {
            "rep_id": ["R1", "R2"],
            "rep_name": ["张伟", "李娜"],
            "revenue": [3_735_315_800.0, 2_671_006_640.55],
            "attainment": [0.6828, 1.0233],
            "orders": [12_345, 678],
            "last_touched": pd.to_datetime(["2026-05-29 00:00:00", "2026-06-01 00:00:00"]),
            "stage": ["contact", "needs_analysis"],
        }
    )
    shown, specs, download = table_layout(frame, "zh", "¥", strict=True)
    assert specs == [
        ColumnSpec("销售代表编号", Kind.TEXT, None, hidden=True),
        ColumnSpec("销售代表", Kind.TEXT, None),
        ColumnSpec("销售额", Kind.MONEY, "¥%,.1f亿"),
        ColumnSpec("达成率", Kind.RATIO, "%.1f%%"),
        ColumnSpec("订单数", Kind.COUNT, "%,d"),
        ColumnSpec("最近更新", Kind.DATE, "YYYY-MM-DD"),
        ColumnSpec("阶段", Kind.TEXT, None),
    ]
    assert shown["销售额"].tolist() == pytest.approx([37.353158, 26.7100664055])
    assert shown["达成率"].tolist() == pytest.approx([68.28, 102.33])
    assert shown["阶段"].tolist() == ["客户接触", "需求分析"]
    # The download keeps raw values (full amounts, fractions) under the same translated headers.
    assert list(download.columns) == [s.header for s in specs]
    assert download["销售额"].tolist() == [3_735_315_800.0, 2_671_006_640.55]
    assert download["达成率"].tolist() == [0.6828, 1.0233]
    assert download["阶段"].tolist() == ["客户接触", "需求分析"]


def test_english_amounts_read_in_k_m_b_and_already_translated_headers_keep_their_kind() -> None:
    frame = pd.DataFrame({"Revenue": [45_678.0, 120_000.0, 9_000.0], "Win rate": [0.25, 0.5, 0.1]})
    shown, specs, _ = table_layout(frame, "en", "$", strict=True)
    assert [(s.kind, s.format) for s in specs] == [(Kind.MONEY, "$%,.1fK"), (Kind.RATIO, "%.1f%%")]
    assert shown["Revenue"].tolist() == pytest.approx([45.678, 120.0, 9.0])


def test_pvm_and_data_page_headers_are_translated() -> None:
    pvm = pd.DataFrame(
        {c: [1.0] for c in ("q0", "q1", "r0", "r1", "p0", "p1", "volume", "price", "mix")}
        | {"product": ["A"], "kind": ["continuing"]}
    )
    shown, _, _ = table_layout(pvm, "zh", strict=True)
    assert "对比期数量" in shown.columns and "结构效应" in shown.columns
    assert shown["类型"].tolist() == ["持续销售"]
    batches = pd.DataFrame(
        {"batch_id": [1], "table_name": ["orders"], "file_name": ["a.csv"], "file_hash": ["ab"], "mode": ["upsert"]}
    )
    shown, _, _ = table_layout(batches, "en", strict=True)
    assert list(shown.columns) == ["Batch", "Table", "File", "File hash", "Mode"]
    assert shown.iloc[0].tolist() == [1, "orders", "a.csv", "ab", "Update by key (upsert)"]


def test_an_untranslated_header_is_refused_when_strict() -> None:
    frame = pd.DataFrame({"median_something_new": [1.0]})
    with pytest.raises(UntranslatedHeader, match="median_something_new"):
        table_layout(frame, "zh", strict=True)
    shown, _, _ = table_layout(frame, "zh")
    assert list(shown.columns) == ["median_something_new"]


def test_period_headers_are_data_not_fields() -> None:
    frame = pd.DataFrame({"rep_name": ["A"], "2026-01": [0.5], "2026-Q1": [0.4], "Q2": [0.3]})
    _, specs, _ = table_layout(frame, "zh", strict=True)
    assert [s.header for s in specs] == ["销售代表", "2026-01", "2026-Q1", "Q2"]


@pytest.mark.parametrize(
    ("values", "lang", "unit"),
    [
        ([12_000, 350_000, 2_000_000], "zh", (1e4, "万")),
        ([3e8, 5e8, 1e4], "zh", (1e8, "亿")),
        ([999, 20, 5], "en", (1.0, "")),
        ([2e6, 3e6, None, 0], "en", (1e6, "M")),
        ([], "en", (1.0, "")),
    ],
)
def test_a_money_column_reads_in_the_unit_of_its_median(values: list, lang: str, unit: tuple) -> None:
    assert column_unit(values, lang) == unit


def test_chart_amount_ticks_read_in_wan_and_months_without_english_names() -> None:
    import plotly.graph_objects as go

    from salesdash.charts.style import localized, nice_ticks, tick_text

    assert nice_ticks(0, 37_000_000) == [0, 10_000_000, 20_000_000, 30_000_000, 40_000_000]
    assert [tick_text(t, "zh") for t in (0, 25_000, 100_000_000)] == ["0", "2.5万", "1亿"]
    assert [tick_text(t, "en") for t in (0, 25_000, 1_500_000)] == ["0", "25K", "1.5M"]
    months = pd.date_range("2026-01-01", periods=9, freq="MS")
    figure = go.Figure(go.Bar(x=months, y=[30e6, 13e6, 35e6, 31e6, 24e6, 37e6, 30e6, 32e6, 25e6]))
    localized(figure, "zh")
    assert figure.layout.yaxis.ticktext == ("0", "1,000万", "2,000万", "3,000万", "4,000万")
    assert figure.layout.xaxis.tickformat == "%Y年%-m月" and figure.layout.xaxis.dtick == "M1"


def test_months_beside_words_stay_on_a_category_axis_written_for_the_language() -> None:
    import plotly.graph_objects as go

    from salesdash.charts.style import localized

    figure = go.Figure(go.Bar(x=["2026-09-01", "2026-10-01", "Overdue"], y=[1.0, 2.0, 3.0]))
    localized(figure, "zh")
    assert figure.layout.xaxis.type == "category"
    assert figure.layout.xaxis.ticktext == ("2026年9月", "2026年10月", "Overdue")


RAW = re.compile(r"^[a-z]+(_[a-z0-9]+)+$|^[a-z]+\.[a-z_.]+$")
# In the Chinese view an option is never a bare code or small number: `zh`, `previous`, `1` (a month); years
# (`2026`) are data.
RAW_OPTION = re.compile(r"^[a-z_.\-]+$|^\d{1,2}$")


@pytest.mark.parametrize("page", ["overview", "targets", "market", "customers", "pipeline", "team", "data", "settings"])
def test_every_table_header_and_option_of_a_chinese_page_is_in_the_catalogue(
    chinese_demo: Path, page: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With SALESDASH_STRICT_TEXT the renderer raises on a header without a text; options are checked here."""
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("SALESDASH_DB", str(chinese_demo))
    monkeypatch.setenv("SALESDASH_STRICT_TEXT", "1")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["lang"] = "zh"
    at.run()
    if page != "overview":
        at.switch_page(str(ROOT / page_script(page)))
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    options = [o for box in [*at.selectbox, *at.multiselect, *at.radio] for o in box.options]
    assert [o for o in options if RAW_OPTION.match(str(o))] == []
    headers = [str(c) for frame in at.dataframe for c in frame.value.columns]
    assert [h for h in headers if RAW.match(h)] == []


def test_scatters_label_their_top_points_and_win_rate_bars_are_sorted_without_empty_ones() -> None:
    from salesdash.charts.pipeline import breakdown_bar
    from salesdash.charts.style import top_labels

    assert top_labels(["a", "b", "c", "d"], [3, None, 5, 1], count=2) == ["a", "", "c", ""]
    frame = pd.DataFrame({"name": ["East", "North", "South"], "key": ["E", "N", "S"], "win_rate": [0.2, None, 0.6]})
    bar = breakdown_bar(frame, {"win_rate": "Win rate"}).data[0]
    assert list(bar.y) == ["South", "East"] and list(bar.customdata) == ["S", "E"]


def test_ratio_axes_tick_at_nice_percentages() -> None:
    import plotly.graph_objects as go

    from salesdash.charts.style import localized

    figure = go.Figure(go.Scatter(x=[1, 2, 3], y=[0.31, 0.46, 0.81]))
    figure.update_layout(yaxis_tickformat=".0%")
    localized(figure, "en")
    assert figure.layout.yaxis.ticktext == ("0%", "20%", "40%", "60%", "80%", "100%")


def test_a_tables_width_is_its_columns_widest_text_plus_padding() -> None:
    """docs/figures.md, "Tables": 14 px per wide (CJK) character, 6.6 px per other, 17 px padding per column,
    2 px of border; a money cell as drawn (`¥20.7亿`), a count grouped (`1,234`), an id hidden."""
    frame = pd.DataFrame({"customer_id": ["C1", "C2"], "customer_name": ["甲", "乙公司"], "orders": [5, 1234]})
    frame["revenue"] = [2_073_431_859.0, 1_000.0]
    shown, specs, _ = table_layout(frame, "zh", strict=True)
    assert [s.header for s in specs if not s.hidden] == ["客户", "订单数", "销售额"]
    assert [s.hidden for s in specs] == [True, False, False, False]
    # 客户 vs 乙公司: 3 wide; 订单数: 3 wide vs 1,234; 销售额 (3 wide = 42) vs ¥20.7亿 (5 × 6.6 + 14 = 47).
    expected = 2 + (3 * 14 + 17) + (3 * 14 + 17) + (5 * 6.6 + 14 + 17)
    assert table_width(shown, specs) == round(expected)


def test_the_upload_history_reads_in_words() -> None:
    batches = pd.DataFrame(
        {
            "batch_id": [2, 1],
            "table_name": ["orders", "demo"],
            "file_name": ["sales.csv", "demo"],
            "file_hash": ["9f2c", "demo:orders=200000;seed=7;lang=zh"],
            "mapping": ['{"订单日期": "order_date", "金额": "revenue"}', '{"rows": {"orders": 200000, "reps": 40}}'],
            "upload_key": ["k2", "k1"],
        }
    )
    english = readable_history(batches, "en")
    assert list(english.columns) == ["batch_id", "table_name", "file_name", "file_hash", "mapping"]
    assert english["file_name"].tolist() == ["sales.csv", "Built-in demo data"]
    assert english["file_hash"].tolist() == ["9f2c", "200,000 order lines · seed 7 · in Chinese"]
    assert english["mapping"].tolist() == ["Order date ← 订单日期, Revenue ← 金额", "orders 200,000 rows, reps 40 rows"]
    chinese = readable_history(batches, "zh")
    assert chinese["file_name"].tolist() == ["sales.csv", "内置演示数据"]
    assert chinese["file_hash"].tolist() == ["9f2c", "200,000 行订单 · 随机种子 7 · 中文"]
    assert chinese["mapping"].tolist() == ["订单日期 ← 订单日期, 销售额 ← 金额", "订单 200,000 行, 销售人员 40 行"]
    shown, _, _ = table_layout(chinese, "zh", strict=True)
    assert shown["数据表"].tolist() == ["订单", "全部数据表"]
