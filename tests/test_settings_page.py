"""The Settings page shows ratio settings in percent and stores them as fractions (docs/figures.md)."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from salesdash.store import Store
from ui.components import page_script

APP = str(Path(__file__).parent.parent / "app.py")


def test_ratio_settings_read_in_percent_and_save_as_fractions(
    small_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    small_store.close()
    monkeypatch.setenv("SALESDASH_DB", str(small_store.path))
    at = AppTest.from_file(APP, default_timeout=90)
    at.query_params["lang"] = "zh"
    at.run()
    at.switch_page(str(Path(APP).parent / page_script("settings"))).run()
    assert not at.exception, [e.value for e in at.exception]
    assert {n.label: n.value for n in at.number_input} == {
        "A 类：累计销售额占比至（%）": 80.0,
        "B 类：累计销售额占比至（%）": 95.0,
        "客户接触（%）": 10.0,
        "需求分析（%）": 25.0,
        "方案制定（%）": 50.0,
        "商务谈判（%）": 75.0,
    }
    at.number_input[0].set_value(85.0)
    at.number_input[5].set_value(70.0)
    next(b for b in at.button if b.label == "保存设置").click().run()
    assert not at.exception, [e.value for e in at.exception]
    with Store(small_store.path) as store:
        assert list(store.setting("tier_thresholds")) == [0.85, 0.95]
        assert store.setting("stage_probabilities")["negotiation"] == 0.7
