"""Text of the Settings page."""

STRINGS: dict[str, dict[str, str]] = {
    "settings.title": {"en": "Settings", "zh": "设置"},
    "settings.calendar": {"en": "Calendar", "zh": "日历"},
    "settings.fiscal_start": {"en": "Fiscal year starts in month", "zh": "财年起始月份"},
    "settings.tiers": {"en": "Customer tiers", "zh": "客户分级"},
    "settings.in_percent": {"en": "{label} (%)", "zh": "{label}（%）"},
    "settings.tier_a": {"en": "A tier: cumulative revenue share up to", "zh": "A 类：累计销售额占比至"},
    "settings.tier_b": {"en": "B tier: cumulative revenue share up to", "zh": "B 类：累计销售额占比至"},
    "settings.stages": {"en": "Stage probabilities", "zh": "阶段赢率"},
    "settings.display": {"en": "Display", "zh": "显示"},
    "settings.currency": {"en": "Currency", "zh": "货币"},
    "settings.default_lang": {"en": "Default language", "zh": "默认语言"},
    "settings.save": {"en": "Save settings", "zh": "保存设置"},
    "settings.saved": {"en": "Settings saved; every page now uses them.", "zh": "设置已保存，所有页面已生效。"},
    "settings.not_allowed": {"en": "Only an admin can change settings.", "zh": "只有管理员可以修改设置。"},
    "settings.backup": {"en": "Backup", "zh": "备份"},
    "settings.backup_help": {
        "en": "A consistent copy of the whole database, taken while the dashboard keeps running. "
        "Restore it with `python -m salesdash restore FILE` while the dashboard is stopped.",
        "zh": "在看板运行时生成整个数据库的一致副本。恢复时请先停止看板，再运行 `python -m salesdash restore 文件`。",
    },
    "settings.backup_now": {"en": "Back up now", "zh": "立即备份"},
    "settings.backup_done": {
        "en": "Backup written to {path} in {seconds} s.",
        "zh": "备份已写入 {path}，用时 {seconds} 秒。",
    },
    "stage.contact": {"en": "Contact", "zh": "客户接触"},
    "stage.needs_analysis": {"en": "Needs analysis", "zh": "需求分析"},
    "stage.proposal": {"en": "Proposal", "zh": "方案制定"},
    "stage.negotiation": {"en": "Negotiation", "zh": "商务谈判"},
    "stage.won": {"en": "Won", "zh": "合同签署"},
    "stage.lost": {"en": "Lost", "zh": "丢单"},
    "stage.after_sales": {"en": "After-sales", "zh": "售后服务"},
}
