"""The layout keeps the entry point in charge of every page."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).parent.parent


def test_no_pages_folder_lets_a_link_skip_the_entry_point() -> None:
    # Streamlit runs pages/<x>.py directly for a link to /x, without app.py's sign-in, scope and filters.
    assert not (ROOT / "pages").exists()


def test_the_calculation_package_never_imports_streamlit() -> None:
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "salesdash").rglob("*.py")
        if any(
            line.strip().startswith(("import streamlit", "from streamlit")) for line in path.read_text().splitlines()
        )
    ]
    assert offenders == []


def test_views_hold_no_sql_or_ibis() -> None:
    for path in (ROOT / "views").rglob("*.py"):
        code = path.read_text(encoding="utf-8")
        assert "import ibis" not in code and "duckdb" not in code and "SELECT " not in code, path.name


def _importers(module: str) -> set[str]:
    """The homes importing `ui.<module>`: `app.py` or a page (`views/<page>.py` or `views/<page>/`)."""
    pattern = re.compile(rf"^\s*(from ui\.{module} import|import ui\.{module}\b|from ui import .*\b{module}\b)", re.M)
    homes = set()
    for path in [ROOT / "app.py", *(ROOT / "views").rglob("*.py")]:
        if pattern.search(path.read_text(encoding="utf-8")):
            parts = path.relative_to(ROOT).parts
            homes.add(parts[0] if parts[0] != "views" else parts[1].removesuffix(".py"))
    return homes


def test_ui_keeps_only_what_several_pages_share() -> None:
    # A module one page uses lives in that page's home (views/<page>/); the entry point's own modules stay in ui/.
    homes = {path.stem: _importers(path.stem) for path in (ROOT / "ui").glob("*.py") if path.stem != "__init__"}
    assert {name: sorted(found) for name, found in homes.items() if "app.py" not in found and len(found) < 2} == {}
