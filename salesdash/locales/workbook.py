"""Workbook uploads (salesdash.ingest.workbook): refusals, the collapsed-ids warning and reject reason."""

STRINGS: dict[str, dict[str, str]] = {
    "workbook.error.not_a_workbook": {
        "en": "the file is named like a workbook but is not a workbook (its content is neither .xlsx, .xls "
        "nor .ods); open it in Excel and save it as .xlsx, or export the sheet as CSV.",
        "zh": "文件名像工作簿，但内容不是工作簿（既不是 .xlsx、.xls 也不是 .ods）；请在 Excel 中打开并另存为 "
        ".xlsx，或把工作表导出为 CSV。",
    },
    "workbook.error.unreadable": {
        "en": "the workbook cannot be opened ({detail}); open it in Excel and save it again as .xlsx.",
        "zh": "无法打开工作簿（{detail}）；请在 Excel 中打开并重新另存为 .xlsx。",
    },
    "workbook.error.password": {
        "en": "the workbook is protected by a password; save a copy without the password and upload that.",
        "zh": "工作簿受密码保护；请另存一份不带密码的副本再上传。",
    },
    "workbook.error.no_sheets": {
        "en": "the workbook has no worksheet (only charts); export the data sheet instead.",
        "zh": "工作簿中没有工作表（只有图表）；请导出数据所在的工作表。",
    },
    "workbook.error.too_large": {
        "en": "sheet {sheet!r} spans {rows:,} rows × {columns:,} columns from its first to its last filled "
        "cell; salesdash reads at most {max_columns:,} columns and {max_cells:,} cells a sheet. Delete the "
        "stray cells far from the table (Ctrl+End shows the last one), or copy the table to a new sheet.",
        "zh": "工作表 {sheet!r} 从第一个到最后一个有内容的单元格跨 {rows:,} 行 × {columns:,} 列；salesdash "
        "每个工作表最多读取 {max_columns:,} 列、{max_cells:,} 个单元格。请删除远离表格的零散单元格"
        "（Ctrl+End 可定位最后一个），或把表格复制到新工作表。",
    },
    "workbook.notice.collapsed_ids": {
        "en": "column {column!r} holds ids stored as Excel numbers, which keep only 15–17 digits: {value} "
        "stands for rows {rows}, which were probably different ids. Those rows are rejected; format the "
        "column as Text in Excel before exporting, or load the CSV export.",
        "zh": "列 {column!r} 的编号以 Excel 数字保存，只保留 15–17 位有效数字：{value} 出现在第 {rows} 行，"
        "这些很可能原是不同的编号。这些行被拒绝；请在 Excel 中把该列设为文本后再导出，或导入 CSV 导出文件。",
    },
    "ingest.reject.excel_digits": {
        "en": "{field} lost digits in Excel (several rows share this number)",
        "zh": "{field} 在 Excel 中丢失了位数（多行共用此数字）",
    },
    "workbook.ui.sheets_help": {
        "en": "Choose several sheets that share one header row (one month per sheet, say): the preview and the "
        "mapping are the first sheet's, and each sheet loads as its own batch.",
        "zh": "可选择表头相同的多个工作表（例如每月一个工作表）：预览和映射取第一个工作表，每个工作表各自作为一个批次导入。",
    },
    "workbook.ui.other_header": {
        "en": "Not loaded with the others: {sheets} (their header row differs from {first!r}'s); upload them on their own.",
        "zh": "未与其他工作表一同导入：{sheets}（表头与 {first!r} 不同）；请单独导入。",
    },
    "workbook.ui.loaded_sheet": {
        "en": "Sheet {sheet!r} loaded as batch #{batch} into {table}.",
        "zh": "工作表 {sheet!r} 已作为批次 #{batch} 导入{table}。",
    },
    "workbook.error.sheets_replace_period": {
        "en": "--mode replace-period loads one sheet at a time (each sheet would remove the rows the sheets "
        "before it loaded in its period); load the sheets one by one, or use --mode upsert or replace-all.",
        "zh": "--mode replace-period 每次只能导入一个工作表（每个工作表会删除此前工作表在其期间内导入的行）；"
        "请逐个导入，或使用 --mode upsert 或 replace-all。",
    },
}
