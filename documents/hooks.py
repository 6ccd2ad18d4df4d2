"""What a filing step sets off beyond the state change, called by ``services.services._step`` inside the
step's transaction: a failure here rolls the step back."""

from documents import services
from notifications.services import on_filing_event


def after_step(filing, event):
    if event.action == "return_result":
        services.issue_result(filing=filing, actor=event.actor)
    on_filing_event(filing, event)  # rows of the notifications outbox, sent by the worker after commit
