"""Tables shown to people: headers and coded values in the user's language; every code has a text."""

from __future__ import annotations

import pandas as pd

from salesdash.display import labelled
from salesdash.i18n import missing_translations, strings
from salesdash.metrics.customers.movement import FROM_TIERS, TO_TIERS
from salesdash.metrics.customers.rfm import SEGMENTS
from salesdash.metrics.customers.strategy import STRATEGIES


def test_labelled_translates_codes_and_headers() -> None:
    frame = pd.DataFrame(
        {"tier": ["A", "new"], "segment": ["cant_lose", "lost"], "strategy": ["win_back", "none"], "x": [1, 2]}
    )
    assert labelled(frame, "zh").to_dict("list") == {
        "等级": ["A 类", "新增"],
        "客户群": ["不能失去", "已流失"],
        "策略": ["挽回", "无规则"],
        "x": [1, 2],
    }
    assert labelled(frame, "en").columns.tolist() == ["Tier", "Segment", "Strategy", "x"]


def test_every_code_has_a_text_in_both_languages() -> None:
    keys = strings()
    codes = [f"customers.segment.{s}" for s in SEGMENTS]
    codes += [f"customers.strategy.{s}" for s in (*STRATEGIES, "none")]
    codes += [f"customers.tier.{t}" for t in {*FROM_TIERS, *TO_TIERS}]
    assert [c for c in codes if c not in keys] == []
    assert [k for k, _ in missing_translations() if k.startswith("customers.")] == []
