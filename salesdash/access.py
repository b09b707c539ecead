"""Who sees what: roles, row-level scope, read-only share links (issue 10).

Three modes:
- local: no sign-in configured; the single user on this machine is an admin (the app says so);
- signed in: Streamlit's OIDC login; the role and scope come from the access configuration;
- share link: a random token opens one page with locked filters, read-only, without an account.

Write functions call `authorize(actor, action)`: a plain string actor is a trusted local caller
(the command line), an `Identity` must hold a role that allows the action.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from salesdash.errors import PermissionDenied, SalesdashError
from salesdash.filters import Filters

__all__ = [
    "ACTIONS",
    "ROLES",
    "Identity",
    "ShareLink",
    "authorize",
    "create_share_link",
    "identity_for",
    "list_share_links",
    "local_identity",
    "open_share_link",
    "revoke_share_link",
    "scoped",
]

ROLES: tuple[str, ...] = ("viewer", "analyst", "admin")
# The least role each action needs.
ACTIONS: dict[str, str] = {
    "view": "viewer",
    "upload": "analyst",
    "undo": "analyst",
    "map": "analyst",
    "target_plan": "analyst",
    "share": "analyst",
    "settings": "admin",
}
SCOPE_DIMENSIONS = ("region", "team")

_SHARE_TABLE = """CREATE TABLE IF NOT EXISTS _share_links (
    token_hash VARCHAR PRIMARY KEY, page VARCHAR, params VARCHAR, created_by VARCHAR,
    created_at TIMESTAMP, expires_at TIMESTAMP, revoked_at TIMESTAMP)"""


@dataclass(frozen=True)
class Identity:
    """A user of the dashboard: who, which role, and the rows they may see (empty scope = all)."""

    user: str
    role: str = "viewer"
    region: tuple[str, ...] = ()
    team: tuple[str, ...] = ()
    mode: str = "signed_in"  # "local" | "signed_in" | "share"

    def can(self, action: str) -> bool:
        return ROLES.index(self.role) >= ROLES.index(ACTIONS[action])


def local_identity() -> Identity:
    return Identity("local", "admin", mode="local")


def authorize(actor: Identity | str, action: str) -> str:
    """The actor's name for the audit log; PermissionDenied when its role does not allow `action`."""
    if isinstance(actor, str):
        return actor
    if not actor.can(action):
        raise PermissionDenied(
            f"{actor.user} has the role {actor.role!r}, which may not {action}; ask an admin for the "
            f"{ACTIONS[action]!r} role."
        )
    return actor.user


def identity_for(email: str, groups: tuple[str, ...], config: dict[str, Any]) -> Identity:
    """The role and scope of a signed-in user from the access configuration.

    `config` is the `[salesdash.access]` table of secrets.toml: `default_role`, and `users` and
    `groups` lists whose entries give `email`/`group`, `role`, and optional `region`/`team` lists.
    A user entry wins over group entries; among groups, the highest role wins and scopes add up.
    """
    email = email.lower()
    for entry in config.get("users", []):
        if str(entry.get("email", "")).lower() == email:
            return _identity(email, [entry])
    matches = [entry for entry in config.get("groups", []) if entry.get("group") in groups]
    if matches:
        return _identity(email, matches)
    return Identity(email, _role(config.get("default_role", "viewer")))


def _role(name: str) -> str:
    if name not in ROLES:
        raise SalesdashError(f"The access configuration names an unknown role {name!r}; use one of {', '.join(ROLES)}.")
    return name


def _identity(email: str, entries: list[dict[str, Any]]) -> Identity:
    role = max((_role(e.get("role", "viewer")) for e in entries), key=ROLES.index)
    scope: dict[str, tuple[str, ...]] = {}
    for dimension in SCOPE_DIMENSIONS:
        if all(e.get(dimension) for e in entries):
            scope[dimension] = tuple(sorted({str(v) for e in entries for v in _listed(e[dimension])}))
    return Identity(email, role, region=scope.get("region", ()), team=scope.get("team", ()))


def _listed(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list | tuple) else [value]


def scoped(filters: Filters, identity: Identity) -> Filters:
    """The filters narrowed to what the identity may see: chosen values outside the scope are dropped,
    and an empty choice means the whole scope, never everything."""
    narrowed: dict[str, tuple[str, ...]] = {}
    for dimension in SCOPE_DIMENSIONS:
        allowed = getattr(identity, dimension)
        if allowed:
            chosen = tuple(v for v in filters.values(dimension) if v in allowed)
            narrowed[dimension] = chosen or tuple(allowed)
    return filters.narrowed(**narrowed) if narrowed else filters


@dataclass(frozen=True)
class ShareLink:
    """A read-only view of one page with locked filters."""

    page: str
    params: dict[str, str] = field(default_factory=dict)
    created_by: str = ""
    created_at: datetime | None = None
    expires_at: datetime | None = None
    revoked_at: datetime | None = None
    token_hash: str = ""


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _ensure_table(store: Any) -> None:
    store.con.execute(_SHARE_TABLE)


def create_share_link(
    store: Any, actor: Identity | str, page: str, params: dict[str, str], valid_for: timedelta | None = None
) -> str:
    """A new random token for a read-only view; only its hash is stored. Returns the token."""
    user = authorize(actor, "share")
    _ensure_table(store)
    token = secrets.token_urlsafe(24)
    now = datetime.now()
    expires = now + valid_for if valid_for else None
    with store.transaction() as cur:
        cur.execute(
            "INSERT INTO _share_links VALUES (?, ?, ?, ?, ?, ?, NULL)",
            [_hash(token), page, json.dumps(params, ensure_ascii=False), user, now, expires],
        )
        store.audit(cur, user, "share_create", {"page": page, "params": params, "expires_at": expires})
    return token


def open_share_link(store: Any, token: str, now: datetime | None = None) -> ShareLink:
    """The view behind a token; PermissionDenied when it is unknown, revoked or expired."""
    _ensure_table(store)
    rows = store.cursor().execute("SELECT * FROM _share_links WHERE token_hash = ?", [_hash(token)]).fetchall()
    if not rows:
        raise PermissionDenied("This share link is not valid. Ask the sender for a new one.")
    link = _link(rows[0])
    if link.revoked_at is not None:
        raise PermissionDenied("This share link was revoked. Ask the sender for a new one.")
    if link.expires_at is not None and (now or datetime.now()) > link.expires_at:
        raise PermissionDenied("This share link has expired. Ask the sender for a new one.")
    return link


def _link(row: tuple[Any, ...]) -> ShareLink:
    token_hash, page, params, created_by, created_at, expires_at, revoked_at = row
    return ShareLink(page, json.loads(params), created_by, created_at, expires_at, revoked_at, token_hash)


def list_share_links(store: Any) -> list[ShareLink]:
    """Every link ever made, newest first, with its creator, expiry and revocation."""
    _ensure_table(store)
    rows = store.cursor().execute("SELECT * FROM _share_links ORDER BY created_at DESC").fetchall()
    return [_link(r) for r in rows]


def revoke_share_link(store: Any, actor: Identity | str, token_hash: str) -> None:
    user = authorize(actor, "share")
    _ensure_table(store)
    with store.transaction() as cur:
        cur.execute("UPDATE _share_links SET revoked_at = now()::TIMESTAMP WHERE token_hash = ?", [token_hash])
        store.audit(cur, user, "share_revoke", {"token_hash": token_hash})
