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
