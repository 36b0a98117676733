"""Lighthouse (mobile) and the Nu Html Checker on the six pages issue 14 names.

What it does (``make audit`` runs it):

1. prepares a fresh SQLite database in a temporary folder: migrations and the shipped course
   (``flask db upgrade``, ``flask content import``);
2. serves pkcourse the way ``make serve`` does (gunicorn, 2 workers, ``--preload``,
   ``pkcourse/gunicorn_config.py``) on a local port;
3. registers a learner, opens the first module's quiz and submits it with every question answered
   (not all rightly), so there is a result page and My progress has an attempt;
4. runs Lighthouse's mobile audit (its defaults: emulated phone, simulated slow 4G and CPU
   slow-down) on the course page, a lesson, the quiz, the result and My progress as that learner
   (its session cookie sent with ``--extra-headers``), and on the login page as a visitor;
5. saves each page's HTML as that learner (or visitor) gets it and runs the Nu Html Checker
   (``vnu.jar --errors-only``) on them;
6. prints a table: the four category scores per page and the checker's error count, then every
   audit that did not score 1 and every checker error. Exits 1 if any page is below 100 in any
   category or has a checker error.

Lighthouse and vnu.jar are npm packages, installed at pinned versions into a cache folder
(``~/.cache/pkcourse-audit``, or ``--tools``) on the first run; they need Node.js with npm, Java
and Chromium (``PKCOURSE_CHROMIUM``, else ``chromium`` on the ``PATH``). Not part of ``make test``.
Run from the project root with the project's virtualenv:

    .venv/bin/python benchmarks/audit_pages.py [--runs 3] [--keep DIR]
"""

import argparse
import json
import os
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from bench import QUIZ_MODULE, Client, QuizFormParser, complete_answers, fill, flask, gunicorn
from memory import wait_until_up

LIGHTHOUSE = "lighthouse@12.8.2"
VNU = "vnu-jar@26.9.27"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
SHORT = {"performance": "Perf", "accessibility": "A11y", "best-practices": "BP", "seo": "SEO"}
CHROMIUM = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def find_chromium() -> str:
    named = os.environ.get("PKCOURSE_CHROMIUM") or os.environ.get("CHROME_PATH")
    if named:
        return named
    for name in CHROMIUM:
        found = shutil.which(name)
        if found:
            return found
    sys.exit("No Chromium found: install Debian's `chromium` or set PKCOURSE_CHROMIUM")


def install_tools(folder: Path) -> tuple[Path, Path]:
    """The Lighthouse command and vnu.jar, npm-installed into ``folder`` unless already there."""
    lighthouse = folder / "node_modules" / ".bin" / "lighthouse"
    vnu = folder / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
    wanted = {LIGHTHOUSE, VNU}
    stamp = folder / "installed.txt"
    if (
        not (lighthouse.exists() and vnu.exists() and stamp.exists())
        or set(stamp.read_text().split()) != wanted
    ):
        if not shutil.which("npm"):
            sys.exit("npm is missing: install Node.js (20 or newer) with npm")
        print(f"installing {LIGHTHOUSE} and {VNU} into {folder}", flush=True)
        folder.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [
                "npm",
                "install",
                "--prefix",
                str(folder),
                "--no-audit",
                "--no-fund",
                "--ignore-scripts",
                *sorted(wanted),
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        stamp.write_text("\n".join(sorted(wanted)) + "\n")
    if not shutil.which("java"):
        sys.exit("java is missing: the Nu Html Checker needs Java 11 or newer")
    return lighthouse, vnu


def make_learner(base: str) -> tuple[Client, dict[str, str]]:
    """A registered learner with one submitted quiz; the six pages' paths."""
    learner = Client(base)
    password = secrets.token_urlsafe(16)
    status, _, _ = learner.post_form(
        "/auth/register",
        {
            "email": "audit@example.com",
            "display_name": "Audit Learner",
            "password": password,
            "confirm": password,
        },
    )
    if status != 302:
        sys.exit(f"registering the learner answered {status}")
    quiz = f"/modules/{QUIZ_MODULE}/quiz"
    status, page, _ = learner.request(quiz)
    if status != 200:
        sys.exit(f"{quiz} answered {status}")
    form = QuizFormParser()
    form.feed(page)
    answers = fill(complete_answers(page), form.hidden["submission_token"], form.hidden["served"])
    status, _, headers = learner.request(quiz, answers)
    result = headers.get("Location", "")
    if status != 302 or "/attempts/" not in result:
        sys.exit(f"submitting the quiz answered {status} {result}")
    pages = {
        "course page": "/",
        "lesson": f"/modules/{QUIZ_MODULE}",
        "quiz": quiz,
        "result": result.removeprefix(base),
        "My progress": "/progress",
        "login page": "/auth/login",
    }
    return learner, pages


def run_lighthouse(lighthouse: Path, chromium: str, url: str, cookie: str, out: Path) -> dict:
    command = [
        str(lighthouse),
        url,
        "--quiet",
        "--form-factor=mobile",  # Lighthouse's default; stated so the command reads as it runs
        f"--only-categories={','.join(CATEGORIES)}",
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
        "--output=json",
        f"--output-path={out}",
    ]
    if cookie:
        command.append(f"--extra-headers={json.dumps({'Cookie': cookie})}")
    subprocess.run(command, env={**os.environ, "CHROME_PATH": chromium}, check=True)
    return json.loads(out.read_text())


def failing_audits(report: dict) -> list[str]:
    """Audits that count towards a category score and did not score 1."""
    found = []
    for category in CATEGORIES:
        for ref in report["categories"][category]["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
                value = audit.get("displayValue", "")
                found.append(f"{SHORT[category]}: {audit['id']} {audit['score']} {value}".strip())
    return found


def run_vnu(vnu: Path, files: list[Path]) -> dict[str, list[str]]:
    done = subprocess.run(
        ["java", "-jar", str(vnu), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
    )
    messages = json.loads(done.stderr or '{"messages": []}')["messages"]
    errors: dict[str, list[str]] = {path.name: [] for path in files}
    for message in messages:
        name = Path(message.get("url", "").removeprefix("file:")).name
        errors.setdefault(name, []).append(
            f"line {message.get('lastLine', '?')}: {message['message']}"
        )
    return errors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=1, help="Lighthouse runs per page (median)")
    parser.add_argument("--port", type=int, default=8791)
    parser.add_argument("--tools", type=Path, default=Path.home() / ".cache" / "pkcourse-audit")
    parser.add_argument("--keep", type=Path, help="keep the HTML and Lighthouse reports here")
    args = parser.parse_args()
    # A SIGTERM (a CI timeout, `kill`) ends the run through the finally below, so the server stops.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("stopped by SIGTERM"))

    chromium = find_chromium()
    lighthouse, vnu = install_tools(args.tools)
    scratch = tempfile.TemporaryDirectory(prefix="pkcourse-audit-")
    out = args.keep or Path(scratch.name)
    out.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "PKCOURSE_DATABASE_URL": f"sqlite:///{scratch.name}/audit.sqlite3",
        "PKCOURSE_SECRET_KEY": secrets.token_hex(32),
        "PKCOURSE_SESSION_COOKIE_SECURE": "false",
        "PKCOURSE_REMEMBER_COOKIE_SECURE": "false",
        "PKCOURSE_RATELIMIT_KEY_PREFIX": f"pkcourse-audit-{secrets.token_hex(4)}",
    }
    env.pop("PKCOURSE_REDIS_URL", None)
    flask(env, "db", "upgrade")
    print(flask(env, "content", "import").strip(), flush=True)
    bind = f"127.0.0.1:{args.port}"
    base = f"http://{bind}"
    server = gunicorn(
        env,
        bind,
        "pkcourse:create_app()",
        "--config",
        "python:pkcourse.gunicorn_config",
        "--log-level",
        "warning",
    )
    try:
        wait_until_up(base)
        learner, pages = make_learner(base)
        visitor = Client(base)
        rows, details, files = [], {}, []
        for number, (name, path) in enumerate(pages.items(), 1):
            client = visitor if name == "login page" else learner
            status, html, _ = client.request(path)
            if status != 200:
                sys.exit(f"{name}: {path} answered {status}")
            files.append(out / f"{number}-{path.strip('/').replace('/', '-') or 'course'}.html")
            files[-1].write_text(html)
            # Read after the GET: a quiz page or form puts its CSRF token in the session cookie.
            cookie = client.cookie_header() if client is learner else ""
            scores: dict[str, list[float]] = {c: [] for c in CATEGORIES}
            for run in range(args.runs):
                report = run_lighthouse(
                    lighthouse,
                    chromium,
                    base + path,
                    cookie,
                    out / f"{number}-lighthouse-{run}.json",
                )
                for category in CATEGORIES:
                    scores[category].append(round(100 * report["categories"][category]["score"]))
                details.setdefault(name, set()).update(failing_audits(report))
            rows.append((name, path, {c: statistics.median(v) for c, v in scores.items()}))
            print(
                f"  {name}: " + " ".join(f"{SHORT[c]} {rows[-1][2][c]:g}" for c in CATEGORIES),
                flush=True,
            )
        errors = run_vnu(vnu, files)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)

    print()
    print(f"| page | path | {' | '.join(SHORT[c] for c in CATEGORIES)} | Nu errors |")
    print(f"|---|---|{'---|' * len(CATEGORIES)}---|")
    ok = True
    for (name, path, scores), file in zip(rows, files, strict=True):
        count = len(errors.get(file.name, []))
        ok &= count == 0 and all(s == 100 for s in scores.values())
        cells = " | ".join(f"{scores[c]:g}" for c in CATEGORIES)
        print(f"| {name} | `{path}` | {cells} | {count} |")
    if any(details.values()):
        print("\nAudits below 1 in some run (a category still shows 100 if it rounds to it):")
    for name, found in details.items():
        for line in sorted(found):
            print(f"  {name}: {line}")
    if any(errors.values()):
        print("\nNu Html Checker errors:")
    for file in files:
        for line in errors.get(file.name, []):
            print(f"  {file.name}: {line}")
    if args.keep:
        print(f"HTML and Lighthouse reports kept in {out}")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
