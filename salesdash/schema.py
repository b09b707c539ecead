"""The canonical tables (docs/tables.md), declared once.

Every other module (store, ingest, metrics, demo) reads field names, types, keys and
synonyms from here, so a field is added in exactly one place.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["OPEN_STAGES", "STAGES", "TABLES", "Field", "Table", "create_table_sql", "ibis_type"]

# Storage types, as DuckDB spells them.
TEXT = "VARCHAR"
DATE = "DATE"
MONEY = "DOUBLE"
NUMBER = "DOUBLE"
INTEGER = "BIGINT"
# The Ibis type of each storage type, for the same columns built in an expression or on another engine.
IBIS_TYPES = {TEXT: "string", DATE: "date", MONEY: "float64", INTEGER: "int64"}


@dataclass(frozen=True)
class Field:
    """One canonical column: its name, storage type and the header names that mean it."""

    name: str
    dtype: str = TEXT
    required: bool = False
    synonyms: tuple[str, ...] = ()


@dataclass(frozen=True)
class Table:
    """One canonical table: its key, its fields, and fields of which one is needed."""

    name: str
    key: tuple[str, ...]
    fields: tuple[Field, ...]
    # Groups where at least one field must be present (revenue, or quantity and unit_price).
    one_of: tuple[tuple[str, ...], ...] = ()

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(f"{self.name} has no field {name!r}")

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields if f.required)


def _f(name: str, dtype: str = TEXT, *synonyms: str, required: bool = False) -> Field:
    return Field(name, dtype, required, (name, *synonyms))


# Shared field declarations; synonyms are compared case- and punctuation-insensitively.
_CUSTOMER_ID = _f(
    "customer_id", TEXT, "customer id", "customer key", "client id", "客户编号", "客户ID", "客户代码", "客户编码"
)
_CUSTOMER_NAME = _f(
    "customer_name", TEXT, "customer", "client", "client name", "客户", "客户名称", "客户名", "顾客", "顾客姓名"
)
_PRODUCT_ID = _f(
    "product_id", TEXT, "product key", "sku", "item id", "产品编号", "产品ID", "商品编号", "商品编码", "物料编码"
)
_PRODUCT_NAME = _f("product_name", TEXT, "product", "item", "item name", "产品", "产品名称", "商品", "商品名称")
_CATEGORY = _f("category", TEXT, "product category", "品类", "类别", "产品类别", "商品类别", "大类")
_SUBCATEGORY = _f("subcategory", TEXT, "sub-category", "sub category", "子类", "小类", "子类别")
_REP_ID = _f(
    "rep_id",
    TEXT,
    "employee id",
    "employeekey",
    "employee key",
    "salesperson id",
    "sales rep id",
    "owner id",
    "工号",
    "员工编号",
    "销售员编号",
    "业务员编号",
)
_REP_NAME = _f(
    "rep_name",
    TEXT,
    "sales rep",
    "salesperson",
    "sales person",
    "employee",
    "employee name",
    "owner",
    "销售员",
    "业务员",
    "销售代表",
    "姓名",
    "员工姓名",
)
_TEAM = _f("team", TEXT, "sales team", "团队", "销售团队", "小组", "部门")
_REGION = _f("region", TEXT, "sales territory", "territory", "area", "区域", "大区", "地区", "销售区域")
_COUNTRY = _f("country", TEXT, "country/region", "nation", "国家")
_PROVINCE = _f("province", TEXT, "state", "state/province", "省份", "省", "州")
_CITY = _f("city", TEXT, "城市", "市")
_SEGMENT = _f("segment", TEXT, "customer segment", "客户类型", "客户细分", "细分")

TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        Table(
            "orders",
            key=("order_id", "line_id"),
            fields=(
                _f(
                    "order_id",
                    TEXT,
                    "order id",
                    "order no",
                    "order number",
                    "salesordernumber",
                    "sales order number",
                    "订单号",
                    "订单编号",
                    "单号",
                    required=True,
                ),
                _f(
                    "line_id",
                    TEXT,
                    "line",
                    "line no",
                    "line number",
                    "row id",
                    "salesorderlinenumber",
                    "order line",
                    "行号",
                    "明细行号",
                ),
                _f(
                    "order_date",
                    DATE,
                    "date",
                    "orderdate",
                    "order date",
                    "invoice date",
                    "sales date",
                    "订单日期",
                    "下单日期",
                    "日期",
                    "销售日期",
                    "交易日期",
                    required=True,
                ),
                _f(
                    "revenue",
                    MONEY,
                    "sales",
                    "salesamount",
                    "sales amount",
                    "amount",
                    "net sales",
                    "total",
                    "销售额",
                    "金额",
                    "销售金额",
                    "交易额",
                    "营业额",
                    "实收金额",
                ),
                _CUSTOMER_ID,
                _CUSTOMER_NAME,
                _PRODUCT_ID,
                _PRODUCT_NAME,
                _CATEGORY,
                _SUBCATEGORY,
                _REP_ID,
                _REP_NAME,
                _TEAM,
                _REGION,
                _COUNTRY,
                _PROVINCE,
                _CITY,
                _f("channel", TEXT, "sales channel", "渠道", "销售渠道"),
                _SEGMENT,
                _f("quantity", NUMBER, "qty", "orderquantity", "order quantity", "units", "数量", "销量", "销售数量"),
                _f("unit_price", MONEY, "price", "unitprice", "unit price", "单价", "销售单价"),
                _f("discount", NUMBER, "折扣", "折扣率"),
                _f("cost", MONEY, "totalproductcost", "total product cost", "cogs", "成本", "销售成本"),
                _f("profit", MONEY, "margin", "gross profit", "利润", "毛利"),
                _f("currency", TEXT, "币种", "货币"),
            ),
            one_of=(("revenue", "quantity"),),
        ),
        Table(
            "customers",
            key=("customer_id",),
            fields=(
                Field("customer_id", TEXT, True, _CUSTOMER_ID.synonyms),
                _CUSTOMER_NAME,
                _SEGMENT,
                _f("industry", TEXT, "行业", "所属行业"),
                _REGION,
                _PROVINCE,
                _CITY,
                _f("created_date", DATE, "created", "since", "创建日期", "建档日期"),
                _f("status", TEXT, "状态", "客户状态"),
            ),
        ),
        Table(
            "products",
            key=("product_id",),
            fields=(
                Field("product_id", TEXT, True, _PRODUCT_ID.synonyms),
                _PRODUCT_NAME,
                _CATEGORY,
                _SUBCATEGORY,
                _f("list_price", MONEY, "list price", "标价", "目录价"),
                _f("unit_cost", MONEY, "unit cost", "standard cost", "单位成本"),
            ),
        ),
        Table(
            "reps",
            key=("rep_id",),
            fields=(
                Field("rep_id", TEXT, True, _REP_ID.synonyms),
                _REP_NAME,
                _TEAM,
                _f("manager", TEXT, "主管", "经理", "上级"),
                _REGION,
                _f("hire_date", DATE, "hired", "入职日期"),
                _f("leave_date", DATE, "left", "离职日期"),
                _f("level", TEXT, "职级", "级别", "title"),
            ),
        ),
        Table(
            "targets",
            key=("period", "level", "level_id", "metric"),
            fields=(
                _f("period", TEXT, "month", "year", "quarter", "期间", "月份", "年份", required=True),
                _f("target", MONEY, "quota", "goal", "目标", "目标额", "销售目标", "指标", required=True),
                _REP_ID,
                _TEAM,
                _REGION,
                _CATEGORY,
                _f("metric", TEXT, "measure", "指标类型"),
                # Derived on load: the finest of rep/team/region present, else category, else company.
                Field("level", TEXT),
                Field("level_id", TEXT),
                Field("period_start", DATE),
                Field("period_end", DATE),
            ),
        ),
        Table(
            "opportunities",
            key=("opportunity_id", "snapshot_date"),
            fields=(
                _f(
                    "opportunity_id",
                    TEXT,
                    "opportunity id",
                    "opportunity",
                    "deal id",
                    "商机编号",
                    "商机ID",
                    "机会编号",
                    required=True,
                ),
                _f("stage", TEXT, "stage name", "sales stage", "阶段", "销售阶段", "商机阶段", required=True),
                _CUSTOMER_ID,
                _REP_ID,
                _PRODUCT_ID,
                _f("created_date", DATE, "created", "create date", "创建日期"),
                _f("amount", MONEY, "value", "deal value", "金额", "商机金额", "预计金额"),
                _f("expected_close_date", DATE, "close date", "expected close", "预计成交日期", "预计签约日期"),
                _f("closed_date", DATE, "closed", "won date", "成交日期", "关闭日期"),
                _f("status", TEXT, "状态"),
                _f("lost_reason", TEXT, "loss reason", "丢单原因", "输单原因"),
                _f("competitor", TEXT, "竞争对手", "竞品"),
                _f("probability", NUMBER, "赢率", "成交概率"),
                _f("snapshot_date", DATE, "snapshot", "as of", "快照日期"),
            ),
        ),
        Table(
            "stage_history",
            key=("opportunity_id", "stage", "entered_date"),
            fields=(
                _f("opportunity_id", TEXT, "opportunity id", "商机编号", required=True),
                _f("stage", TEXT, "阶段", required=True),
                _f("entered_date", DATE, "date", "changed date", "进入日期", "变更日期", required=True),
            ),
        ),
        Table(
            "activities",
            key=("activity_id",),
            fields=(
                _f("activity_id", TEXT, "activity id", "活动编号", required=True),
                _f("activity_date", DATE, "date", "活动日期", "拜访日期", required=True),
                Field("rep_id", TEXT, True, _REP_ID.synonyms),
                _CUSTOMER_ID,
                _f("opportunity_id", TEXT, "商机编号"),
                _f("activity_type", TEXT, "type", "活动类型", "拜访方式"),
                _f("outcome", TEXT, "result", "结果"),
            ),
        ),
        Table(
            "market",
            key=("period", "region", "category", "competitor"),
            fields=(
                _f("period", TEXT, "期间", "月份", "季度", required=True),
                _REGION,
                _CATEGORY,
                _f("competitor", TEXT, "竞争对手"),
                _f("market_size", MONEY, "market", "市场规模", "市场容量"),
                _f("competitor_sales", MONEY, "竞品销售额", "竞争对手销售额"),
                Field("period_start", DATE),
                Field("period_end", DATE),
            ),
            one_of=(("market_size", "competitor_sales"),),
        ),
        Table(
            "training",
            key=("rep_id", "training_date", "course"),
            fields=(
                Field("rep_id", TEXT, True, _REP_ID.synonyms),
                _f("training_date", DATE, "date", "培训日期", required=True),
                _f("course", TEXT, "课程", "培训课程"),
                _f("hours", NUMBER, "学时", "时长"),
                _f("score", NUMBER, "成绩", "得分"),
            ),
        ),
        Table(
            "feedback",
            key=("customer_id", "feedback_date"),
            fields=(
                Field("customer_id", TEXT, True, _CUSTOMER_ID.synonyms),
                _f("feedback_date", DATE, "date", "反馈日期", required=True),
                _f("score", NUMBER, "rating", "nps", "评分", "满意度", required=True),
                _f("comment", TEXT, "comments", "评论", "意见"),
            ),
        ),
    )
}

# The standard sales process, in order (docs/tables.md).
STAGES: tuple[str, ...] = ("contact", "needs_analysis", "proposal", "negotiation", "won", "lost", "after_sales")
OPEN_STAGES: tuple[str, ...] = ("contact", "needs_analysis", "proposal", "negotiation")
DEFAULT_STAGE_PROBABILITY: dict[str, float] = {
    "contact": 0.10,
    "needs_analysis": 0.25,
    "proposal": 0.50,
    "negotiation": 0.75,
}

# Columns every stored canonical table carries beside its fields.
BATCH_COLUMN = "_batch_id"


def create_table_sql(table: Table) -> str:
    """The CREATE TABLE statement of one canonical table, with its batch column."""
    columns = [f'"{f.name}" {f.dtype}' for f in table.fields]
    columns.append(f'"{BATCH_COLUMN}" BIGINT')
    return f'CREATE TABLE IF NOT EXISTS "{table.name}" ({", ".join(columns)})'


def ibis_type(dtype: str) -> str:
    """The Ibis type name (`"string"`, `"date"`, `"float64"`, `"int64"`) of a storage type such as `"VARCHAR"`;
    KeyError for a type no canonical column has."""
    return IBIS_TYPES[dtype]
