"""Who sees what: roles, row-level scope, read-only share links (docs/access.md).

Three modes:
- local: no sign-in configured; the single user on this machine is an admin (the app says so);
- signed in: Streamlit's OIDC login; the role and scope come from the access configuration;
- share link: a random token opens one dashboard page with locked filters and its creator's scope,
  read-only, without an account.

Every write takes the acting `Identity` and calls `authorize(actor, action)`, which refuses an actor that
is not an Identity, a share-link session (never writes), and a role below the action's. The audit log gets
the identity's `user`: the signed-in e-mail, the operating-system user of the command line, or `local`.
"""

from __future__ import annotations

import getpass
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
    "SHAREABLE_PAGES",
    "AccessDenied",
    "Identity",
    "ShareLink",
    "authorize",
    "command_line_identity",
    "create_share_link",
    "denied_text",
    "identity_for",
    "list_share_links",
    "local_identity",
    "open_share_link",
    "revoke_share_link",
    "scoped",
    "share_identity",
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
    "backup": "admin",
}
SCOPE_DIMENSIONS = ("region", "team")
# Writes that change what every region and team sees (data, mappings, plans, settings): a user limited to a
# scope may not make them, since they would reach beyond it (docs/access.md, "Scope").
COMPANY_WIDE: frozenset[str] = frozenset({"upload", "undo", "map", "target_plan", "settings", "backup"})
# The pages a share link may open: the dashboards, never Data (uploads, history, links) or Settings.
SHAREABLE_PAGES: tuple[str, ...] = ("overview", "targets", "market", "customers", "pipeline", "team")

_SHARE_TABLE = """CREATE TABLE IF NOT EXISTS _share_links (
    token_hash VARCHAR PRIMARY KEY, page VARCHAR, params VARCHAR, created_by VARCHAR,
    created_at TIMESTAMP, expires_at TIMESTAMP, revoked_at TIMESTAMP)"""
# The creator's scope, added after the first release: a link without one predates it and is refused.
_SHARE_SCOPE = "ALTER TABLE _share_links ADD COLUMN IF NOT EXISTS scope VARCHAR"
_SHARE_COLUMNS = "token_hash, page, params, created_by, created_at, expires_at, revoked_at, scope"


class AccessDenied(PermissionDenied):
    """A refusal whose message is the locale text `key` filled with `values` (English in `str()`)."""

    key: str

    def __init__(self, key: str, **values: object) -> None:
        super().__init__("", key=key, **values)

    def text(self, lang: str) -> str:
        return self.localized(lang)


def denied_text(exc: SalesdashError, lang: str) -> str:
    """An access refusal, or any other salesdash error, in `lang` (`SalesdashError.localized`)."""
    return exc.localized(lang)


@dataclass(frozen=True)
class Identity:
    """A user of the dashboard: who, which role, and the rows they may see (empty scope = all)."""

    user: str
    role: str = "viewer"
    region: tuple[str, ...] = ()
    team: tuple[str, ...] = ()
    mode: str = "signed_in"  # "local" | "signed_in" | "share"

    def can(self, action: str) -> bool:
        """Whether the role allows `action`; a share-link session may only view, and a scoped user makes no
        company-wide write (COMPANY_WIDE)."""
        if self.mode == "share" and action != "view":
            return False
        if action in COMPANY_WIDE and self.scope:
            return False
        return ROLES.index(self.role) >= ROLES.index(ACTIONS[action])

    @property
    def scope(self) -> dict[str, tuple[str, ...]]:
        """The scope dimensions that limit this identity (region and/or team); empty means everything."""
        return {d: getattr(self, d) for d in SCOPE_DIMENSIONS if getattr(self, d)}


def local_identity() -> Identity:
    """The one user of local mode (no sign-in configured): an admin audited as `local`."""
    return Identity("local", "admin", mode="local")


def command_line_identity() -> Identity:
    """The command line runs on the server with the file's permissions: an admin audited by OS user name."""
    return Identity(getpass.getuser(), "admin", mode="local")


def share_identity(link: ShareLink) -> Identity:
    """The session of a share link: a viewer limited to the creator's scope, which can never write."""
    scope = link.scope or {}
    return Identity(
        f"share link by {link.created_by}",
        "viewer",
        region=tuple(scope.get("region", ())),
        team=tuple(scope.get("team", ())),
        mode="share",
    )


def authorize(actor: Identity, action: str) -> str:
    """The actor's name for the audit log; AccessDenied when it may not `action` (docs/access.md)."""
    if not isinstance(actor, Identity):
        raise AccessDenied("access.no_identity", action=action)
    if actor.mode == "share" and action != "view":
        raise AccessDenied("access.share_read_only")
    if action in COMPANY_WIDE and actor.scope:
        raise AccessDenied("access.scope_write", user=actor.user, action=action)
    if not actor.can(action):
        raise AccessDenied("access.role", user=actor.user, role=actor.role, action=action, needed=ACTIONS[action])
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
        raise SalesdashError(key="error.access.unknown_role", role=repr(name), choices=", ".join(ROLES))
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
    for dimension, allowed in identity.scope.items():
        chosen = tuple(v for v in filters.values(dimension) if v in allowed)
        narrowed[dimension] = chosen or tuple(allowed)
    return filters.narrowed(**narrowed) if narrowed else filters


@dataclass(frozen=True)
class ShareLink:
    """A read-only view of one dashboard page with locked filters and its creator's scope."""

    page: str
    params: dict[str, str] = field(default_factory=dict)
    created_by: str = ""
    created_at: datetime | None = None
    expires_at: datetime | None = None
    revoked_at: datetime | None = None
    token_hash: str = ""
    scope: dict[str, list[str]] | None = None


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _ensure_table(store: Any) -> None:
    cur = store.cursor()
    cur.execute(_SHARE_TABLE)
    cur.execute(_SHARE_SCOPE)


def create_share_link(
    store: Any, actor: Identity, page: str, params: dict[str, str], valid_for: timedelta | None = None
) -> str:
    """A new random token for a read-only view of a dashboard page; only its hash is stored. The link keeps
    the creator's scope, so it never shows more than its creator sees. Returns the token.

    Raises AccessDenied when the actor may not share or `page` is not one of SHAREABLE_PAGES."""
    user = authorize(actor, "share")
    if page not in SHAREABLE_PAGES:
        raise AccessDenied("access.share_page", page=page)
    _ensure_table(store)
    token = secrets.token_urlsafe(24)
    now = datetime.now()
    expires = now + valid_for if valid_for else None
    scope = {d: list(v) for d, v in actor.scope.items()}
    with store.transaction() as cur:
        cur.execute(
            f"INSERT INTO _share_links ({_SHARE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, NULL, ?)",
            [_hash(token), page, json.dumps(params, ensure_ascii=False), user, now, expires, json.dumps(scope)],
        )
        store.audit(cur, user, "share_create", {"page": page, "params": params, "scope": scope, "expires_at": expires})
    return token


def open_share_link(store: Any, token: str, now: datetime | None = None) -> ShareLink:
    """The view behind a token; AccessDenied when it is unknown, revoked, expired, made before links kept
    their creator's scope, or (tampered with in the database) for a page that is not a dashboard."""
    _ensure_table(store)
    rows = (
        store.cursor()
        .execute(f"SELECT {_SHARE_COLUMNS} FROM _share_links WHERE token_hash = ?", [_hash(str(token)[:200])])
        .fetchall()
    )
    if not rows:
        raise AccessDenied("access.share_invalid")
    link = _link(rows[0])
    if link.revoked_at is not None:
        raise AccessDenied("access.share_revoked")
    if link.expires_at is not None and (now or datetime.now()) > link.expires_at:
        raise AccessDenied("access.share_expired")
    if link.page not in SHAREABLE_PAGES:
        raise AccessDenied("access.share_page", page=link.page)
    if link.scope is None:
        raise AccessDenied("access.share_old")
    return link


def _link(row: tuple[Any, ...]) -> ShareLink:
    token_hash, page, params, created_by, created_at, expires_at, revoked_at, scope = row
    return ShareLink(
        page,
        json.loads(params),
        created_by,
        created_at,
        expires_at,
        revoked_at,
        token_hash,
        None if scope is None else json.loads(scope),
    )


def list_share_links(store: Any, actor: Identity) -> list[ShareLink]:
    """Every link ever made, newest first, with its creator, expiry and revocation (for those who may share)."""
    authorize(actor, "share")
    _ensure_table(store)
    rows = store.cursor().execute(f"SELECT {_SHARE_COLUMNS} FROM _share_links ORDER BY created_at DESC").fetchall()
    return [_link(r) for r in rows]


def revoke_share_link(store: Any, actor: Identity, token_hash: str) -> None:
    """Revoke a link: AccessDenied unless the actor may share."""
    user = authorize(actor, "share")
    _ensure_table(store)
    with store.transaction() as cur:
        cur.execute("UPDATE _share_links SET revoked_at = now()::TIMESTAMP WHERE token_hash = ?", [token_hash])
        store.audit(cur, user, "share_revoke", {"token_hash": token_hash})
