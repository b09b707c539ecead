"""User errors outside an upload speak the page's language: English in the CLI, Chinese in the Chinese UI."""

from __future__ import annotations

import re
import string
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

import salesdash.backup
from salesdash.access import Identity
from salesdash.backup import BackupError, restore
from salesdash.errors import InputError, SalesdashError, error_text
from salesdash.i18n import t
from salesdash.locales.errors import STRINGS
from salesdash.metrics.customers.strategy import validate_rules
from salesdash.metrics.targets.plan import save_target_plan
from salesdash.metrics.team.commission import plan_from_setting
from salesdash.settings import validate
from salesdash.store import Store
from ui.components import page_script

ROOT = Path(__file__).parent.parent
APP = str(ROOT / "app.py")
ADMIN = Identity("admin@example.com", "admin")
# Raising a user error with English text written in place; demo*.py is the demo package's own.
ENGLISH_ONLY = re.compile(r"raise (InputError|BackupError|StoreLockedError|StoreDamagedError|SalesdashError)\(f?[\"']")


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_error_text_has_english_and_chinese_with_the_same_placeholders() -> None:
    for key, entry in STRINGS.items():
        assert key.startswith("error."), key
        assert entry["en"].strip() and entry["zh"].strip(), key
        assert entry["en"] != entry["zh"], key
        assert re.search("[\u4e00-\u9fff]", entry["zh"]), key
        assert _fields(entry["en"]) == _fields(entry["zh"]), key


def test_every_error_key_is_raised_somewhere_and_every_raised_key_exists() -> None:
    code = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "salesdash").rglob("*.py"))
    raised = set(re.findall(r"key=\"(error\.[a-z_.]+)\"", code))
    assert raised == set(STRINGS)


def test_no_user_error_outside_ingest_is_english_only() -> None:
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in (ROOT / "salesdash").rglob("*.py")
        if "ingest" not in path.parts and not path.name.startswith("demo") and "demo" not in path.parts
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if ENGLISH_ONLY.search(line)
    ]
    assert offenders == []


def test_english_stays_what_the_cli_printed_before() -> None:
    error = InputError(key="error.settings.unknown", column="colour", key_name=repr("colour"))
    assert str(error) == "column 'colour': unknown setting 'colour'"
    assert error.localized("zh") == "列 'colour'：未知的设置 'colour'"
    assert error_text(ValueError("plain"), "zh") == "plain"
    assert SalesdashError("as it is").localized("zh") == "as it is"


# --- the database: app.py, any page ------------------------------------------------------------------------
def test_a_damaged_database_is_explained_in_chinese_on_a_chinese_page(tmp_path: Path, monkeypatch) -> None:
    db = tmp_path / "junk.duckdb"
    db.write_bytes(b"this is not a database\n" * 200)
    monkeypatch.setenv("SALESDASH_DB", str(db))
    at = AppTest.from_file(APP, default_timeout=90)
    at.query_params["lang"] = "zh"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    [shown] = [e.value for e in at.error]
    assert shown.startswith(f"无法读取数据库 {db}（") and "请从备份恢复" in shown


def test_the_cli_says_the_same_in_english(tmp_path: Path) -> None:
    db = tmp_path / "junk.duckdb"
    db.write_bytes(b"this is not a database\n" * 200)
    done = subprocess.run(
        [sys.executable, "-m", "salesdash", "kpis", "--db", str(db)], capture_output=True, text=True, cwd=ROOT
    )
    assert done.returncode == 1
    assert f"The database {db} cannot be read (" in done.stderr and "Traceback" not in done.stderr


# --- the Settings page: settings and backup ----------------------------------------------------------------
def _settings_page(db: Path, monkeypatch) -> AppTest:
    monkeypatch.setenv("SALESDASH_DB", str(db))
    at = AppTest.from_file(APP, default_timeout=90)
    at.session_state["_identity"] = ADMIN
    at.query_params["lang"] = "zh"
    at.run()
    at.switch_page(page_script("settings")).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_a_wrong_setting_is_refused_in_chinese_on_the_settings_page(small_store: Store, monkeypatch) -> None:
    small_store.close()
    at = _settings_page(small_store.path, monkeypatch)
    labels = {w.label: w for w in at.number_input}
    labels[t("settings.in_percent", "zh", label=t("settings.tier_a", "zh"))].set_value(90.0)  # A above B
    labels[t("settings.in_percent", "zh", label=t("settings.tier_b", "zh"))].set_value(60.0)
    [save] = [b for b in at.button if b.label == t("settings.save", "zh")]
    save.click().run()
    assert [e.value for e in at.error] == ["列 'tier_thresholds'：分级阈值须满足 0 < A < B ≤ 1，例如 0.8 和 0.95"]
    with Store(small_store.path, read_only=True) as store:
        assert store.setting("tier_thresholds") is None


def test_a_refused_backup_is_explained_in_chinese_on_the_settings_page(
    small_store: Store, monkeypatch, tmp_path: Path
) -> None:
    small_store.close()
    taken = tmp_path / "taken.duckdb"
    taken.write_bytes(b"an earlier backup")
    monkeypatch.setattr(salesdash.backup, "default_backup_path", lambda _db: taken)  # the name is in use
    at = _settings_page(small_store.path, monkeypatch)
    at.button(key="settings_backup").click().run()
    assert [e.value for e in at.error] == [f"{taken} 已存在；请为备份另取一个名字。"]
    assert taken.read_bytes() == b"an earlier backup"


def test_a_restore_from_a_missing_file_says_so_in_both_languages(tmp_path: Path) -> None:
    missing = tmp_path / "none.duckdb"
    with pytest.raises(BackupError) as raised:
        restore(missing, tmp_path / "db.duckdb")
    assert str(raised.value) == f"{missing} does not exist."
    assert raised.value.localized("zh") == f"{missing} 不存在。"


# --- figures' own settings: target plan, commission plan, customer strategy ---------------------------------
def test_a_target_plan_without_rows_is_refused_in_chinese(small_store: Store) -> None:
    from salesdash.metrics.targets.plan import PLAN_COLUMNS

    with pytest.raises(InputError) as raised:
        save_target_plan(small_store, pd.DataFrame(columns=PLAN_COLUMNS), ADMIN)
    assert str(raised.value) == "the target plan has no rows; enter an annual target first."
    assert raised.value.localized("zh") == "目标计划没有任何行；请先输入年度目标。"


def test_a_wrong_commission_plan_and_strategy_rule_name_their_column_in_chinese() -> None:
    with pytest.raises(InputError) as raised:
        plan_from_setting({"tiers": [{"from": 0.0, "rate": -0.1}]})
    assert raised.value.localized("zh") == "列 'rate'：提成比例不能为负"
    with pytest.raises(InputError) as raised:
        validate_rules([{"tier": "Z", "segment": "*", "strategy": "maintain"}])
    assert raised.value.localized("zh").startswith("第 1 行，列 'tier'：'Z' 不是以下之一：A, B, C")
    with pytest.raises(InputError) as raised:
        validate("currency", "XYZ")
    assert raised.value.localized("zh").startswith("列 'currency'：货币必须是以下之一：")
