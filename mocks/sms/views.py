"""The mock SMS gateway: ``POST api/messages`` sends (idempotent by ``reference``), ``GET api/messages``
lists what was sent, ``POST api/faults`` sets a fault mode: ``down`` (503), ``slow`` (waits ``delay``
seconds, then accepts), ``rejecting`` (422), ``""`` (normal). Kept in memory: a restart forgets all."""

import json
import threading
import time
import uuid

from django.conf import settings
from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt

_lock = threading.Lock()
_messages = []  # dicts: id, to, text, reference, at
_faults = {"mode": "", "delay": 0.0}


def _authorized(request):
    token = settings.SMS_GATEWAY_TOKEN
    return not token or request.headers.get("Authorization") == f"Bearer {token}"


@csrf_exempt
def messages(request):
    if not _authorized(request):
        return JsonResponse({"error": "unauthorized"}, status=401)
    if request.method == "GET":
        with _lock:
            return JsonResponse({"messages": list(_messages)})
    if request.method == "DELETE":
        with _lock:
            _messages.clear()
        return JsonResponse({"messages": []})
    if request.method != "POST":
        return JsonResponse({"error": "method"}, status=405)
    with _lock:
        mode, delay = _faults["mode"], _faults["delay"]
    if mode == "down":
        return JsonResponse({"error": "unavailable"}, status=503)
    if mode == "slow":
        time.sleep(min(delay, 30))
    try:
        body = json.loads(request.body)
        to, text, reference = str(body["to"]), str(body["text"]), str(body.get("reference", ""))
    except (ValueError, KeyError, TypeError):
        return JsonResponse({"error": "bad request"}, status=400)
    if mode == "rejecting":
        return JsonResponse({"error": "rejected"}, status=422)
    if not to.strip() or not text.strip():
        return JsonResponse({"error": "to and text are required"}, status=400)
    with _lock:
        for sent in _messages:
            if reference and sent["reference"] == reference:
                return JsonResponse({"id": sent["id"], "status": "duplicate"}, status=200)
        message = {"id": uuid.uuid4().hex, "to": to, "text": text, "reference": reference, "at": time.time()}
        _messages.append(message)
    return JsonResponse({"id": message["id"], "status": "accepted"}, status=202)


@csrf_exempt
def faults(request):
    if request.method != "POST":
        with _lock:
            return JsonResponse(dict(_faults))
    try:
        body = json.loads(request.body or b"{}")
        mode = body.get("mode", "") or ""
        delay = float(body.get("delay", 0))
    except (ValueError, TypeError):
        return JsonResponse({"error": "bad request"}, status=400)
    if mode not in ("", "down", "slow", "rejecting"):
        return JsonResponse({"error": "mode is one of down, slow, rejecting or empty"}, status=400)
    with _lock:
        _faults.update(mode=mode, delay=delay)
        return JsonResponse(dict(_faults))
