"""Text of the demo-data build (progress messages)."""

from __future__ import annotations

STRINGS: dict[str, dict[str, str]] = {
    "demo.step.dimensions": {
        "en": "Creating regions, reps, products and customers…",
        "zh": "正在生成区域、销售、产品和客户…",
    },
    "demo.step.orders": {"en": "Generating order lines…", "zh": "正在生成订单明细…"},
    "demo.step.targets": {"en": "Setting monthly targets…", "zh": "正在设定月度目标…"},
    "demo.step.pipeline": {"en": "Building the pipeline and its snapshots…", "zh": "正在生成商机及快照…"},
    "demo.step.activities": {
        "en": "Adding activities, market, training and feedback…",
        "zh": "正在生成活动、市场、培训和反馈…",
    },
    "demo.step.done": {"en": "Demo data ready.", "zh": "演示数据已生成。"},
}
