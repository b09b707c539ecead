"""Text about running salesdash: waiting for the database, the inbox folder (docs/operations.md)."""

STRINGS: dict[str, dict[str, str]] = {
    "store.waiting": {
        "en": "A load or backup is writing the database; the page continues when it is done.",
        "zh": "正在导入数据或备份，数据库暂时被占用；完成后页面会自动继续。",
    },
    "inbox.rejected_header": {
        "en": "{file} was not loaded. Nothing of it is in the database. Reasons:",
        "zh": "{file} 未导入，数据库中没有它的任何数据。原因：",
    },
    "inbox.rejected_next": {
        "en": (
            "Correct the file and drop it into the inbox again, or load it on the Data page to choose "
            "the mapping by hand."
        ),
        "zh": "请修正文件后重新放入收件夹，或在“数据上传”页手动选择字段映射后导入。",
    },
}
