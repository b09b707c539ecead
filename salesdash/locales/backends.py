"""Text about the engine the dashboard reads (docs/engines.md)."""

STRINGS: dict[str, dict[str, str]] = {
    "backends.uploads_off": {
        "en": (
            "Uploads are off: this dashboard reads the engine set in SALESDASH_BACKEND ({engine}), which it "
            "cannot write to. Load your files into the DuckDB store (unset SALESDASH_BACKEND) and copy them "
            "over with `python -m salesdash export-to URL`, or load them into that engine with its own tools."
        ),
        "zh": (
            "上传已关闭：本看板读取的是 SALESDASH_BACKEND 指定的引擎（{engine}），看板无法向其写入数据。"
            "请先把文件上传到 DuckDB 数据库（取消设置 SALESDASH_BACKEND），再用 "
            "`python -m salesdash export-to URL` 复制过去，或用该引擎自己的工具导入。"
        ),
    },
    "backends.engine": {"en": "Data engine: {engine}", "zh": "数据引擎：{engine}"},
}
