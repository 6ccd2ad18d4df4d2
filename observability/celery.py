"""The worker's log lines carry an id too: the request's that queued the task (sent as a message header),
else the task's own id."""

from celery import signals

from observability import context

HEADER = "request_id"
_tokens = {}


@signals.before_task_publish.connect
def _send_request_id(headers=None, **kwargs):
    if headers is not None and context.get():
        headers.setdefault(HEADER, context.get())


@signals.task_prerun.connect
def _bind(task_id=None, task=None, **kwargs):
    request = getattr(task, "request", None)
    sent = getattr(request, HEADER, None) or (getattr(request, "headers", None) or {}).get(HEADER)
    _tokens[task_id] = context.bind(sent or context.get() or task_id or "-")


@signals.task_postrun.connect
def _unbind(task_id=None, **kwargs):
    token = _tokens.pop(task_id, None)
    if token is not None:
        context.reset(token)
