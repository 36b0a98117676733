"""Learners taking quizzes through the real forms of a live server (standard library only), for
the crowd test and ``benchmarks/durability.py``: log in, open a quiz, answer it, submit, and note
which attempt the server acknowledged."""

import http.client
import http.cookiejar
import re
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field

CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
HIDDEN = re.compile(
    r'name="(submission_token|order_seed|served|draw)" type="hidden" value="([^"]+)"'
)
CHOICE = re.compile(
    r'<input id="[^"]+" name="(q\d+)"[^>]* type="(?:radio|checkbox)" value="([^"]+)"'
)
SELECT = re.compile(r'<select id="[^"]+" name="(q\d+-\d+)"[^>]*>(.*?)</select>', re.S)
OPTION_VALUE = re.compile(r'<option value="([^"]+)"')
TEXT = re.compile(r'<input[^>]* name="(q\d+)"[^>]* type="text"')
ATTEMPT = re.compile(r"/attempts/(\d+)$")


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@dataclass
class Outcome:
    """What the server answered to one submission."""

    status: int  # 0: no answer at all (connection refused or cut)
    attempt_id: int | None = None  # set when the server acknowledged a stored attempt


@dataclass
class Learner:
    base_url: str
    email: str
    password: str
    timeout: float = 60
    outcomes: list[Outcome] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirects()
        )

    def _open(self, path: str, data: dict | list | None = None) -> tuple[int, str, dict]:
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        try:
            with self.opener.open(self.base_url + path, body, timeout=self.timeout) as response:
                return response.status, response.read().decode(), dict(response.headers)
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace"), dict(error.headers)

    def log_in(self) -> int:
        status, page, _ = self._open("/auth/login")
        if status != 200:
            return status
        form = {"csrf_token": CSRF.search(page).group(1), "email": self.email}
        status, _, _ = self._open("/auth/login", {**form, "password": self.password})
        return status

    def quiz_form(self, slug: str) -> list[tuple[str, str]] | None:
        """The quiz page's form filled in with some answer to every question, or None."""
        status, page, _ = self._open(f"/modules/{slug}/quiz")
        if status != 200:
            return None
        fields = [("csrf_token", CSRF.search(page).group(1)), *HIDDEN.findall(page)]
        chosen = set()
        for name, value in CHOICE.findall(page):
            if name not in chosen:
                chosen.add(name)
                fields.append((name, value))
        rows: dict[str, int] = {}
        for name, options in SELECT.findall(page):
            values = OPTION_VALUE.findall(options)
            question = name.partition("-")[0]
            rows[question] = rows.get(question, -1) + 1
            if values:  # each row of an ordering or matching question a different choice
                fields.append((name, values[rows[question] % len(values)]))
        fields += [(name, "an answer") for name in TEXT.findall(page)]
        return fields

    def submit(self, slug: str, form: list[tuple[str, str]]) -> Outcome:
        """Send a filled-in quiz form once; the outcome is also kept in ``outcomes``."""
        try:
            status, _, headers = self._open(f"/modules/{slug}/quiz", form)
        except (OSError, http.client.HTTPException):
            outcome = Outcome(0)
        else:
            found = ATTEMPT.search(headers.get("Location", "")) if status == 302 else None
            outcome = Outcome(status, int(found.group(1)) if found else None)
        self.outcomes.append(outcome)
        return outcome

    def take_quiz(self, slug: str) -> Outcome:
        form = self.quiz_form(slug)
        if form is None:
            outcome = Outcome(0)
            self.outcomes.append(outcome)
            return outcome
        return self.submit(slug, form)
