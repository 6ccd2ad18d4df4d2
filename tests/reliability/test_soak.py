"""A bounded soak (SOAK_SECONDS, 60 here; `make soak` runs 600): citizens file and pay, officials step,
the Payment Platform's callbacks for one order arrive several at once — all against gunicorn, a worker with
beat, the mock gateway and the mock platform. Afterwards, recounted from the database and the mocks: no
5xx, no filing, event or credit lost or duplicated. p50/p99 are printed."""

import json
import os
import queue
import threading
import time

import pytest
import requests

from config.celery import app
from mocks.payment_platform.models import Order
from payments.models import Payment
from services.models import Filing, FilingEvent, OutboxEvent
from tests.gateway.helpers import MockGateway, wait_until
from tests.reliability.conftest import FEE
from tests.reliability.driver import JOURNEY, Client, Recorder, Sample, run_threads
from tests.reliability.stack import Stack

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres, pytest.mark.broker]
SECONDS = float(os.environ.get("SOAK_SECONDS", "60"))
CITIZENS, OFFICIALS, AT_ONCE = 3, 2, 3
E = OutboxEvent.State


class PaymentPlatform:
    def __init__(self, base, recorder):
        self.base, self.recorder = base, recorder
        self.session = requests.Session()

    def faults(self, *names):
        requests.post(self.base + "api/faults", json={"faults": list(names)}, timeout=10).raise_for_status()

    def pay(self, order_id):
        self.session.post(
            self.base + f"api/orders/{order_id}/pay", json={"action": "pay"}, timeout=30
        ).raise_for_status()

    def callbacks(self, order_id):
        answer = self.session.get(self.base + f"api/orders/{order_id}/callbacks", timeout=10)
        return answer.json()["callbacks"]


def _callbacks_at_once(platform, order_id, recorder):
    """The platform's messages for the order (held back by the "late" fault, each queued twice by
    "duplicate"), posted to the portal by AT_ONCE senders released together."""
    bodies = [c for c in platform.callbacks(order_id)]
    barrier = threading.Barrier(AT_ONCE)

    def send(n):
        callback = bodies[n % len(bodies)]
        barrier.wait(timeout=10)
        started = time.perf_counter()
        try:
            response = requests.post(
                callback["url"],
                data=callback["body"],
                headers={"Content-Type": "application/json"},
                timeout=30,
            )
            recorder.add(
                Sample("callback", response.status_code, time.perf_counter() - started, response.text[:200])
            )
        except requests.RequestException as exc:
            recorder.add(Sample("callback", None, time.perf_counter() - started, repr(exc)))

    senders = [threading.Thread(target=send, args=(n,)) for n in range(AT_ONCE)]
    for sender in senders:
        sender.start()
    for sender in senders:
        sender.join(40)


def test_soak_citizens_officials_and_callbacks_at_once_lose_and_duplicate_nothing(world, tmp_path, settings):
    app.control.purge()
    stack = Stack(tmp_path, broker_url=settings.CELERY_BROKER_URL, NATIONAL_GATEWAY_WAKE_ON_COMMIT="true")
    recorder = Recorder()
    try:
        stack.start_gateway()
        stack.start_payment()
        stack.start_worker("w1", beat=True)
        stack.start_web(workers=2, threads=4)
        gateway = MockGateway(stack.gateway_url)
        platform = PaymentPlatform(stack.payment_url, recorder)
        platform.faults("late", "duplicate")
        ready = queue.Queue()
        created, paid = [], []
        stop_at = time.monotonic() + SECONDS
        producing = threading.Event()
        producing.set()

        def citizen(i):
            applicant = world.citizens[i]
            client = Client(stack.base, world.token(applicant), recorder)
            while time.monotonic() < stop_at:
                procedure = world.fee_procedure if len(created) % 2 == 0 else world.procedure
                code = client.create_filing(procedure.id, applicant)
                if code is None:
                    continue
                created.append(code)
                if client.step(code, "submit") != 200:
                    continue
                if procedure.fee:
                    status, body = client.call(
                        "pay", "POST", f"/api/v1/filings/{code}/payments/online/", code=code
                    )
                    if status != 200:
                        continue
                    platform.pay(body["order_id"])
                    _callbacks_at_once(platform, body["order_id"], recorder)
                    paid.append(code)
                ready.put(code)
            client.close()

        def official(i):
            people = {k: users[i % len(users)] for k, users in world.officials.items()}
            clients = {k: Client(stack.base, world.token(u), recorder) for k, u in people.items()}
            while producing.is_set() or not ready.empty():
                try:
                    code = ready.get(timeout=0.5)
                except queue.Empty:
                    continue
                for step, who, body in JOURNEY[1:]:
                    if clients[who].step(code, step, body) != 200:
                        break
            for client in clients.values():
                client.close()

        workers = [threading.Thread(target=official, args=(i,), daemon=True) for i in range(OFFICIALS)]
        for worker in workers:
            worker.start()
        run_threads(CITIZENS, citizen, seconds_limit=SECONDS + 120)
        producing.clear()
        for worker in workers:
            worker.join(120)
        print(f"soak {SECONDS:.0f}s: {recorder.summary()}")
        print("median by kind:", recorder.by_kind())
        wait_until(
            lambda: not OutboxEvent.objects.exclude(state=E.SENT).exists(), timeout=120, what="outbox drained"
        )

        # No 5xx, nothing refused.
        assert recorder.server_errors() == []
        refused = recorder.where(lambda s: s.status not in (200, 201))
        assert refused == [], [(s.kind, s.status, s.body) for s in refused[:5]]
        # Filings: every 201 is one row, no more.
        ours = Filing.objects.filter(code__in=created)
        assert ours.count() == len(created) == len(set(created))
        assert Filing.objects.count() == len(created)
        assert ours.filter(status="result_returned").count() == len(created)
        # Events: each step once, in order, in the database, in the outbox and at the gateway.
        expected = [
            "submitted", "received", "in_review", "awaiting_approval", "approved", "result_returned"
        ]  # fmt: skip
        for filing in ours:
            history = list(
                FilingEvent.objects.filter(filing=filing)
                .order_by("at", "id")
                .values_list("to_status", flat=True)
            )
            assert history == expected, (filing.code, history)
            assert gateway.statuses(filing.code) == expected
        stats = gateway.stats()
        assert stats == {"received": OutboxEvent.objects.count(), "duplicates": 0}
        # Credits: each paid filing credited once, whatever number of callbacks arrived at once.
        credits = Payment.objects.filter(status="paid")
        assert credits.count() == len(paid) == len(set(paid))
        assert sorted(credits.values_list("filing__code", flat=True)) == sorted(paid)
        assert all(p.amount == FEE for p in credits)
        assert ours.filter(code__in=paid, fee_settled_at__isnull=False).count() == len(paid)
        # ... and the platform took the money once per order the portal credited.
        taken = Order.objects.filter(status="paid").values_list("order_id", flat=True)
        assert sorted(taken) == sorted(credits.values_list("order_id", flat=True))
        # The worker's log lines are JSON too, and a task woken by a request logs that request's id.
        web_ids = {
            json.loads(line)["request_id"] for line in stack.log("web").splitlines() if line[:1] == "{"
        }
        task_lines = [json.loads(line) for line in stack.log("w1").splitlines() if line[:1] == "{"]
        assert any(
            line["logger"] == "celery.app.trace" and line["request_id"] in web_ids for line in task_lines
        )
        callbacks = recorder.where(lambda s: s.kind == "callback")
        print(
            f"{len(created)} filings ({len(paid)} paid online, {len(callbacks)} callbacks, {AT_ONCE} at once per "
            f"order), {FilingEvent.objects.count()} events, gateway {stats}; lost 0, duplicated 0"
        )
    finally:
        stack.close()
        print("process logs in", tmp_path)
