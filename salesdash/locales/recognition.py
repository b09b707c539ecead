"""Recognition of uploads: doubts about the table kind, a column, a year or stage names (salesdash.ingest.mapping)."""

STRINGS: dict[str, dict[str, str]] = {
    "data.col.confidence": {"en": "Confidence", "zh": "把握"},
    "data.confidence.sure": {"en": "sure", "zh": "确定"},
    "data.confidence.likely": {"en": "likely", "zh": "可能"},
    "data.confidence.unsure": {"en": "unsure — please choose", "zh": "不确定，请选择"},
    "data.year": {"en": "Year of the month columns", "zh": "月份列所属年份"},
    "targets.level.category": {"en": "Product category", "zh": "产品类别"},
    "ingest.error.two_tables": {
        "en": "the file could be {first} ({first_mapping}) or {second} ({second_mapping}); salesdash does not guess "
        "between them. Pass --table {first} or --table {second} (or choose the table on the Data page).",
        "zh": "该文件既可能是 {first}（{first_mapping}），也可能是 {second}（{second_mapping}）；salesdash 不做猜测。"
        "请在数据页选择表类型（命令行：--table {first} 或 --table {second}）。",
    },
    "ingest.error.unsure_column": {
        "en": "this column might be {field} (values {samples}), but salesdash is not sure. "
        "Pass {maps} to load it so (or confirm it on the Data page).",
        "zh": "该列可能是 {field}（值 {samples}），但 salesdash 无法确定。请在数据页确认（命令行：{maps}）。",
    },
    "ingest.error.needs_year": {
        "en": "columns {columns} are months without a year; pass --year YYYY (or enter the year on the Data page).",
        "zh": "列 {columns} 是没有年份的月份；请在数据页填写年份（命令行：--year YYYY）。",
    },
    "ingest.error.wide_not_targets": {
        "en": "columns {columns} hold one column per month, but neither the file name nor a header says target, plan "
        "or quota, so they are not loaded as targets. If they are targets, pass --table targets; monthly actuals "
        "load as order lines (one row per order or per day).",
        "zh": "列 {columns} 是每月一列，但文件名和表头都没有说明是目标（目标、计划、指标），因此不按目标导入。"
        "如果是目标，请选择 targets 表（命令行：--table targets）；每月实际销售请按订单明细（每单或每天一行）上传。",
    },
    "ingest.error.unknown_stages": {
        "en": "stage names not in the standard process: {names}. Map each one with --stage 'NAME=STAGE' "
        "(stages: {stages}), or on the Data page; the mapping is saved.",
        "zh": "以下阶段不在标准销售流程中：{names}。请在数据页为每个阶段选择标准阶段"
        "（命令行：--stage '名称=阶段'，阶段：{stages}）；映射会被保存。",
    },
    "ingest.notice.maybe": {
        "en": "column {header} might be {field}; it is not loaded because salesdash is not sure "
        "(map it with --map to load it)",
        "zh": "列 {header} 可能是 {field}；由于无法确定未导入（可在数据页或用 --map 映射后导入）",
    },
    "ingest.notice.stand_in": {
        "en": "column {header} is taken as {field}: the file has no better column for it",
        "zh": "列 {header} 作为 {field} 导入：文件中没有更合适的列",
    },
    "ingest.notice.order_total": {
        "en": "column {header} is not taken as revenue: it is a whole-order figure; with quantity and unit price on "
        "every line, revenue is quantity × unit price",
        "zh": "列 {header} 未作为收入导入：它是整单金额；每行都有数量和单价时，收入 = 数量 × 单价",
    },
    "ingest.notice.unlike_unit_price": {
        "en": "column {header} is not taken as unit_price: revenue is about {ratio} × quantity × its values, so it "
        "is not the line's unit price (to load it anyway, choose unit_price for it in the mapping, or --map it)",
        "zh": "列 {header} 未作为单价导入：收入约为 数量 × 该列 的 {ratio} 倍，它不是该行的单价"
        "（如确为单价，可在字段映射中选择 unit_price，或用 --map 映射）",
    },
    "ingest.notice.close_date": {
        "en": "column {header} is the close date of won and lost deals and the expected close date of open ones",
        "zh": "列 {header} 对赢单和输单是成交（关闭）日期，对进行中的商机是预计成交日期",
    },
    "ingest.notice.not_like": {
        "en": "its values do not look like {field}",
        "zh": "其中的值不像 {field}",
    },
    "ingest.notice.fiscal_year": {
        "en": "periods such as {value} are read as calendar years (FY2024 Q1 = January–March 2024)",
        "zh": "{value} 这类期间按自然年读取（FY2024 Q1 = 2024 年 1–3 月）",
    },
}
