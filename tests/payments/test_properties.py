"""Property: whatever the platform and the browser send, in any order, with copies and forgeries,
the money is credited at most once, only for the right amount, and never on a bad signature."""

import json
import secrets

import pytest
import requests
from django.conf import settings
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from payments import services, signing
from payments.models import PaymentEvent
from tests.payments.conftest import FEE, credited, reload

GENUINE = ("callback", "stale_callback", "return")
FORGED = ("tampered_callback", "forged_signature", "resigned_amount", "tampered_return")


def _post(body):
    return requests.post(
        f"{settings.SITE_URL}/payments/callback/",
        data=body if isinstance(body, str) else json.dumps(body),
        headers={"Content-Type": "application/json"},
        timeout=30,
    )


def _send(step, platform, bodies, return_url):
    genuine = json.loads(bodies[0])
    if step == "callback":
        _post(bodies[0])
    elif step == "stale_callback":
        _post(bodies[-1])
    elif step == "tampered_callback":  # the amount changed after signing
        _post({**genuine, "amount": genuine["amount"] + 1})
    elif step == "forged_signature":
        _post({**genuine, "status": "paid", "signature": secrets.token_hex(32)})
    elif step == "resigned_amount":  # correctly signed, but not the order's amount
        fields = {k: v for k, v in genuine.items() if k not in ("signature", "timestamp")}
        _post(
            signing.signed({**fields, "status": "paid", "amount": FEE // 2}, settings.PAYMENT_PLATFORM_SECRET)
        )
    elif step == "return":
        platform.come_back(return_url)
    elif step == "tampered_return":
        platform.come_back(return_url.replace(f"amount={FEE}", f"amount={FEE - 1}"))


@pytest.mark.django_db(transaction=True)
@hypothesis_settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    paid=st.booleans(),
    steps=st.lists(st.sampled_from(GENUINE + FORGED), min_size=1, max_size=8),
)
def test_messages_in_any_order_credit_at_most_once_for_the_right_amount(world, platform, paid, steps):
    filing = world.filing()
    payment = services.start_online_payment(filing=filing, actor=world.applicant)
    platform.set_faults("late", "out_of_order", "duplicate", order_id=payment.order_id)
    return_url = platform.pay(payment.order_id, action="pay" if paid else "cancel")
    bodies = [c["body"] for c in platform.callbacks(payment.order_id)]

    for step in steps:
        _send(step, platform, bodies, return_url)

    payment = reload(payment)
    assert PaymentEvent.objects.filter(payment=payment, action="credit").count() <= 1
    assert credited(filing) in (0, FEE)
    if not paid or not set(steps) & {"callback", "return"}:
        assert credited(filing) == 0, "credited without a genuine message that says paid"
    else:
        assert credited(filing) == FEE and reload(filing).fee_settled_at is not None
