"""Errors a user can cause outside an upload: the database, backups, settings, target plans, access
(salesdash.errors: English is what the CLI prints, a page shows its own language)."""

STRINGS: dict[str, dict[str, str]] = {
    # The DuckDB file (salesdash.store, salesdash.locking).
    "error.store.in_use": {
        "en": "The database {path} is in use by another salesdash process (the dashboard or a load). "
        "Stop that process, or run this command through the dashboard's Data page, then try again.",
        "zh": "数据库 {path} 正被另一个 salesdash 进程（仪表板或一次导入）使用。"
        "请停止该进程，或在仪表板的“数据”页执行此操作，然后重试。",
    },
    "error.store.busy": {
        "en": "The database {path} is in use by another salesdash process (the dashboard's page runs, a load "
        "or a backup) and was not free within {seconds} s. Stop that process or let it finish, then try again; "
        "SALESDASH_LOCK_TIMEOUT=SECONDS waits longer.",
        "zh": "数据库 {path} 正被另一个 salesdash 进程（仪表板页面、一次导入或备份）使用，{seconds} 秒内未释放。"
        "请停止该进程或等它完成后重试；设置 SALESDASH_LOCK_TIMEOUT=秒数 可以等待更久。",
    },
    "error.store.damaged": {
        "en": "The database {path} cannot be read ({reason}). Restore it from a backup "
        "(`python -m salesdash restore BACKUP`), or move it away and rebuild it with `python -m salesdash demo` "
        "or your uploads.",
        "zh": "无法读取数据库 {path}（{reason}）。请从备份恢复（`python -m salesdash restore BACKUP`），"
        "或将其移走，再用 `python -m salesdash demo` 或您的上传重新建立。",
    },
    "error.store.exiting": {
        "en": "The database {path} is closed: this process is exiting.",
        "zh": "数据库 {path} 已关闭：本进程正在退出。",
    },
    "error.store.read_only": {
        "en": "The database {path} is open read-only in this process.",
        "zh": "数据库 {path} 在本进程中以只读方式打开。",
    },
    "error.store.closed": {
        "en": "The database {path} was closed in this process.",
        "zh": "数据库 {path} 已在本进程中关闭。",
    },
    # Backup and restore (salesdash.backup; Settings → Backup and the CLI).
    "error.backup.exists": {
        "en": "{target} already exists; choose a new name for the backup.",
        "zh": "{target} 已存在；请为备份另取一个名字。",
    },
    "error.backup.failed": {
        "en": "The backup to {target} failed ({reason}).",
        "zh": "备份到 {target} 失败（{reason}）。",
    },
    "error.backup.no_file": {"en": "{file} does not exist.", "zh": "{file} 不存在。"},
    "error.backup.unreadable": {
        "en": "{file} is not a readable DuckDB database ({reason}).",
        "zh": "{file} 不是可读取的 DuckDB 数据库（{reason}）。",
    },
    "error.backup.damaged": {"en": "{file} is damaged ({reason}).", "zh": "{file} 已损坏（{reason}）。"},
    "error.backup.no_tables": {
        "en": "{file} is not a salesdash database: it has no table {tables}.",
        "zh": "{file} 不是 salesdash 数据库：缺少表 {tables}。",
    },
    "error.backup.no_version": {
        "en": "{file} is not a salesdash database: it has no data version.",
        "zh": "{file} 不是 salesdash 数据库：没有数据版本。",
    },
    "error.backup.open_here": {
        "en": "{path} is open in this process: restore from the command line.",
        "zh": "{path} 已在本进程中打开：请在命令行中恢复。",
    },
    "error.backup.busy": {
        "en": "{path}: another process kept the database for longer than the wait (SALESDASH_LOCK_TIMEOUT): "
        "try again when its upload or backup is done, or use Settings → Backup in the dashboard.",
        "zh": "{path}：另一个进程占用数据库超过了等待时间（SALESDASH_LOCK_TIMEOUT）：请在其上传或备份完成后重试，"
        "或使用仪表板中的“设置 → 备份”。",
    },
    "error.backup.busy_restore": {
        "en": "{path} is in use: another process kept the database for longer than the wait "
        "(SALESDASH_LOCK_TIMEOUT): try again when its upload or backup is done, or use Settings → Backup in the "
        "dashboard, then restore.",
        "zh": "{path} 正在使用中：另一个进程占用数据库超过了等待时间（SALESDASH_LOCK_TIMEOUT）：请在其上传或备份完成后"
        "重试，或使用仪表板中的“设置 → 备份”，然后再恢复。",
    },
    # Settings (salesdash.settings, salesdash.periods; the Settings page and the CLI).
    "error.settings.fiscal_year": {
        "en": "the fiscal year must start in a month from 1 to 12",
        "zh": "财年的起始月份必须是 1 到 12 之间的月份",
    },
    "error.settings.first_month": {
        "en": "the first month of the fiscal year must be a whole number from 1 to 12, not {value}.",
        "zh": "财年的第一个月必须是 1 到 12 之间的整数，而不是 {value}。",
    },
    "error.settings.tier_thresholds": {
        "en": "tier thresholds need 0 < A < B ≤ 1, e.g. 0.8 and 0.95",
        "zh": "分级阈值须满足 0 < A < B ≤ 1，例如 0.8 和 0.95",
    },
    "error.settings.stage_probabilities": {
        "en": "stage probabilities are fractions from 0 to 1",
        "zh": "阶段概率是 0 到 1 之间的小数",
    },
    "error.settings.currency": {
        "en": "currency must be one of {choices}",
        "zh": "货币必须是以下之一：{choices}",
    },
    "error.settings.default_lang": {
        "en": "the default language is en or zh",
        "zh": "默认语言只能是 en 或 zh",
    },
    "error.settings.missing_values": {
        "en": "missing values are a list of texts, e.g. NA, N/A, NULL",
        "zh": "缺失值须是一组文本，例如 NA、N/A、NULL",
    },
    "error.settings.unknown": {"en": "unknown setting {key_name}", "zh": "未知的设置 {key_name}"},
    # The commission plan (salesdash.metrics.team.commission; Settings → commission plan).
    "error.commission.unreadable": {
        "en": "the commission plan cannot be read ({reason}); every tier needs 'from' and 'rate'",
        "zh": "无法读取提成方案（{reason}）；每一档都需要 'from' 和 'rate'",
    },
    "error.commission.tiers": {
        "en": "commission tiers need distinct, non-negative 'from' attainments",
        "zh": "提成各档的起点达成率 'from' 必须互不相同且不为负",
    },
    "error.commission.rates": {"en": "commission rates cannot be negative", "zh": "提成比例不能为负"},
    "error.commission.accelerator": {
        "en": "the accelerator cannot be negative and the cap must be above 0",
        "zh": "加速系数不能为负，封顶值必须大于 0",
    },
    # Customer strategy rules (salesdash.metrics.customers.strategy; Settings → customer strategy).
    "error.strategy.not_allowed": {
        "en": "{value} is not one of {choices}",
        "zh": "{value} 不是以下之一：{choices}",
    },
    # Target plans (salesdash.metrics.targets.plan; Targets → plan).
    "error.plan.columns": {
        "en": "a target plan needs the columns {columns}; build it with build_plan.",
        "zh": "目标计划需要以下列：{columns}；请用 build_plan 生成。",
    },
    "error.plan.empty": {
        "en": "the target plan has no rows; enter an annual target first.",
        "zh": "目标计划没有任何行；请先输入年度目标。",
    },
    "error.plan.incomplete": {
        "en": "every row of a target plan needs a period, its dates, a level and a target.",
        "zh": "目标计划的每一行都需要期间、起止日期、层级和目标值。",
    },
    "error.plan.twice": {
        "en": "the plan sets {period} {level} {level_id} twice.",
        "zh": "计划对 {period} {level} {level_id} 设置了两次。",
    },
    # The access configuration (salesdash.access; shown at sign-in).
    "error.access.unknown_role": {
        "en": "The access configuration names an unknown role {role}; use one of {choices}.",
        "zh": "访问配置中有未知的角色 {role}；请使用以下之一：{choices}。",
    },
}
