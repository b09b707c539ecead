"""Text of sign-in, roles and share links."""

STRINGS: dict[str, dict[str, str]] = {
    "auth.sign_in": {"en": "Sign in", "zh": "登录"},
    "auth.sign_out": {"en": "Sign out", "zh": "退出登录"},
    "auth.signed_in_as": {"en": "Signed in as {user} ({role})", "zh": "当前用户 {user}（{role}）"},
    "auth.scope": {"en": "You see: {scope}", "zh": "您的数据范围：{scope}"},
    "auth.shared_view": {
        "en": "Shared view from {user}: read-only, filters locked.",
        "zh": "来自 {user} 的分享视图：只读，筛选已锁定。",
    },
    "role.viewer": {"en": "viewer", "zh": "查看者"},
    "role.analyst": {"en": "analyst", "zh": "分析师"},
    "role.admin": {"en": "admin", "zh": "管理员"},
    "share.create": {"en": "Create a read-only share link", "zh": "创建只读分享链接"},
    "share.expiry_days": {"en": "Expires after (days, 0 = never)", "zh": "有效期（天，0 表示永久）"},
    "share.created": {
        "en": "Share link created. Copy it now; it is shown only once:",
        "zh": "分享链接已创建。请立即复制，它只显示一次：",
    },
    "share.list": {"en": "Share links", "zh": "分享链接"},
    "share.revoke": {"en": "Revoke", "zh": "撤销"},
}
STRINGS.update(
    {
        "access.no_identity": {
            "en": "Nobody is named for this change ({action}); sign in and try again.",
            "zh": "此次更改（{action}）没有指明操作人；请登录后重试。",
        },
        "access.share_read_only": {
            "en": "A shared view is read-only: it cannot change anything. Open salesdash with an account to do so.",
            "zh": "分享视图为只读，不能做任何更改。请使用账号登录 salesdash 后操作。",
        },
        "access.role": {
            "en": "{user} has the role {role!r}, which may not {action}; ask an admin for the {needed!r} role.",
            "zh": "{user} 的角色为 {role!r}，不能执行 {action}；请向管理员申请 {needed!r} 角色。",
        },
        "access.scope_write": {
            "en": "{user} sees one region or team only, and {action} changes the data of the whole company; "
            "ask a user without a scope (or an admin) to do it.",
            "zh": "{user} 只能查看自己的区域或团队，而 {action} 会更改全公司的数据；请由没有范围限制的用户（或管理员）操作。",
        },
        "data.scoped_read_only": {
            "en": "Uploads, the upload history and the stage map change the whole company's data, so they are "
            "open to users without a region or team scope only. Below: the data quality of your scope and "
            "your share links.",
            "zh": "上传、上传记录和阶段映射会更改全公司的数据，只对没有区域或团队范围限制的用户开放。"
            "下面是您范围内的数据质量和您的分享链接。",
        },
        "access.share_page": {
            "en": "Share links open dashboard pages only (Overview, Targets, Market, Customers, Pipeline, Team), "
            "not {page!r}.",
            "zh": "分享链接只能打开看板页面（总览、销售目标、市场分析、客户分级、销售流程、团队绩效），不能打开 {page!r}。",
        },
        "access.share_invalid": {
            "en": "This share link is not valid. Ask the sender for a new one.",
            "zh": "此分享链接无效，请向发送者索取新链接。",
        },
        "access.share_revoked": {
            "en": "This share link was revoked. Ask the sender for a new one.",
            "zh": "此分享链接已被撤销，请向发送者索取新链接。",
        },
        "access.share_expired": {
            "en": "This share link has expired. Ask the sender for a new one.",
            "zh": "此分享链接已过期，请向发送者索取新链接。",
        },
        "access.share_old": {
            "en": "This share link was made by an older version that did not keep its sender's data scope. "
            "Ask the sender for a new one.",
            "zh": "此分享链接由旧版本创建，未记录发送者的数据范围，请向发送者索取新链接。",
        },
        "settings.admins_only": {
            "en": "Only admins change settings.",
            "zh": "只有管理员可以修改设置。",
        },
        "data.analysts_only": {
            "en": "Uploads and the upload history are for analysts and admins.",
            "zh": "上传和上传历史仅供分析师和管理员使用。",
        },
        "access.share_not_here": {
            "en": "A shared view shows its own page only.",
            "zh": "分享视图只显示其对应的页面。",
        },
    }
)
