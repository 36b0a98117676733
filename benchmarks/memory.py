"""Memory of pkcourse under gunicorn: PSS and RSS of the master and each worker after real use.

Starts gunicorn the way `make serve` does (same app and options, two workers); four learners at once
register, read every lesson, open a quiz, the progress page and the overview; then it reads
/proc/<pid>/smaps_rollup of every gunicorn process. PSS (proportional set size) charges each shared
page to the processes sharing it, so the PSS figures add up to what the server really uses; RSS
counts shared pages once per process and overstates a forked server.

Linux only; standard library only (and redis, to remove its counters, when PKCOURSE_REDIS_URL is
set). Run from the project root with the project's virtualenv:

    PKCOURSE_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/pkcourse_bench \\
        .venv/bin/python benchmarks/memory.py --prepare [--no-preload]
"""

import argparse
import http.cookiejar
import os
import re
import secrets
import signal
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MIB = 1024 * 1024


def smaps_rollup(pid: int) -> dict[str, int]:
    """The smaps_rollup fields of ``pid`` in bytes."""
    fields = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        name, value, *_ = line.split()
        fields[name.rstrip(":")] = int(value) * 1024
    return fields


def children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(c) for c in (task / "children").read_text().split()]
    return sorted(found)


class Browser:
    """Just enough of a browser: cookies, CSRF tokens from forms, no redirects followed blindly."""

    CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def get(self, path: str) -> str:
        with self.opener.open(self.base + path, timeout=30) as response:
            return response.read().decode()

    def post_form(self, path: str, data: dict) -> str:
        token = self.CSRF.search(self.get(path)).group(1)
        body = urllib.parse.urlencode({"csrf_token": token, **data}).encode()
        with self.opener.open(self.base + path, data=body, timeout=30) as response:
            return response.read().decode()


def wait_until_up(base: str, timeout: float = 30, path: str = "/healthz") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(base + path, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:  # refused, reset or timed out while the workers boot
            time.sleep(0.2)
    raise SystemExit(f"gunicorn did not answer {base}{path} within {timeout:.0f} s")


def exercise(base: str, rounds: int) -> int:
    """Use the site like a learner; returns the number of pages fetched."""
    browser = Browser(base)
    password = secrets.token_urlsafe(16)
    email = f"bench-{secrets.token_hex(4)}@example.com"
    browser.post_form(
        "/auth/register",
        {"email": email, "display_name": "Bench", "password": password, "confirm": password},
    )
    overview = browser.get("/")
    slugs = list(dict.fromkeys(re.findall(r'href="/modules/([a-z0-9-]+)"', overview)))
    if not slugs:
        raise SystemExit("no lesson links on the overview: was the course imported (--prepare)?")
    pages = 2
    for _ in range(rounds):
        for path in [
            "/",
            "/progress",
            f"/modules/{slugs[0]}/quiz",
            *(f"/modules/{s}" for s in slugs),
        ]:
            browser.get(path)
            pages += 1
    return pages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--bind", default="127.0.0.1:8765")
    parser.add_argument(
        "--no-preload",
        action="store_true",
        help="every worker imports the app itself (what `make serve` did before --preload)",
    )
    parser.add_argument("--rounds", type=int, default=5, help="passes over the pages")
    parser.add_argument("--learners", type=int, default=4, help="learners browsing at once")
    parser.add_argument(
        "--prepare", action="store_true", help="run `flask db upgrade` and `content import` first"
    )
    args = parser.parse_args()
    if "PKCOURSE_DATABASE_URL" not in os.environ:
        parser.error("set PKCOURSE_DATABASE_URL (the database to serve; PostgreSQL in production)")

    env = {
        **os.environ,
        "PKCOURSE_SECRET_KEY": os.environ.get("PKCOURSE_SECRET_KEY", secrets.token_hex(32)),
        # Plain http on 127.0.0.1: cookies must be allowed without HTTPS for this client.
        "PKCOURSE_SESSION_COOKIE_SECURE": "false",
        "PKCOURSE_REMEMBER_COOKIE_SECURE": "false",
        # Throttling stays on (it is part of the app's memory) but counts under a key prefix of its
        # own, so runs never use up the registration budget of a real site sharing this Redis.
        "PKCOURSE_RATELIMIT_KEY_PREFIX": f"pkcourse-bench-{secrets.token_hex(4)}",
    }
    bin_dir = Path(sys.executable).parent
    if args.prepare:
        for command in (["db", "upgrade"], ["content", "import"]):
            subprocess.run(
                [bin_dir / "flask", "--app", "pkcourse", *command],
                env=env,
                cwd=ROOT,
                check=True,
                capture_output=True,
            )

    command = [
        str(bin_dir / "gunicorn"),
        "--workers", str(args.workers),
        "--bind", args.bind,
        "--no-control-socket",
        *([] if args.no_preload else ["--preload", "--config", "python:pkcourse.gunicorn_config"]),
        "pkcourse:create_app()",
    ]  # fmt: skip
    server = subprocess.Popen(
        command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    base = f"http://{args.bind}"
    try:
        wait_until_up(base)
        # Several learners at once, so every worker serves pages (sync workers take turns).
        with ThreadPoolExecutor(args.learners) as pool:
            pages = sum(pool.map(exercise, [base] * args.learners, [args.rounds] * args.learners))
        time.sleep(0.5)
        processes = [("master", server.pid)] + [
            (f"worker {n}", pid) for n, pid in enumerate(children(server.pid), 1)
        ]
        print(" ".join(command))
        print(f"{pages} pages served; memory of every gunicorn process:")
        print(f"{'process':<10} {'pid':>7} {'PSS MiB':>9} {'USS MiB':>9} {'RSS MiB':>9}")
        totals = {"Pss": 0, "Uss": 0, "Rss": 0}
        for role, pid in processes:
            stats = smaps_rollup(pid)
            # USS: the pages only this process holds, what it would give back if it exited.
            stats["Uss"] = stats["Private_Clean"] + stats["Private_Dirty"]
            for name in totals:
                totals[name] += stats[name]
            figures = " ".join(f"{stats[name] / MIB:>9.1f}" for name in totals)
            print(f"{role:<10} {pid:>7} {figures}")
        figures = " ".join(f"{totals[name] / MIB:>9.1f}" for name in totals)
        print(f"{'total':<10} {'':>7} {figures}")
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        if os.environ.get("PKCOURSE_REDIS_URL"):
            import redis

            client = redis.Redis.from_url(os.environ["PKCOURSE_REDIS_URL"])
            for key in client.scan_iter(match=f"*{env['PKCOURSE_RATELIMIT_KEY_PREFIX']}*"):
                client.delete(key)


if __name__ == "__main__":
    main()
