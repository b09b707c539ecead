"""The layout keeps the entry point in charge of every page."""

from __future__ import annotations

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
    for path in (ROOT / "views").glob("*.py"):
        code = path.read_text(encoding="utf-8")
        assert "import ibis" not in code and "duckdb" not in code and "SELECT " not in code, path.name
