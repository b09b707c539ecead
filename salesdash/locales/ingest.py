"""Ingest messages: where a problem is, why a row was rejected, why a file was refused (salesdash.ingest)."""

STRINGS: dict[str, dict[str, str]] = {
    # Location prefix; English matches salesdash.errors.InputError.
    "ingest.where.file": {"en": "file {file}", "zh": "文件 {file}"},
    "ingest.where.row": {"en": "row {row}", "zh": "第 {row} 行"},
    "ingest.where.column": {"en": "column {column}", "zh": "列 {column}"},
    "ingest.where.sep": {"en": ", ", "zh": "，"},
    "ingest.where.prefix": {"en": "{where}: {message}", "zh": "{where}：{message}"},
    "ingest.value": {"en": " (value {value})", "zh": "（值 {value}）"},
    # Warnings about an upload (the file still loads).
    "ingest.notice.not_taken": {
        "en": "column {header} was not taken as {field}: {reason}",
        "zh": "列 {header} 未作为 {field} 导入：{reason}",
    },
    "ingest.notice.not_dates": {"en": "its values are not dates", "zh": "其中的值不是日期"},
    "ingest.notice.not_numbers": {"en": "its values are not numbers", "zh": "其中的值不是数字"},
    "ingest.notice.not_fractions": {
        "en": "its values are percentages (10 … 100), and salesdash's probability is a fraction (0.7)",
        "zh": "其中的值是百分数（10 … 100），而 salesdash 的赢率是小数（0.7）",
    },
    "ingest.notice.derived_order_id": {
        "en": "no order id column: each line's id is derived from its content (order_id 'R…')",
        "zh": "没有订单号列：每行的订单号由该行内容生成（order_id 'R…'）",
    },
    "ingest.notice.not_loaded": {"en": "columns not loaded: {columns}", "zh": "未导入的列：{columns}"},
    "ingest.notice.already_loaded": {
        "en": "this file was already loaded as batch {batch}; nothing changed.",
        "zh": "此文件已作为批次 {batch} 导入，未做任何更改。",
    },
    # Reject reasons, one per rejected row.
    "ingest.reject.not_date": {"en": "{field} is not a date", "zh": "{field} 不是日期"},
    "ingest.reject.not_number": {"en": "{field} is not a number", "zh": "{field} 不是数字"},
    "ingest.reject.not_stage": {
        "en": "{field} is not a known stage (add it to the stage map)",
        "zh": "{field} 不是已知的阶段（请在阶段映射中添加）",
    },
    "ingest.reject.not_period": {
        "en": "{field} is not a period (use 2025-03, 2025-Q1 or 2025)",
        "zh": "{field} 不是期间（请写作 2025-03、2025-Q1 或 2025）",
    },
    "ingest.reject.underivable_from": {
        "en": "revenue cannot be derived: {field} is empty",
        "zh": "无法计算收入：{field} 为空",
    },
    "ingest.reject.underivable": {
        "en": "{field} is empty (and cannot be derived)",
        "zh": "{field} 为空（且无法推导）",
    },
    "ingest.reject.required": {"en": "{field} is empty; it is required", "zh": "{field} 为空；此字段必填"},
    "ingest.reject.future": {"en": "{field} is more than a year in the future", "zh": "{field} 晚于今天一年以上"},
    "ingest.reject.before_1900": {"en": "{field} is before 1900", "zh": "{field} 早于 1900 年"},
    "ingest.reject.negative": {"en": "{field} is negative", "zh": "{field} 为负数"},
    "ingest.reject.not_fraction": {
        "en": "{field} is not a fraction between 0 and 1",
        "zh": "{field} 不是 0 到 1 之间的比例",
    },
    "ingest.reject.repeats_key": {
        "en": "{field} repeats the key of row {first_row} ({keys})",
        "zh": "{field} 与第 {first_row} 行的主键重复（{keys}）",
    },
    # File-level refusals.
    "ingest.error.rejected": {
        "en": "{rejected} of {read} rows rejected (allowed: {allowed}); nothing was loaded. Fix the rows listed, "
        "or allow rejects with --max-reject N.",
        "zh": "{read} 行中有 {rejected} 行被拒绝（允许：{allowed}）；未导入任何数据。请修正列出的行，"
        "或用 --max-reject N 允许拒绝行。",
    },
    "ingest.error.first": {"en": " First: {reason}{value}", "zh": "第一处：{reason}{value}"},
    "ingest.error.no_file": {"en": "the file does not exist or is not a file.", "zh": "文件不存在，或不是文件。"},
    "ingest.error.header_only": {
        "en": "the file has a header but no data rows; export it again with its rows.",
        "zh": "文件只有表头，没有数据行；请连同数据重新导出。",
    },
    "ingest.error.no_required": {
        "en": "no column for the required field {field!r} of {table}{refused}. Columns are: {columns}. "
        "Map one with --map 'COLUMN={field}' (or choose it on the Data page).",
        "zh": "{table} 的必填字段 {field!r} 没有对应的列{refused}。文件的列：{columns}。"
        "请在数据页选择对应列（命令行：--map '列名={field}'）。",
    },
    "ingest.error.no_revenue": {
        "en": "no column gives revenue{refused}: orders need a revenue column, or both quantity and unit price to "
        "derive it. Columns are: {columns}. Map one with --map 'COLUMN=revenue' (or choose it on the Data page).",
        "zh": "没有能给出销售额的列{refused}：订单需要销售额列，或同时有数量和单价以便计算。文件的列：{columns}。"
        "请在数据页选择对应列（命令行：--map '列名=revenue'）。",
    },
    "ingest.error.one_of": {
        "en": "{table} needs one of {fields}{refused}; map a column with --map.",
        "zh": "{table} 需要 {fields} 之一{refused}；请映射一列（命令行：--map）。",
    },
    "ingest.error.empty": {
        "en": "the file is empty; export it again with its header row and data.",
        "zh": "文件为空；请连同表头和数据重新导出。",
    },
    "ingest.error.binary": {
        "en": "this is not a text table (it holds binary bytes); upload a CSV, Parquet or Excel file.",
        "zh": "这不是文本表格（含有二进制字节）；请上传 CSV、Parquet 或 Excel 文件。",
    },
    "ingest.error.encoding": {
        "en": "the text encoding is not recognised (tried UTF-8, UTF-16, GBK/GB18030, Windows-1252); "
        "save the file as UTF-8 CSV and upload it again.",
        "zh": "无法识别文本编码（已尝试 UTF-8、UTF-16、GBK/GB18030、Windows-1252）；请另存为 UTF-8 CSV 后重新上传。",
    },
    "ingest.error.too_big": {
        "en": "the file is {size:,} bytes, over the limit of {limit:,}; split it by period, "
        "or raise the limit (--max-bytes or the max_bytes setting).",
        "zh": "文件大小 {size:,} 字节，超过上限 {limit:,}；请按期间拆分，或提高上限（--max-bytes 或 max_bytes 设置）。",
    },
    "ingest.error.bad_byte": {
        "en": "a byte is not valid {encoding} text; the file mixes encodings. "
        "Save it again as UTF-8 CSV and upload it again.",
        "zh": "有字节不是有效的 {encoding} 文本；文件混用了多种编码。请另存为 UTF-8 CSV 后重新上传。",
    },
    "ingest.error.cut_short": {
        "en": "the file ends in the middle of a {encoding} character (it is cut short); export it again.",
        "zh": "文件在一个 {encoding} 字符中间结束（文件不完整）；请重新导出。",
    },
    "ingest.error.unreadable": {
        "en": "the file cannot be read as a table ({detail}). Check that every line has the same number of "
        "columns and that quotes are closed, then upload it again.",
        "zh": "无法按表格读取文件（{detail}）。请检查每行列数是否一致、引号是否成对，然后重新上传。",
    },
    "ingest.error.empty_sheet": {
        "en": "the sheet {sheet!r} is empty; choose another sheet (--sheet).",
        "zh": "工作表 {sheet!r} 为空；请选择其他工作表（--sheet）。",
    },
    "ingest.error.no_sheet": {
        "en": "there is no sheet {sheet!r}; the sheets are {sheets}.",
        "zh": "没有工作表 {sheet!r}；现有工作表：{sheets}。",
    },
    "ingest.error.zip_damaged": {
        "en": "the file looks like a zip/XLSX but is damaged; save it again.",
        "zh": "文件看似 zip/XLSX 但已损坏；请重新保存。",
    },
    "ingest.error.zip_not_excel": {
        "en": "this zip file is not an Excel workbook; upload the .xlsx itself.",
        "zh": "这个 zip 文件不是 Excel 工作簿；请上传 .xlsx 文件本身。",
    },
    "ingest.error.bomb": {
        "en": "the workbook would expand to {expanded:,} bytes ({ratio:.0f}× its size); "
        "refused as unsafe. Export the sheet as CSV instead.",
        "zh": "工作簿解压后将达 {expanded:,} 字节（原大小的 {ratio:.0f} 倍），出于安全拒绝。请改为导出 CSV。",
    },
    "ingest.error.xlsx_unreadable": {
        "en": "the workbook cannot be opened ({detail}); save it again as .xlsx.",
        "zh": "无法打开工作簿（{detail}）；请重新保存为 .xlsx。",
    },
    "ingest.error.xls_unreadable": {
        "en": "the .xls workbook cannot be opened ({detail}); save it as .xlsx.",
        "zh": "无法打开 .xls 工作簿（{detail}）；请另存为 .xlsx。",
    },
    "ingest.error.not_a_date": {
        "en": "{value!r} is not a date in a known form; use ISO dates (2025-03-31), or give the format "
        "with --date-format (e.g. %d.%m.%Y).",
        "zh": "{value!r} 不是可识别的日期；请使用 ISO 日期（2025-03-31），或用 --date-format 指定格式（如 %d.%m.%Y）。",
    },
    "ingest.error.mixed_dates": {
        "en": "this column mixes day-first and month-first dates; export it again with one date format.",
        "zh": "此列混用了日在前和月在前的日期；请用统一的日期格式重新导出。",
    },
    "ingest.error.ambiguous_dates": {
        "en": "the dates (e.g. {value!r}) read both as day/month and as month/day; choose the order "
        "with --date-format DMY or --date-format MDY (on the Data page: the date-format choice).",
        "zh": "这些日期（如 {value!r}）既可读作日/月也可读作月/日；请在数据页选择日期顺序"
        "（命令行：--date-format DMY 或 --date-format MDY）。",
    },
    "ingest.error.unknown_table": {
        "en": "unknown table kind {table!r}; choose one of {tables}.",
        "zh": "未知的数据类型 {table!r}；请从以下选择：{tables}。",
    },
    "ingest.error.map_no_column": {
        "en": "--map names a column {header!r} that the file does not have; its columns are {columns}.",
        "zh": "--map 指定的列 {header!r} 在文件中不存在；文件的列：{columns}。",
    },
    "ingest.error.no_field": {
        "en": "{table} has no field {field!r}; fields are {fields}.",
        "zh": "{table} 没有字段 {field!r}；可用字段：{fields}。",
    },
    "ingest.error.unknown_mode": {
        "en": "unknown mode {mode!r}; use one of {modes}.",
        "zh": "未知的导入方式 {mode!r}；请从以下选择：{modes}。",
    },
    "ingest.error.no_period": {
        "en": "{table} has no date, so --mode replace-period does not apply; use upsert or replace-all.",
        "zh": "{table} 没有日期，不能按期间替换（replace-period）；请用 upsert 或 replace-all。",
    },
    "ingest.error.no_batch": {
        "en": "there is no upload batch {batch}; `python -m salesdash batches` lists them.",
        "zh": "没有导入批次 {batch}；上传历史（或 `python -m salesdash batches`）列出全部批次。",
    },
    "ingest.error.already_undone": {
        "en": "batch {batch} was already undone at {when}.",
        "zh": "批次 {batch} 已于 {when} 撤销。",
    },
    "ingest.error.later_batches": {
        "en": "batch {batch} cannot be undone while later uploads to {table} stand; "
        "undo batch {later} first (newest first).",
        "zh": "{table} 之后还有未撤销的导入，批次 {batch} 暂不能撤销；请先撤销批次 {later}（从最新的开始）。",
    },
    "ingest.error.not_standard_stage": {
        "en": "{stage!r} is not a standard stage; use one of {stages}.",
        "zh": "{stage!r} 不是标准阶段；请从以下选择：{stages}。",
    },
    # Number styles, missing values, encodings, closed deals (docs/uploads.md).
    "ingest.reject.wrong_style": {
        "en": "{field} is written in another number style than the rest of its column (decimal mark and separators)",
        "zh": "{field} 的数字写法与该列其他值不同（小数点与千位分隔符）",
    },
    "ingest.reject.not_finite": {
        "en": "{field} is not a finite number (too large, or infinite)",
        "zh": "{field} 不是有限的数字（过大或无穷）",
    },
    "ingest.error.ambiguous_decimal": {
        "en": "the numbers of column(s) {columns} can be read two ways (e.g. {example}: a decimal point, or a "
        "point between thousands). Say which mark is the decimal mark: --decimal , or --decimal . (on the Data "
        "page: choose the decimal mark).",
        "zh": "列 {columns} 的数字有两种读法（例如 {example}：小数点，或千位分隔点）。请指定小数点符号："
        "--decimal , 或 --decimal .（在数据页面上：选择小数点符号）。",
    },
    "ingest.error.bad_decimal": {
        "en": "the decimal mark must be ',' or '.', not {choice!r}.",
        "zh": "小数点符号必须是 ',' 或 '.'，而不是 {choice!r}。",
    },
    "ingest.notice.missing_customers": {
        "en": "{count} lines have no customer (empty or a missing-value token such as NA): counted as anonymous",
        "zh": "{count} 行没有客户（为空或 NA 等缺失值标记）：按匿名销售计",
    },
    "ingest.notice.token_cells": {
        "en": "column {header}: {count} cells holding {values} are read as no value (a missing-value token); if "
        "{values} is a real value in this column (NA for North America), an admin can take it off the setting "
        "missing_values",
        "zh": "列 {header}：{count} 个值为 {values} 的单元格按缺失值处理（缺失值标记）；若 {values} 在此列是真实取值"
        "（如 NA 表示北美），管理员可在设置 missing_values 中将其去掉",
    },
    "ingest.notice.cancelled_lines": {
        "en": "column {header} marks {count} lines as cancelled; salesdash loads such lines as sales like the others "
        "(a cancellation counts only as a negative line): take them out of the file if they did not sell",
        "zh": "列 {header} 将 {count} 行标为已取消；这类行与其他行一样按销售导入（取消只以负数行计）：如未成交，"
        "请从文件中删除",
    },
    "ingest.notice.label_variants": {
        "en": "column {header} spells the same label in several ways ({spellings}): they are loaded as written, as "
        "separate groups; correct the file if they are one",
        "zh": "列 {header} 中同一标签有多种写法（{spellings}）：按原样导入，视为不同分组；如为同一项，请修改文件",
    },
    "ingest.notice.discount_not_taken": {
        "en": "column {header} holds discounts in money ({total} in total) that are not taken off: revenue is "
        "quantity × unit price before them; map a net line amount as revenue if the export has one",
        "zh": "列 {header} 是金额形式的折扣（合计 {total}），未从收入中扣除：收入按 数量 × 单价 计算，为折扣前金额；"
        "如导出文件中有行级净额列，请将其映射为 revenue",
    },
    "ingest.notice.closed_from_close_date": {
        "en": "{count} won or lost deals have no closed date: their close date (column {column}) is used",
        "zh": "{count} 个赢单或输单商机没有成交日期：使用其预计成交日期（列 {column}）",
    },
    "ingest.notice.closed_without_date": {
        "en": "{count} closed deals have no date: they count in no window",
        "zh": "{count} 个已关闭商机没有日期：不计入任何时间窗口",
    },
    "ingest.error.mixed_encoding": {
        "en": "this line is not {encoding} text like the rest of the file (mixed encodings); save the whole file "
        "as UTF-8 and upload it again.",
        "zh": "此行不是与文件其余部分相同的 {encoding} 文本（编码混杂）；请将整个文件另存为 UTF-8 后重新上传。",
    },
    "ingest.error.not_workbook": {
        "en": "this is not a workbook (its bytes are {kind}); upload the .xlsx or .xls file itself.",
        "zh": "这不是工作簿（文件内容是 {kind}）；请上传 .xlsx 或 .xls 文件本身。",
    },
    "ingest.error.not_table": {
        "en": "this is not a data table (its bytes are {kind}); upload a CSV, Parquet or Excel file.",
        "zh": "这不是数据表（文件内容是 {kind}）；请上传 CSV、Parquet 或 Excel 文件。",
    },
    "ingest.error.cell_too_long": {
        "en": "this cell holds more than the {limit:,} characters a value may hold; shorten it or leave it out of "
        "the sheet.",
        "zh": "此单元格超过一个值允许的 {limit:,} 个字符；请缩短，或不要放在该工作表中。",
    },
    "ingest.error.line_too_long": {
        "en": "this line is longer than the {limit:,} characters a line may hold; check its quotes.",
        "zh": "此行超过一行允许的 {limit:,} 个字符；请检查其中的引号。",
    },
    "ingest.decimal": {"en": "Numbers like 18.500 mean", "zh": "形如 18.500 的数字表示"},
    "ingest.decimal.,": {"en": "18500 (comma is the decimal mark)", "zh": "18500（逗号是小数点）"},
    "ingest.decimal..": {"en": "18.5 (point is the decimal mark)", "zh": "18.5（句点是小数点）"},
    "ingest.error.ragged": {
        "en": "the file cannot be read as a table: this line has {found} fields where the header has {expected}; "
        "check its delimiters and quotes.",
        "zh": "无法作为表格读取：此行有 {found} 个字段，而表头有 {expected} 个；请检查分隔符和引号。",
    },
    "ingest.more_like_this": {
        "en": "… and {count} more like this ({column}: {reason})",
        "zh": "……以及另外 {count} 个同类问题（{column}：{reason}）",
    },
}
