"""CPU of an idle dashboard with one open chromium tab (docs/operations.md#a-quiet-server).

    python bench/idle_cpu.py [--db PATH] [--seconds 60]

Starts `streamlit run app.py` as `scripts/run` does (the repository's `.streamlit/config.toml`, no
command-line overrides), opens the Overview in Debian's chromium, waits for the page to finish, then
reads the server's CPU time (`/proc/PID/stat`, user + system) at the start and end of `--seconds` of idling,
and the same for chromium's processes. Prints the share of one core each used.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime, stime


def tree(pid: int) -> list[int]:
    """`pid` and its descendants."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        for task in Path(f"/proc/{current}/task").iterdir():
            children = (task / "children").read_text().split()
            todo.extend(int(c) for c in children)
    return found


def snapshot(pids: list[int]) -> dict[int, float]:
    found = {}
    for pid in pids:
        with contextlib.suppress(FileNotFoundError, ProcessLookupError):
            found[pid] = cpu_seconds(pid)
    return found


def used(before: dict[int, float], after: dict[int, float]) -> float:
    """CPU seconds of the processes alive at both ends (a process that ended took its time with it)."""
    return sum(after[pid] - before[pid] for pid in before.keys() & after.keys())


def main() -> None:
    from browser import browser_page, free_port, wait_for_app

    parser = argparse.ArgumentParser()
    parser.add_argument("--db", type=Path, default=ROOT / "bench" / "out" / "hold_demo20k.duckdb")
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--watcher", help="override fileWatcherType (e.g. auto, to compare with the watcher on)")
    args = parser.parse_args()
    extra = ["--server.fileWatcherType", args.watcher] if args.watcher else []
    port = free_port()
    env = {**os.environ, "SALESDASH_DB": str(args.db)}
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "app.py",
            "--server.headless",
            "true",
            "--server.port",
            str(port),
            *extra,
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    url = f"http://localhost:{port}"
    try:
        for _ in range(180):
            try:
                urllib.request.urlopen(f"{url}/_stcore/health", timeout=2)
                break
            except OSError:
                time.sleep(0.5)
        with browser_page() as page:
            page.goto(f"{url}/?lang=en")  # type: ignore[attr-defined]
            wait_for_app(page)
            page.wait_for_timeout(3000)  # type: ignore[attr-defined]
            browser = [p for p in tree(os.getpid()) if p not in tree(server.pid) and p != os.getpid()]
            server_start, browser_start = snapshot(tree(server.pid)), snapshot(browser)
            started = time.monotonic()
            time.sleep(args.seconds)
            elapsed = time.monotonic() - started
            server_used = used(server_start, snapshot(tree(server.pid)))
            browser_used = used(browser_start, snapshot(browser))
    finally:
        server.terminate()
        output = server.communicate(timeout=20)[0].decode(errors="replace")
    result = {
        "seconds": round(elapsed, 1),
        "server_cpu_seconds": round(server_used, 2),
        "server_cpu_percent_of_one_core": round(100 * server_used / elapsed, 2),
        "chromium_and_playwright_cpu_percent_of_one_core": round(100 * browser_used / elapsed, 2),
        "load_average": os.getloadavg()[0],
        "file_watcher": args.watcher or "config.toml",
        "inotify_overflow_lines": output.count("Inotify queue overflowed"),
    }
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
