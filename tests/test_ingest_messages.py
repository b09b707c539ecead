"""Ingest messages in both languages: reject reasons, refused files, the upload's summary (locales/ingest.py)."""

from __future__ import annotations

import pytest
from conftest import LOCAL

from salesdash.errors import InputError, SalesdashError, error_text
from salesdash.ingest import UploadRejected, ingest_file, inspect_file, undo
from salesdash.ingest.messages import IngestError, notice_text
from salesdash.store import Store

HEAD = "order_id,order_date,revenue\n"


def test_reject_reason_in_english_and_chinese(store, tmp_path):
    path = tmp_path / "some_bad.csv"
    path.write_text(HEAD + "A,2025-01-01,1\nB,2025-01-02,x\nC,2099-01-03,3\n")
    result = ingest_file(store, path, max_reject=2, user=LOCAL)
    assert [r.message() for r in result.rejects] == [
        "file some_bad.csv, row 3, column 'revenue': revenue is not a number (value 'x')",
        "file some_bad.csv, row 4, column 'order_date': order_date is more than a year in the future (value '2099-01-03')",
    ]
    assert [r.message("zh") for r in result.rejects] == [
        "文件 some_bad.csv，第 3 行，列 'revenue'：revenue 不是数字（值 'x'）",
        "文件 some_bad.csv，第 4 行，列 'order_date'：order_date 晚于今天一年以上（值 '2099-01-03'）",
    ]
    assert [r.reason for r in result.rejects] == [
        "revenue is not a number",
        "order_date is more than a year in the future",
    ]


def test_repeated_key_names_the_first_row_in_both_languages(store, tmp_path):
    path = tmp_path / "dup.csv"
    path.write_text("order_id,line,order_date,revenue\nA,1,2025-01-01,1\nB,1,2025-01-01,1\nA,1,2025-01-02,2\n")
    result = ingest_file(store, path, max_reject=1, user=LOCAL)
    (reject,) = result.rejects
    assert (reject.row, reject.column, reject.value) == (4, "order_id", "A")
    assert reject.text("en") == "order_id repeats the key of row 2 (order_id + line_id)"
    assert reject.text("zh") == "order_id 与第 2 行的主键重复（order_id + line_id）"


def test_refused_file_in_both_languages_keeps_file_and_row(store, tmp_path):
    path = tmp_path / "header_only.csv"
    path.write_text(HEAD)
    with pytest.raises(IngestError) as err:
        ingest_file(store, path, user=LOCAL)
    assert str(err.value) == (
        "file header_only.csv, row 2: the file has a header but no data rows; export it again with its rows."
    )
    assert error_text(err.value, "en") == str(err.value)
    assert (
        error_text(err.value, "zh") == "文件 header_only.csv，第 2 行：文件只有表头，没有数据行；请连同数据重新导出。"
    )
    assert (err.value.file, err.value.row, err.value.column) == ("header_only.csv", 2, None)


def test_size_limit_formats_numbers_in_both_languages(store, tmp_path):
    path = tmp_path / "big.csv"
    path.write_text(HEAD + "A,2025-01-01,1\n" * 100)
    size = path.stat().st_size
    with pytest.raises(InputError) as err:
        ingest_file(store, path, max_bytes=1000, user=LOCAL)
    assert f"the file is {size:,} bytes, over the limit of 1,000" in str(err.value)
    assert error_text(err.value, "zh").startswith(f"文件 big.csv：文件大小 {size:,} 字节，超过上限 1,000；")


def test_upload_rejected_summary_in_both_languages(store, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(HEAD + "A,2025-01-01,1\nB,2025-01-02,lots\n")
    with pytest.raises(UploadRejected) as err:
        ingest_file(store, path, user=LOCAL)
    assert str(err.value) == (
        "file bad.csv, row 3, column 'revenue': 1 of 2 rows rejected (allowed: 0); nothing was loaded. "
        "Fix the rows listed, or allow rejects with --max-reject N. First: revenue is not a number (value 'lots')"
    )
    assert err.value.localized("zh") == (
        "文件 bad.csv，第 3 行，列 'revenue'：2 行中有 1 行被拒绝（允许：0）；未导入任何数据。"
        "请修正列出的行，或用 --max-reject N 允许拒绝行。第一处：revenue 不是数字（值 'lots'）"
    )


def test_ambiguous_dates_in_chinese(store, tmp_path):
    path = tmp_path / "dmy.csv"
    path.write_text(HEAD + "A,01/02/2025,1\nB,03/04/2025,2\n")
    with pytest.raises(IngestError) as err:
        ingest_file(store, path, user=LOCAL)
    assert error_text(err.value, "zh") == (
        "文件 dmy.csv，列 'order_date'：这些日期（如 '01/02/2025'）既可读作日/月也可读作月/日；"
        "请在数据页选择日期顺序（命令行：--date-format DMY 或 --date-format MDY）。"
    )


def test_other_errors_are_shown_as_they_are():
    assert error_text(SalesdashError("plain"), "zh") == "plain"


def test_undo_refusal_in_both_languages(store, tmp_path):
    for name, rows in (("jan.csv", "A,2025-01-01,1\n"), ("feb.csv", "B,2025-02-01,2\n")):
        (tmp_path / name).write_text(HEAD + rows)
        ingest_file(store, tmp_path / name, user=LOCAL)
    with pytest.raises(IngestError) as err:
        undo(store, 1, user=LOCAL)
    assert str(err.value) == (
        "batch 1 cannot be undone while later uploads to orders stand; undo batch 2 first (newest first)."
    )
    assert (
        error_text(err.value, "zh")
        == "orders 之后还有未撤销的导入，批次 1 暂不能撤销；请先撤销批次 2（从最新的开始）。"
    )


def test_data_page_shows_a_refused_file_in_chinese(tmp_path):
    """In a real browser, the Data page in Chinese names the refused file and says why in Chinese."""
    from tests.browser import browser_page, require_chromium, serve, wait_for_app

    require_chromium()
    db = tmp_path / "empty.duckdb"
    Store(db).close()
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with serve(db) as url, browser_page() as page:
        page.goto(f"{url}/data?lang=zh")
        wait_for_app(page)
        page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(empty))
        alert = page.get_by_text("文件 empty.csv：文件为空；请连同表头和数据重新导出。")
        alert.wait_for(timeout=120_000)
        assert page.locator('[data-testid="stException"]').count() == 0


def test_upload_warnings_in_both_languages(store, tmp_path):
    path = tmp_path / "with_notes.csv"
    path.write_text("order_id,order_date,revenue,cost,note\nA,2025-01-01,1,n/a,x\nB,2025-01-02,2,n/a,y\n")
    inspection = inspect_file(path, store=store)
    assert inspection.warnings == ["column 'cost' was not taken as cost: its values are not numbers"]
    first = ingest_file(store, path, user=LOCAL)
    assert first.warnings == [
        "column 'cost' was not taken as cost: its values are not numbers",
        "columns not loaded: cost, note",
    ]
    assert [notice_text(w, "zh") for w in first.warnings] == [
        "列 'cost' 未作为 cost 导入：其中的值不是数字",
        "未导入的列：cost, note",
    ]
    again = ingest_file(store, path, user=LOCAL)
    assert again.warnings[-1] == f"this file was already loaded as batch {first.batch_id}; nothing changed."
    assert notice_text(again.warnings[-1], "zh") == f"此文件已作为批次 {first.batch_id} 导入，未做任何更改。"
