"""The load driver: API clients over real HTTP (requests, one session per thread), every answer recorded
(what, status, seconds, body) so that a test can count 5xx, check error shapes and print p50/p99."""

import statistics
import threading
import time

import requests
from rest_framework.authtoken.models import Token

# The steps of a filing from draft to result, with who takes each and its body.
JOURNEY = [
    ("submit", "applicant", None),
    ("receive", "desk", None),
    ("start_review", "specialist", None),
    ("propose", "specialist", {"proposal": "approve"}),
    ("approve", "leader", None),
    ("return_result", "desk", None),
]
STATUS_AFTER = {
    "submit": "submitted",
    "receive": "received",
    "start_review": "in_review",
    "propose": "awaiting_approval",
    "approve": "approved",
    "return_result": "result_returned",
}
ERROR_SHAPE = {"code", "message", "message_vi", "message_en"}


class Sample:
    __slots__ = ("body", "code", "kind", "retry_after", "seconds", "status")

    def __init__(self, kind, status, seconds, body, code=None, retry_after=None):
        self.kind, self.status, self.seconds, self.body, self.code = kind, status, seconds, body, code
        self.retry_after = retry_after


class Recorder:
    def __init__(self):
        self.samples = []
        self._lock = threading.Lock()

    def add(self, sample):
        with self._lock:
            self.samples.append(sample)

    def where(self, predicate):
        with self._lock:
            return [s for s in self.samples if predicate(s)]

    def server_errors(self):
        """5xx answers and requests that got no answer at all, as (kind, status, body) for the message."""
        failed = self.where(lambda s: s.status is None or s.status >= 500)
        return [(s.kind, s.status, s.body if isinstance(s.body, str) else repr(s.body)[:300]) for s in failed]

    def by_kind(self):
        kinds = {}
        for s in self.where(lambda s: True):
            kinds.setdefault(s.kind, []).append(s.seconds)
        return {k: f"{statistics.median(v) * 1000:.0f} ms ×{len(v)}" for k, v in sorted(kinds.items())}

    def summary(self):
        seconds = sorted(s.seconds for s in self.samples)
        if not seconds:
            return "no requests"
        p = lambda q: seconds[min(len(seconds) - 1, int(q * len(seconds)))] * 1000  # noqa: E731
        by_status = {}
        for s in self.samples:
            by_status[s.status] = by_status.get(s.status, 0) + 1
        return (
            f"{len(seconds)} requests, statuses {dict(sorted(by_status.items(), key=str))}, "
            f"p50 {statistics.median(seconds) * 1000:.0f} ms, p99 {p(0.99):.0f} ms, max {seconds[-1] * 1000:.0f} ms"
        )


def token_for(user):
    return Token.objects.get_or_create(user=user)[0].key


class Client:
    """One person's API client (their token), recording every answer."""

    def __init__(self, base, token, recorder, *, timeout=30):
        self.base, self.recorder, self.timeout = base, recorder, timeout
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Token {token}"
        self.session.headers["Accept-Language"] = "vi"
        # A new connection per request: a kept-alive connection that the server closes while idle can meet
        # the next POST on its way (a reset no server could answer); a proxy in front retries those.
        self.session.headers["Connection"] = "close"

    def call(self, kind, method, path, code=None, **kwargs):
        started = time.perf_counter()
        try:
            response = self.session.request(method, self.base + path, timeout=self.timeout, **kwargs)
        except requests.RequestException as exc:
            self.recorder.add(Sample(kind, None, time.perf_counter() - started, repr(exc), code))
            return None, None
        seconds = time.perf_counter() - started
        try:
            body = response.json()
        except ValueError:
            body = response.text[:500]
        retry_after = response.headers.get("Retry-After")
        self.recorder.add(Sample(kind, response.status_code, seconds, body, code, retry_after))
        return response.status_code, body

    def create_filing(self, procedure_id, applicant):
        status, body = self.call(
            "create",
            "POST",
            "/api/v1/filings/",
            json={
                "procedure": procedure_id,
                "applicant_name": applicant.get_full_name() or applicant.username,
                "applicant_personal_id": applicant.personal_id,
            },
        )
        return body["code"] if status == 201 else None

    def step(self, code, name, body=None):
        status, _body = self.call(name, "POST", f"/api/v1/filings/{code}/{name}/", code=code, json=body or {})
        return status

    def close(self):
        self.session.close()


def run_threads(count, target, *, seconds_limit):
    """Run ``target(i)`` in ``count`` threads; fail if any is still running after ``seconds_limit``."""
    errors = []

    def guarded(i):
        try:
            target(i)
        except Exception as exc:  # reported by the test, not swallowed
            errors.append(exc)

    threads = [threading.Thread(target=guarded, args=(i,), daemon=True) for i in range(count)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + seconds_limit
    for thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()))
    assert not any(t.is_alive() for t in threads), f"load threads still running after {seconds_limit}s"
    if errors:
        raise errors[0]
