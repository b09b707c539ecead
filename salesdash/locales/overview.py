"""Text of the Overview page."""

STRINGS: dict[str, dict[str, str]] = {
    "overview.title": {"en": "Overview", "zh": "总览"},
    "overview.on_track": {"en": "Are we on track?", "zh": "目标进度如何？"},
    "overview.movers": {"en": "What moved?", "zh": "哪些变化最大？"},
    "overview.movers_region": {"en": "By region", "zh": "按区域"},
    "overview.movers_category": {"en": "By category", "zh": "按品类"},
    "overview.alerts": {"en": "What needs attention?", "zh": "需要关注什么？"},
    "overview.no_alerts": {"en": "Nothing needs attention in this view.", "zh": "当前视图下没有需要关注的事项。"},
    "alert.reps_behind": {"en": "{count} reps below 70% of pace", "zh": "{count} 名销售代表低于进度的 70%"},
    "alert.silent_a": {
        "en": "{count} A-tier customers silent for over 60 days",
        "zh": "{count} 个 A 类客户超过 60 天未下单",
    },
    "alert.overdue_deals": {"en": "{count} deals past their expected close", "zh": "{count} 个商机已超过预计成交日期"},
    "overview.open_page": {"en": "Open {page}", "zh": "打开{page}"},
}
