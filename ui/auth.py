"""Who is using this session: local mode, Streamlit's OIDC sign-in, or a share link (issue 10)."""

from __future__ import annotations

from typing import Any

import streamlit as st

from salesdash.access import Identity, identity_for, local_identity, open_share_link
from salesdash.errors import SalesdashError
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
    """The locked view of a share link in the URL (`share=TOKEN`), or None; stops with a message if invalid."""
    token = st.session_state.get("_share_token") or st.query_params.get("share")
    if not token:
        return None
    try:
        link = open_share_link(state.store(), token)
    except SalesdashError as exc:
        st.error(str(exc))
        st.stop()
    st.session_state["_share_token"] = token
    return {"page": link.page, "link": from_params(link.params), "created_by": link.created_by}


def current_identity() -> Identity:
    """The session's identity; shows the sign-in button and stops when sign-in is configured and missing.

    Tests (and only server code) may put an Identity in session state under `_identity`.
    """
    injected = st.session_state.get("_identity")
    if isinstance(injected, Identity):
        return injected
    if st.session_state.get("_share_token") or st.query_params.get("share"):
        return Identity("share link", "viewer", mode="share")
    if not sign_in_configured():
        return local_identity()
    if not getattr(st.user, "is_logged_in", False):
        st.title(text("app.title"))
        st.button(text("auth.sign_in"), on_click=st.login, type="primary")
        st.stop()
    groups = st.user.get("groups") or ()
    return identity_for(str(st.user.get("email", "")), tuple(groups), _access_config())
