"""The floor under every page: how long Streamlit itself takes to draw a new tab on this machine, with nothing,
a Plotly chart, or a table, measured as `bench_browser.py` measures the app's pages.

    python bench/bench_floor.py                 # five new tabs per app after a first one, median and range
    python bench/bench_floor.py --bundle node_modules/plotly.js-basic-dist-min/plotly-basic.min.js

Four minimal apps, each a title and one metric card, written to a temporary folder and served by
`streamlit run`: *bare* (nothing more), *plotly* (one 12-bar Plotly chart, as `st.plotly_chart` draws the app's
charts), *table* (one 12-row `st.dataframe`), *plotly + table* (both, as the Targets, Customers and Team
pages show in their first view). Each app gets its own browser profile on disk; the first tab puts the static
files in its cache, then five new tabs are timed until drawn (the same `wait_drawn` as the pages). No salesdash
code runs: the figures are what any page of this app pays before its own work.

With `--bundle FILE` (any number of times; say plotly.js's full or partial bundles from npm, which this
project does not ship), the same chart is also drawn by a custom component that loads that file as a classic
script: what another renderer of the app's Plotly figures would cost a new tab.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from bench_browser import visit  # noqa: E402
from browser import CHROMIUM, CHROMIUM_FLAGS, free_port  # noqa: E402

_HEAD = "import streamlit as st\nst.title('Floor')\nst.metric('Revenue', '¥1.2M', '+3%')\n"
_FIGURE = (
    "import plotly.graph_objects as go\n"
    "st.plotly_chart(go.Figure(go.Bar(x=[f'M{i}' for i in range(12)], y=list(range(12)))))\n"
)
_TABLE = (
    "import pandas as pd\nst.dataframe(pd.DataFrame({'month': range(12), 'revenue': range(12)}), hide_index=True)\n"
)
APPS = {"bare": _HEAD, "plotly": _HEAD + _FIGURE, "table": _HEAD + _TABLE, "plotly + table": _HEAD + _FIGURE + _TABLE}

# The same bar chart drawn by a custom component (Streamlit components v2, no iframe) that loads a plotly.js
# file as a classic script from the app's static folder (`--bundle`): Streamlit's own chart element against a
# lighter renderer of the same Plotly figure. `data-chart` marks a chart for `wait_drawn` until it has its SVG.
_COMPONENT_JS = """
export default function(component) {
  const { data, parentElement } = component;
  const div = parentElement.querySelector('div.floor-chart');
  const figure = JSON.parse(data.figure);
  const draw = () => window.Plotly.react(div, figure.data, figure.layout, {responsive: true});
  if (window.Plotly) { draw(); return; }
  window.floorPlotly = window.floorPlotly || new Promise((resolve) => {
    const script = document.createElement('script');
    script.src = 'app/static/plotly.js';
    script.onload = resolve;
    document.head.appendChild(script);
  });
  window.floorPlotly.then(draw);
}
"""
_COMPONENT = (
    "import plotly.graph_objects as go\n"
    f"JS = {_COMPONENT_JS!r}\n"
    "plot = st.components.v2.component('floor_plotly', html='<div class=\"floor-chart\" data-chart></div>', js=JS,"
    " isolate_styles=False)\n"
    "plot(data={'figure': go.Figure(go.Bar(x=[f'M{i}' for i in range(12)], y=list(range(12)))).to_json()},"
    " key='c')\n"
)


def measure(source: str, tabs: int, bundle: Path | None = None) -> list[float]:
    """Seconds until drawn for `tabs` new tabs of an app running `source`, after one untimed first tab; with
    `bundle`, that plotly.js file is served as the app's `static/plotly.js`."""
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="salesdash-floor-") as folder:
        app = Path(folder) / "app.py"
        app.write_text(source)
        if bundle is not None:
            (Path(folder) / "static").mkdir()
            shutil.copy(bundle, Path(folder) / "static" / "plotly.js")
            (Path(folder) / ".streamlit").mkdir()
            (Path(folder) / ".streamlit" / "config.toml").write_text("[server]\nenableStaticServing = true\n")
        port = free_port()
        command = [sys.executable, "-m", "streamlit", "run", app.name, "--server.headless", "true"]
        command += ["--server.port", str(port), "--browser.gatherUsageStats", "false"]
        server = subprocess.Popen(command, cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            url = f"http://127.0.0.1:{port}/"
            for _ in range(120):
                try:
                    urllib.request.urlopen(url + "_stcore/health", timeout=2)
                    break
                except OSError:
                    time.sleep(0.5)
            with sync_playwright() as playwright:
                context = playwright.chromium.launch_persistent_context(
                    str(Path(folder) / "profile"),
                    executable_path=str(CHROMIUM),
                    args=CHROMIUM_FLAGS,
                    headless=True,
                    viewport={"width": 1400, "height": 1000},
                )
                page, _ = visit(context, url)
                page.close()
                seconds = []
                for _ in range(tabs):
                    page, timing = visit(context, url)
                    page.close()
                    if timing.seconds is not None:
                        seconds.append(timing.seconds)
                context.close()
        finally:
            server.terminate()
            server.wait(timeout=10)
    return seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--tabs", type=int, default=5)
    parser.add_argument(
        "--bundle",
        action="append",
        default=[],
        help="a plotly.js file (the full or a partial bundle from npm): the chart drawn by a custom component",
    )
    args = parser.parse_args(argv)
    results = {}
    apps: list[tuple[str, str, Path | None]] = [(name, source, None) for name, source in APPS.items()]
    apps += [(f"component + {Path(b).name}", _HEAD + _COMPONENT, Path(b)) for b in args.bundle]
    for name, source, bundle in apps:
        seconds = measure(source, args.tabs, bundle)
        results[name] = seconds
        print(
            f"| {name} | {statistics.median(seconds):.2f} | {min(seconds):.2f}–{max(seconds):.2f} |",
            flush=True,
        )
    print(json.dumps(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
