"""Who is using this session: local mode, Streamlit's OIDC sign-in, or a share link (docs/access.md)."""

from __future__ import annotations

from typing import Any

import streamlit as st

from salesdash.access import Identity, denied_text, identity_for, local_identity, open_share_link, share_identity
from salesdash.errors import SalesdashError
from salesdash.i18n import LANGUAGES, normalize_lang
from salesdash.links import from_params
from ui import state
from ui.state import text

__all__ = ["current_identity", "share_view", "sign_in_configured"]


def sign_in_configured() -> bool:
    try:
        return "auth" in st.secrets
    except (FileNotFoundError, SalesdashError, KeyError):
        return False
    except Exception:
        return False


def _access_config() -> dict[str, Any]:
    try:
        return dict(st.secrets.get("salesdash", {}).get("access", {}))
    except Exception:
        return {}


def share_view() -> dict[str, Any] | None:
    """The locked view of a share link in the URL (`share=TOKEN`), or None; stops with the link's sentence
    (not valid, revoked, expired, not a dashboard page) in the visitor's language when it may not open.

    The token is checked again on every run, so revoking a link closes sessions already open."""
    token = st.session_state.get("_share_token") or st.query_params.get("share")
    if not token:
        return None
    try:
        link = open_share_link(state.store(), str(token))
    except SalesdashError as exc:
        st.session_state.pop("_share_token", None)
        st.error(denied_text(exc, _visitor_lang()))
        st.stop()
    st.session_state["_share_token"] = token
    st.session_state["_share_identity"] = share_identity(link)
    return {
        "page": link.page,
        "link": from_params(link.params, (link.page,)),
        "created_by": link.created_by,
    }


def _visitor_lang() -> str:
    """The language of a visitor who has no session yet: the link's, else the configured default."""
    chosen = st.session_state.get("lang") or st.query_params.get("lang")
    if chosen in LANGUAGES:
        return str(chosen)
    return normalize_lang(state.store().setting("default_lang"))


def current_identity() -> Identity:
    """The session's identity; shows the sign-in button and stops when sign-in is configured and missing.

    Tests (and only server code) may put an Identity in session state under `_identity`.
    """
    injected = st.session_state.get("_identity")
    if isinstance(injected, Identity):
        return injected
    shared = st.session_state.get("_share_identity")
    if st.session_state.get("_share_token") and isinstance(shared, Identity):
        return shared  # the creator's scope, read-only (docs/access.md)
    if st.query_params.get("share"):
        return Identity("share link", "viewer", region=("\0",), mode="share")  # not opened: sees nothing
    if not sign_in_configured():
        return local_identity()
    if not getattr(st.user, "is_logged_in", False):
        st.title(text("app.title"))
        st.button(text("auth.sign_in"), on_click=st.login, type="primary")
        st.stop()
    groups = st.user.get("groups") or ()
    return identity_for(str(st.user.get("email", "")), tuple(groups), _access_config())
