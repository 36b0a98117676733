"""Throughput of pkcourse's main pages against a bare Flask page, under the same gunicorn.

What it does (``make bench`` runs it):

1. prepares a database: migrations, the course, and the demo class of 200 learners
   (``flask demo seed``); SQLite in a temporary folder by default, or the PostgreSQL database
   given with ``--database-url`` (its name must start with ``pkcourse_bench``: it is dropped and
   created again);
2. serves pkcourse and ``reference_app.py`` each the way ``make serve`` serves pkcourse: gunicorn,
   2 sync workers, ``--preload``, no access log (pkcourse also gets its gunicorn hooks);
3. registers a learner and logs in the demo teacher;
4. drives every target with ``wrk`` (installed with apt if missing; ``bench.lua`` sets cookies,
   posts complete quiz answers with a fresh submission token per request and counts any response
   that is not the expected one), the targets interleaved over several rounds;
5. prints, per target, the median over rounds of its requests/s as a ratio to the reference page
   measured in the same round, median p50 and p99 latency, the gunicorn workers' CPU time per
   request, the database server's CPU time per request (PostgreSQL on this machine; it shares the
   cores with gunicorn and wrk, which is much of why PostgreSQL's ratios are lower), and the count
   of unexpected responses (a target with any is invalid: ``!``);
   then the memory (PSS) of pkcourse's master and workers after the load.

The machine may be shared: absolute figures swing with other load, ratios measured side by side in
interleaved rounds much less. ``--baseline REV`` also serves pkcourse as of that commit (same
database, same rounds), so a change is measured against the code before it under the same load.
Standard library only, run with the project's virtualenv:

    .venv/bin/python benchmarks/bench.py [--database-url postgresql+psycopg://…/pkcourse_bench]
        [--baseline main] [--rounds 5] [--duration 10] [--only "lesson page,gradebook"]
"""

import argparse
import http.cookiejar
import os
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field, replace
from html.parser import HTMLParser
from pathlib import Path

from memory import MIB, children, smaps_rollup, wait_until_up

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
LEARNERS = 200
QUIZ_MODULE = "role-in-diplomacy"  # the first module: its quiz is open to a new learner
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


@dataclass
class Target:
    name: str
    server: str  # "app" or "reference"
    path: str
    cookie: str = ""
    body: str | None = None
    expect: int = 200
    location: str | None = None
    served: str | None = None  # a quiz submission: the served record of the page it came from
    rounds: list[dict] = field(default_factory=list)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


# Sent by the client that logs in and by wrk alike, as a browser sends one User-Agent. Flask-Login's
# session protection marks a session "not fresh" when the user agent (or address) it was started
# with changes; replayed from a different one, the cookie was rewritten on every response.
USER_AGENT = "pkcourse-bench"


class Client:
    """Cookies and CSRF tokens, redirects not followed (a 302 is returned as it is)."""

    CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')

    def __init__(self, base: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirect
        )
        self.opener.addheaders = [("User-Agent", USER_AGENT)]

    def request(self, path: str, data: dict | str | None = None) -> tuple[int, str, dict]:
        body = None
        if data is not None:
            body = (data if isinstance(data, str) else urllib.parse.urlencode(data)).encode()
        try:
            with self.opener.open(self.base + path, data=body, timeout=60) as response:
                return response.status, response.read().decode(), dict(response.headers)
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace"), dict(error.headers)

    def post_form(self, path: str, data: dict) -> tuple[int, str, dict]:
        token = self.CSRF.search(self.request(path)[1]).group(1)
        return self.request(path, {"csrf_token": token, **data})

    def cookie_header(self) -> str:
        return "; ".join(f"{c.name}={c.value}" for c in self.jar)


class QuizFormParser(HTMLParser):
    """The fields of a quiz form: hidden inputs, and per question its inputs or selects."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.hidden: dict[str, str] = {}
        self.choices: dict[str, str] = {}  # radio/checkbox name -> first value
        self.texts: list[str] = []
        self.selects: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        name = attributes.get("name")
        if not name:
            return
        if tag == "select":
            self.selects.append(name)
        elif tag == "input":
            kind = attributes.get("type", "text")
            if kind == "hidden":
                self.hidden[name] = attributes.get("value", "")
            elif kind in ("radio", "checkbox"):
                self.choices.setdefault(name, attributes["value"])
            elif kind == "text":
                self.texts.append(name)


def complete_answers(quiz_html: str) -> str:
    """A form body answering every question (not necessarily rightly), with ``@TOKEN@`` where the
    submission token goes. Ordering rows get positions 1…n; matching rows choice n for row n (there
    are at least as many choices as rows); short answers a word."""
    form = QuizFormParser()
    form.feed(quiz_html)
    fields = {**form.hidden, **form.choices, **dict.fromkeys(form.texts, "mandate")}
    for name in form.selects:
        fields[name] = name.rsplit("-", 1)[1]
    fields["submission_token"], fields["served"] = "TOKEN", "SERVED"
    body = urllib.parse.urlencode(fields)
    return body.replace("=TOKEN", "=@TOKEN@").replace("=SERVED", "=@SERVED@")


def served_of(quiz_html: str) -> str:
    form = QuizFormParser()
    form.feed(quiz_html)
    return form.hidden["served"]


def signed_forms(secret: str, served: str, count: int) -> list[tuple[str, str]]:
    """``count`` (submission token, served record) pairs for the quiz ``served`` describes, signed
    with the app's secret the way the quiz page signs them (``quizzes.forms.sign_served``): what
    ``count`` GETs of the quiz page would hand out, without the GETs."""
    from flask import Flask
    from itsdangerous import URLSafeSerializer

    from pkcourse.quizzes.forms import SERVED_SALT, sign_served

    data = URLSafeSerializer(secret, salt=SERVED_SALT).loads(served)
    app = Flask(__name__)
    app.config["SECRET_KEY"] = secret
    with app.app_context():
        return [
            (token, sign_served(data["u"], data["m"], data["q"], data["s"], token))
            for token in (secrets.token_urlsafe(24) for _ in range(count))
        ]


def fill(body: str, token: str, served: str) -> str:
    return body.replace("@TOKEN@", token).replace("@SERVED@", served)


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    print("wrk is missing: installing it with apt-get", flush=True)
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    subprocess.run([*sudo, "apt-get", "install", "-y", "wrk"], check=True)
    return shutil.which("wrk") or sys.exit("wrk could not be installed")


def prepare_postgresql(url: str) -> None:
    import psycopg  # the production extra's driver

    parts = urllib.parse.urlsplit(url.replace("postgresql+psycopg", "postgresql", 1))
    name = parts.path.lstrip("/")
    if not name.startswith("pkcourse_bench"):
        sys.exit("the benchmark drops and re-creates its database: name it pkcourse_bench…")
    server = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


@dataclass
class InProcess:
    """pkcourse in this process (Flask's test client) on a prepared database, with a learner and
    the demo teacher logged in, for the in-process scripts (profile_pages.py, scale.py)."""

    app: object
    learner: object
    teacher: object
    class_id: str
    quiz: str
    answers: str  # a complete answer set for the quiz, with @TOKEN@ and @SERVED@ to fill
    served: str
    secret: str

    def submission(self) -> str:
        """A complete answer set with a fresh submission token."""
        return self.submissions(1)[0]

    def submissions(self, count: int) -> list[str]:
        """``count`` complete answer sets, each with a fresh submission token (signed at once, so
        that timing the submissions does not time the signing)."""
        return [fill(self.answers, *pair) for pair in signed_forms(self.secret, self.served, count)]


def in_process(database_url: str | None, scratch: str) -> InProcess:
    url = database_url or f"sqlite:///{scratch}/bench.sqlite3"
    os.environ.update(
        PKCOURSE_DATABASE_URL=url,
        PKCOURSE_SECRET_KEY=secrets.token_hex(32),
        PKCOURSE_SESSION_COOKIE_SECURE="false",
        PKCOURSE_REMEMBER_COOKIE_SECURE="false",
        PKCOURSE_RATELIMIT_ENABLED="false",
    )
    password = prepare_database(dict(os.environ), LEARNERS)
    from pkcourse import create_app

    app = create_app()
    learner, teacher = app.test_client(), app.test_client()

    def post_form(client, path, data):
        token = Client.CSRF.search(client.get(path).text).group(1)
        return client.post(path, data={"csrf_token": token, **data})

    secret = secrets.token_urlsafe(16)
    post_form(
        learner,
        "/auth/register",
        {"email": "bench@example.com", "display_name": "B", "password": secret, "confirm": secret},
    )
    post_form(teacher, "/auth/login", {"email": "demo-teacher@example.org", "password": password})
    class_id = re.search(r"/teach/classes/(\d+)", teacher.get("/teach").text).group(1)
    quiz = f"/modules/{QUIZ_MODULE}/quiz"
    page = learner.get(quiz).text
    return InProcess(
        app,
        learner,
        teacher,
        class_id,
        quiz,
        complete_answers(page),
        served_of(page),
        os.environ["PKCOURSE_SECRET_KEY"],
    )


def flask(env: dict, *arguments: str) -> str:
    done = subprocess.run(
        [BIN / "flask", "--app", "pkcourse", *arguments],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if done.returncode:
        sys.exit(f"flask {' '.join(arguments)} failed:\n{done.stdout}{done.stderr}")
    return done.stdout


def prepare_database(env: dict, learners: int) -> str:
    """Migrate, import, seed; returns the demo teacher's password."""
    if env["PKCOURSE_DATABASE_URL"].startswith("postgresql"):
        prepare_postgresql(env["PKCOURSE_DATABASE_URL"])
    flask(env, "db", "upgrade")
    flask(env, "content", "import")
    output = flask(env, "demo", "seed", "--learners", str(learners), "--seed", "12")
    print(output.splitlines()[0], flush=True)
    return re.search(r"demo-teacher@example\.org / (\S+)", output).group(1)


def gunicorn(env: dict, bind: str, app: str, *extra: str, cwd: Path = ROOT) -> subprocess.Popen:
    # `make serve`'s options; no --access-logfile, so no access log (gunicorn's default).
    command = [
        str(BIN / "gunicorn"),
        "--workers", "2",
        "--bind", bind,
        "--no-control-socket",
        "--preload",
        *extra,
        app,
    ]  # fmt: skip
    return subprocess.Popen(command, env=env, cwd=cwd, stdout=subprocess.DEVNULL)


def cpu_seconds(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / CLOCK_TICKS


def database_server_cpu() -> dict[int, float]:
    """CPU seconds so far of every PostgreSQL server process on this machine, by pid (none for
    SQLite, which runs inside the workers and is counted with them)."""
    found = {}
    for comm in Path("/proc").glob("[0-9]*/comm"):
        try:
            if comm.read_text().strip() == "postgres":
                found[int(comm.parent.name)] = cpu_seconds([int(comm.parent.name)])
        except (OSError, ValueError):  # a process that ended while we looked
            continue
    return found


def run_wrk(
    wrk: str, args, base: str, target: Target, workers: list[int], secret: str, scratch: Path
) -> dict:
    env = {
        **os.environ,
        "BENCH_PATH": target.path,
        "BENCH_COOKIE": target.cookie,
        "BENCH_EXPECT": str(target.expect),
        "BENCH_USER_AGENT": USER_AGENT,
    }
    if target.body is not None:
        env["BENCH_BODY"] = target.body
        # Far more than 2 workers can take in the run; a thread that runs out gets 400s.
        forms = signed_forms(secret, target.served, 1000 * args.duration)
        path = scratch / "forms.txt"
        path.write_text("".join(f"{token} {served}\n" for token, served in forms))
        env["BENCH_FORMS"], env["BENCH_THREADS"] = str(path), str(args.threads)
    if target.location:
        env["BENCH_LOCATION"] = target.location
    command = [
        wrk,
        f"-t{args.threads}",
        f"-c{args.connections}",
        f"-d{args.duration}s",
        "--timeout", "60s",  # slow pages queue 32 connections deep on 2 workers
        "-s", str(HERE / "bench.lua"),
        base,
    ]  # fmt: skip
    cpu_before, server_before = cpu_seconds(workers), database_server_cpu()
    output = subprocess.run(command, env=env, capture_output=True, text=True, check=True).stdout
    cpu = cpu_seconds(workers) - cpu_before
    server = database_server_cpu()
    server_cpu = sum(t - server_before.get(pid, 0) for pid, t in server.items())
    line = next(line for line in output.splitlines() if line.startswith("BENCH "))
    figures = {k: int(v) for k, v in (item.split("=") for item in line.split()[1:])}
    figures["rps"] = figures["requests"] / (figures["duration_us"] / 1e6)
    figures["cpu_ms"] = 1000 * cpu / max(figures["checked"], 1)
    figures["db_cpu_ms"] = 1000 * server_cpu / max(figures["checked"], 1)
    return figures


def check_once(client: Client, target: Target, secret: str) -> None:
    """One request by hand before the load: a target that fails here would only measure errors."""
    body = None
    if target.body is not None:
        body = fill(target.body, *signed_forms(secret, target.served, 1)[0])
    status, _, headers = client.request(target.path, body)
    if status != target.expect or (
        target.location and not headers.get("Location", "").startswith(target.location)
    ):
        sys.exit(f"{target.name}: {target.path} answered {status}, not {target.expect}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help="PostgreSQL URL (database pkcourse_bench…)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--duration", type=int, default=10, help="seconds per target and round")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--learners", type=int, default=LEARNERS, help="learners in the class")
    parser.add_argument("--only", help="comma-separated target names (the reference always runs)")
    parser.add_argument("--port", type=int, default=8781, help="pkcourse; the reference gets +1")
    parser.add_argument(
        "--baseline",
        metavar="GIT_REV",
        help="also serve pkcourse as of this commit (port +2, same database) and measure both in "
        "the same rounds: before and after, side by side",
    )
    args = parser.parse_args()

    wrk = ensure_wrk()
    scratch = tempfile.TemporaryDirectory(prefix="pkcourse-bench-")
    url = args.database_url or f"sqlite:///{scratch.name}/bench.sqlite3"
    env = {
        **os.environ,
        "PKCOURSE_DATABASE_URL": url,
        "PKCOURSE_SECRET_KEY": secrets.token_hex(32),
        "PKCOURSE_SESSION_COOKIE_SECURE": "false",
        "PKCOURSE_REMEMBER_COOKIE_SECURE": "false",
        "PKCOURSE_RATELIMIT_KEY_PREFIX": f"pkcourse-bench-{secrets.token_hex(4)}",
    }
    env.pop("PKCOURSE_REDIS_URL", None)
    print(f"database: {url.split('@')[-1]}", flush=True)
    password = prepare_database(env, args.learners)

    app_bind, reference_bind = f"127.0.0.1:{args.port}", f"127.0.0.1:{args.port + 1}"
    app = gunicorn(
        env, app_bind, "pkcourse:create_app()", "--config", "python:pkcourse.gunicorn_config"
    )
    reference = gunicorn(
        env, reference_bind, "reference_app:create_app()", "--pythonpath", str(HERE)
    )
    servers = {"app": app, "reference": reference}
    bases = {"app": f"http://{app_bind}", "reference": f"http://{reference_bind}"}
    if args.baseline:
        servers["baseline"] = serve_baseline(env, args.baseline, Path(scratch.name), args.port + 2)
        bases["baseline"] = f"http://127.0.0.1:{args.port + 2}"
    try:
        for name, base in bases.items():
            wait_until_up(base, path="/" if name == "reference" else "/healthz")
        targets = make_targets(
            bases["app"], bases["reference"], password, args.only, env["PKCOURSE_SECRET_KEY"]
        )
        if args.baseline:
            targets += [
                replace(t, name=f"{t.name} ({args.baseline})", server="baseline", rounds=[])
                for t in targets
                if t.server == "app"
            ]
        workers = {name: children(server.pid) for name, server in servers.items()}
        for number in range(args.rounds):
            # Rotate the order each round, so no target always runs first or last.
            order = targets[number % len(targets) :] + targets[: number % len(targets)]
            for target in order:
                figures = run_wrk(
                    wrk,
                    args,
                    bases[target.server],
                    target,
                    workers[target.server],
                    env["PKCOURSE_SECRET_KEY"],
                    Path(scratch.name),
                )
                target.rounds.append(figures)
            print(f"round {number + 1} of {args.rounds} done", flush=True)
        posts = sum(t.body is not None for t in targets)
        check_stored(url, targets, args.connections * args.rounds * posts)
        report(targets, args)
        memory_report(app.pid)
    finally:
        for server in servers.values():
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
        scratch.cleanup()


def serve_baseline(env: dict, revision: str, scratch: Path, port: int) -> subprocess.Popen:
    """pkcourse as of ``revision`` (its files from ``git archive``), served like the app."""
    tree = scratch / "baseline"
    tree.mkdir()
    archive = subprocess.run(
        ["git", "archive", revision], cwd=ROOT, capture_output=True, check=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(tree)], input=archive, check=True)
    # Its own package first on the path, ahead of the editable install of this checkout.
    env = {**env, "PYTHONPATH": str(tree)}
    return gunicorn(
        env,
        f"127.0.0.1:{port}",
        "pkcourse:create_app()",
        "--config",
        "python:pkcourse.gunicorn_config",
        cwd=tree,
    )


def make_targets(
    base: str, reference_base: str, teacher_password: str, only: str | None, secret: str
) -> list[Target]:
    learner = Client(base)
    password = secrets.token_urlsafe(16)
    status, _, _ = learner.post_form(
        "/auth/register",
        {
            "email": f"bench-{secrets.token_hex(4)}@example.com",
            "display_name": "Bench Learner",
            "password": password,
            "confirm": password,
        },
    )
    if status != 302:
        sys.exit(f"registering the benchmark learner answered {status}")
    teacher = Client(base)
    status, _, _ = teacher.post_form(
        "/auth/login", {"email": "demo-teacher@example.org", "password": teacher_password}
    )
    if status != 302:
        sys.exit(f"logging in the demo teacher answered {status}")
    class_id = re.search(r"/teach/classes/(\d+)", teacher.request("/teach")[1]).group(1)
    quiz = f"/modules/{QUIZ_MODULE}/quiz"
    quiz_page = learner.request(quiz)[1]
    answers = complete_answers(quiz_page)
    # Read after that GET: it put the CSRF token in the session cookie.
    lc, tc = learner.cookie_header(), teacher.cookie_header()
    floor = Client(reference_base)
    floor.request("/floor/login")
    check_once(floor, Target("floor", "reference", "/floor"), secret)
    targets = [
        Target("reference page", "reference", "/"),
        Target("reference + session + 1 query", "reference", "/floor", floor.cookie_header()),
        Target("course overview", "app", "/", lc),
        Target("lesson page", "app", f"/modules/{QUIZ_MODULE}", lc),
        Target("quiz page (GET)", "app", quiz, lc),
        Target(
            "quiz submission", "app", quiz, lc, answers, 302, "/attempts/", served_of(quiz_page)
        ),
        Target("gradebook", "app", f"/teach/classes/{class_id}", tc),
        Target("question analysis", "app", f"/teach/classes/{class_id}/questions", tc),
        Target("gradebook.csv", "app", f"/teach/classes/{class_id}/gradebook.csv", tc),
    ]
    if only:
        names = {name.strip() for name in only.split(",")}
        targets = [t for t in targets if t.server == "reference" or t.name in names]
    clients = {lc: learner, tc: teacher, "": Client(base)}
    for target in targets:
        if target.server == "app":
            check_once(clients[target.cookie], target, secret)
    return targets


def check_stored(url: str, targets: list[Target], in_flight: int) -> None:
    """Every accepted submission stored one attempt (one more was posted by check_once; requests
    still in flight when wrk stops, up to ``in_flight``, are stored but not counted)."""
    posts = [t for t in targets if t.body is not None]
    if not posts:
        return
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.connect() as connection:
        stored = connection.scalar(
            text(
                "SELECT count(*) FROM quiz_attempt JOIN user_account u ON u.id = user_id "
                "WHERE u.email LIKE 'bench-%'"
            )
        )
    engine.dispose()
    accepted = sum(r["checked"] - r["bad"] for t in posts for r in t.rounds) + len(posts)
    print(f"quiz submissions accepted {accepted}, attempts stored {stored}")
    if not accepted <= stored <= accepted + in_flight:
        print("!! the stored attempts do not match the accepted submissions")


def report(targets: list[Target], args) -> None:
    reference = next(t for t in targets if t.server == "reference")
    print(
        f"\nwrk -t{args.threads} -c{args.connections} -d{args.duration}s, {args.rounds} rounds; "
        "medians over rounds; ratio = requests/s over the reference's in the same round; "
        "CPU ratio = the reference's CPU time per request (gunicorn workers, user + system) "
        "over the target's; DB CPU = the PostgreSQL server's CPU time per request\n"
    )
    print(
        "| target | ratio | requests/s | p50 ms | p99 ms | CPU ms/request | CPU ratio "
        "| DB CPU ms/request | bad |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    # Each page's baseline (if any) right under it.
    order = {id(t): (t.name.split(" (")[0], t.server == "baseline") for t in targets}
    names = list(dict.fromkeys(key for key, _ in order.values()))
    for target in sorted(targets, key=lambda t: (names.index(order[id(t)][0]), order[id(t)][1])):
        pairs = list(zip(target.rounds, reference.rounds, strict=True))
        ratios = [r["rps"] / ref["rps"] for r, ref in pairs]
        cpu_ratios = [ref["cpu_ms"] / r["cpu_ms"] for r, ref in pairs]
        bad = sum(r["bad"] + r["socket_errors"] for r in target.rounds)
        statuses = sorted({r["bad_status"] for r in target.rounds if r["bad_status"]})
        flag = ""
        if statuses:
            flag += f" ! status {', '.join(map(str, statuses))}"
        if any(r["socket_errors"] for r in target.rounds):
            flag += " ! socket errors or timeouts"
        if min(r["checked"] for r in target.rounds) < 20:
            flag += " ! fewer than 20 responses in a round: run longer (--duration)"
        print(
            f"| {target.name} | {statistics.median(ratios):.3f} "
            f"| {statistics.median(r['rps'] for r in target.rounds):.0f} "
            f"| {statistics.median(r['p50_us'] for r in target.rounds) / 1000:.1f} "
            f"| {statistics.median(r['p99_us'] for r in target.rounds) / 1000:.1f} "
            f"| {statistics.median(r['cpu_ms'] for r in target.rounds):.2f} "
            f"| {statistics.median(cpu_ratios):.3f} "
            f"| {statistics.median(r['db_cpu_ms'] for r in target.rounds):.2f} "
            f"| {bad}{flag} |"
        )
    if any(r["bad"] or r["socket_errors"] for t in targets for r in t.rounds):
        print(
            "\n! marks a target with unexpected responses or socket errors: its figures are invalid"
        )


def memory_report(master: int) -> None:
    pids = [master, *children(master)]
    pss = [smaps_rollup(pid)["Pss"] / MIB for pid in pids]
    shares = ", ".join(f"{p:.1f}" for p in pss)
    print(f"\npkcourse gunicorn PSS after the load: {sum(pss):.1f} MiB (master, workers: {shares})")


if __name__ == "__main__":
    main()
