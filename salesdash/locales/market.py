"""Text of the Market page."""

STRINGS: dict[str, dict[str, str]] = {
    "market.trend": {"en": "How is the business trending?", "zh": "业绩走势如何？"},
    "market.grain": {"en": "Grain", "zh": "时间粒度"},
    "market.grain.day": {"en": "Day", "zh": "日"},
    "market.grain.week": {"en": "Week", "zh": "周"},
    "market.grain.month": {"en": "Month", "zh": "月"},
    "market.grain.quarter": {"en": "Quarter", "zh": "季度"},
    "market.measure": {"en": "Measure", "zh": "指标"},
    "market.measure.revenue": {"en": "Revenue", "zh": "销售额"},
    "market.measure.volume": {"en": "Volume (units)", "zh": "销量（件）"},
    "market.measure.orders": {"en": "Orders", "zh": "订单数"},
    "market.moving_average": {"en": "Moving average ({periods} periods)", "zh": "移动平均（{periods} 期）"},
    "market.trend_note": {
        "en": "The comparison period is overlaid period by period: its first period beside the window's first. "
        "A period the window covers only in part is hatched and compared with the same days of its comparison "
        "period.",
        "zh": "对比期按顺序逐期叠加：对比期的第一期对应当前期间的第一期。"
        "未满整期的时段以斜纹标出，并与对比期中相同的日期比较。",
    },
    "market.partial_period": {"en": "Partial period", "zh": "未满整期"},
    "market.no_quantity": {
        "en": "Volume needs a quantity column in the orders export; these orders have none. "
        "Upload orders with quantity (数量) on the Data page to unlock volume and price-volume-mix.",
        "zh": "销量需要订单导出中包含数量列，当前订单没有数量。请在“数据上传”页上传含数量的订单以解锁销量和价量结构分析。",
    },
    "market.growth": {"en": "How fast are we growing?", "zh": "增长有多快？"},
    "market.yoy": {"en": "Year-on-year", "zh": "同比"},
    "market.mom": {"en": "Month-on-month", "zh": "环比"},
    "market.growth_total": {
        "en": "Year-on-year growth of the whole window: {value} (the headline figure).",
        "zh": "整个期间的同比增长：{value}（与顶部指标一致）。",
    },
    "market.growth_note": {
        "en": "A month without orders, or whose year-earlier month had none, shows no growth. A partial month "
        "(hatched) is compared over the same days: a year earlier, and in the month before.",
        "zh": "当月或去年同月没有订单时，不显示增长率。未满整月（斜纹）按相同日期比较：去年同期，以及上月同期。",
    },
    "market.band_title": {"en": "Which months were out of line?", "zh": "哪些月份异常？"},
    "market.band": {"en": "Expected band", "zh": "预期区间"},
    "market.expected": {"en": "Expected", "zh": "预期"},
    "market.flagged": {"en": "Outside the band", "zh": "超出区间"},
    "market.band_note": {
        "en": "Expected = seasonality index of the month × average of the previous 12 months; the band is "
        "expected ± {k} standard deviations of all past differences between actual and expected.",
        "zh": "预期值 = 当月季节指数 × 前 12 个月平均销售额；区间为预期值 ± {k} 倍历史实际与预期差值的标准差。",
    },
    "market.flagged_months": {"en": "Months outside the band: {months}", "zh": "超出区间的月份：{months}"},
    "market.none_flagged": {"en": "No month of the window is outside its band.", "zh": "本期间没有超出区间的月份。"},
    "market.band_needs_history": {
        "en": "The expected band needs at least 13 months of order history.",
        "zh": "预期区间需要至少 13 个月的订单历史。",
    },
    "market.season": {"en": "When in the year do we sell?", "zh": "销售的季节规律？"},
    "market.index": {"en": "Seasonality index", "zh": "季节指数"},
    "market.month": {"en": "Month", "zh": "月份"},
    "market.season_note": {
        "en": "Index = 12 × the month's revenue ÷ the year's revenue, over the {years} complete calendar years "
        "of history; 1 is an average month.",
        "zh": "季节指数 = 12 × 当月销售额 ÷ 全年销售额，基于历史上 {years} 个完整自然年；1 代表平均水平。",
    },
    "market.season_needs_year": {
        "en": "The seasonality index needs one complete calendar year of order history (January to December).",
        "zh": "季节指数需要至少一个完整自然年（1 月至 12 月）的订单历史。",
    },
    "market.heatmap": {"en": "Revenue by year and month", "zh": "按年、月的销售额"},
    "market.mix": {"en": "Where does revenue come from?", "zh": "收入来自哪里？"},
    "market.dimension": {"en": "Break down by", "zh": "拆分维度"},
    "market.dim.region": {"en": "Region", "zh": "区域"},
    "market.dim.province": {"en": "Province", "zh": "省份"},
    "market.dim.city": {"en": "City", "zh": "城市"},
    "market.dim.country": {"en": "Country", "zh": "国家"},
    "market.dim.category": {"en": "Category", "zh": "品类"},
    "market.dim.product": {"en": "Product", "zh": "产品"},
    "market.dim.channel": {"en": "Channel", "zh": "渠道"},
    "market.dim.segment": {"en": "Customer segment", "zh": "客户类型"},
    "market.no_dimensions": {
        "en": "The orders carry no region, product, channel or segment to break revenue down by.",
        "zh": "订单中没有区域、产品、渠道或客户类型字段，无法拆分。",
    },
    "market.gainers": {"en": "Top gainers", "zh": "增长最多"},
    "market.decliners": {"en": "Top decliners", "zh": "下降最多"},
    "market.no_movers": {"en": "No value moved.", "zh": "没有变化。"},
    "market.needs_comparison": {
        "en": "Choose a comparison period in the sidebar to see what changed.",
        "zh": "请在侧边栏选择对比期以查看变化。",
    },
    "market.map": {"en": "Where on the map?", "zh": "地域分布"},
    "market.no_places": {
        "en": "The orders carry no province or country. Upload orders (or customers) with a province or "
        "country column to see the map.",
        "zh": "订单中没有省份或国家。请上传含省份或国家列的订单（或客户）数据以查看地图。",
    },
    "market.map_note_province": {
        "en": "Provinces shaded by revenue; hover for revenue and growth, click to open a province. Provinces "
        "without sales are grey. Revenue of lines without a known province: {unplaced}. Outlines: DCW-GMT.",
        "zh": "各省颜色深浅表示销售额；悬停查看销售额和增长率，点击打开该省。无销售的省份为灰色。"
        "未识别省份的销售额：{unplaced}。边界数据：DCW-GMT。",
    },
    "market.map_note_country": {
        "en": "Countries shaded by revenue; hover for revenue and growth. Countries without sales are grey. "
        "Revenue without a known country: {unplaced}. Outlines: Natural Earth (public domain).",
        "zh": "各国颜色深浅表示销售额；悬停查看销售额和增长率。无销售的国家为灰色。"
        "未识别国家的销售额：{unplaced}。边界数据：Natural Earth（公有领域）。",
    },
    "market.pvm": {"en": "Price, volume or mix?", "zh": "价格、销量还是结构？"},
    "market.pvm.previous": {"en": "Comparison period", "zh": "对比期"},
    "market.pvm.volume": {"en": "Volume", "zh": "销量效应"},
    "market.pvm.price": {"en": "Price", "zh": "价格效应"},
    "market.pvm.mix": {"en": "Mix", "zh": "结构效应"},
    "market.pvm.new": {"en": "New products", "zh": "新产品"},
    "market.pvm.discontinued": {"en": "Discontinued", "zh": "停售产品"},
    "market.pvm.current": {"en": "This period", "zh": "本期"},
    "market.pvm_note": {
        "en": "Volume = change in units × last period's average price; mix = shift of units between products at "
        "their old prices; price = change of each product's price × its units now. Products sold in only one "
        "of the two periods are shown apart. The effects add up to the change in revenue.",
        "zh": "销量效应 = 销量变化 × 对比期平均单价；结构效应 = 各产品销量占比变化（按对比期单价计）；价格效应 = "
        "各产品单价变化 × 本期销量。只在一个期间有销量的产品单独列示。各效应之和等于销售额变化。",
    },
    "market.share": {"en": "How do we do against the market?", "zh": "市场份额与竞争对手"},
    "market.share_by": {"en": "Share by", "zh": "份额维度"},
    "market.share_by.total": {"en": "Whole market", "zh": "整体市场"},
    "market.share_by.region": {"en": "Region", "zh": "区域"},
    "market.share_by.category": {"en": "Category", "zh": "品类"},
    "market.share_label": {"en": "Our market share", "zh": "我方市场份额"},
    "market.competitors": {"en": "Competitors' shares", "zh": "竞争对手份额"},
    "market.ours": {"en": "Us", "zh": "我方"},
    "market.total": {"en": "Whole market", "zh": "整体市场"},
    "market.matrix": {"en": "Share × market growth", "zh": "份额 × 市场增长矩阵"},
    "market.market_growth": {"en": "Market growth (YoY)", "zh": "市场增长（同比）"},
    "market.no_matrix": {
        "en": "No market period lies wholly inside the window; widen the window to see the matrix.",
        "zh": "当前期间内没有完整的市场数据周期，请扩大时间范围以查看矩阵。",
    },
    "market.share_note": {
        "en": "Share = our revenue in the market period ÷ the market size (rows of the market upload without "
        "a competitor).",
        "zh": "份额 = 市场周期内我方销售额 ÷ 市场规模（市场数据中未填竞争对手的行）。",
    },
    "market.col.value": {"en": "Value", "zh": "值"},
    "market.col.revenue": {"en": "Revenue", "zh": "销售额"},
    "market.col.previous": {"en": "Comparison period", "zh": "对比期"},
    "market.col.change": {"en": "Change", "zh": "变化"},
    "market.col.growth": {"en": "Growth", "zh": "增长率"},
    "market.col.share": {"en": "Share of revenue", "zh": "收入占比"},
    "market.col.share_change": {"en": "Change in share", "zh": "占比变化"},
}
