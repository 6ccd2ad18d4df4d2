"""What a filing step sets off beyond the state change, called by ``services.services._step`` inside the
step's transaction: a failure here rolls the step back."""

from documents import services


def after_step(filing, event):
    if event.action == "return_result":
        services.issue_result(filing=filing, actor=event.actor)
