"""``/healthz``: the process answers (no database). ``/readyz``: it can serve — the database answers, every
migration is applied, the broker (when one is configured) accepts a connection, and the outbox's oldest
pending event is younger than ``READYZ_OUTBOX_MAX_AGE_SECONDS``. JSON with each check; 200 or 503."""

import time

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Min
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache

_migrations_applied = False  # once true it stays true for this process (migrations are not unapplied)


def _timed(check):
    started = time.perf_counter()
    try:
        result = check()
    except Exception as exc:  # a check's failure is its answer, never the endpoint's 500
        result = {"ok": False, "error": f"{type(exc).__name__}: {exc}"[:300]}
    result["ms"] = round((time.perf_counter() - started) * 1000, 1)
    return result


def check_database():
    """``SELECT 1``. With psycopg's pool a request would wait the pool's timeout (10 s) for a connection
    while the server is down; the probe opens its own connection instead, bounded by
    ``READYZ_DATABASE_TIMEOUT_SECONDS``, so that it answers before the prober gives up."""
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.vendor == "postgresql" and connection.settings_dict.get("OPTIONS", {}).get("pool"):
        import psycopg

        params = connection.get_connection_params()
        params["connect_timeout"] = max(1, round(settings.READYZ_DATABASE_TIMEOUT_SECONDS))
        with psycopg.connect(**params) as direct:
            direct.execute("SELECT 1").fetchone()
        return {"ok": True}
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"ok": True}


def check_migrations():
    global _migrations_applied
    if not _migrations_applied:
        connection = connections[DEFAULT_DB_ALIAS]
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if plan:
            return {"ok": False, "unapplied": len(plan)}
        _migrations_applied = True
    return {"ok": True}


def check_broker():
    url = settings.CELERY_BROKER_URL
    if not url or settings.CELERY_TASK_ALWAYS_EAGER:
        return {"ok": True, "skipped": "no broker (tasks run in-process)"}
    timeout = settings.READYZ_BROKER_TIMEOUT_SECONDS
    if url.startswith(("redis://", "rediss://")):
        import redis

        client = redis.Redis.from_url(url, socket_connect_timeout=timeout, socket_timeout=timeout)
        try:
            client.ping()
        finally:
            client.close()
        return {"ok": True}
    from config.celery import app

    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, interval_start=0, timeout=timeout)
    return {"ok": True}


def check_outbox():
    from services.models import OutboxEvent

    first = OutboxEvent.objects.filter(state=OutboxEvent.State.PENDING).aggregate(first=Min("created_at"))[
        "first"
    ]
    age = max((timezone.now() - first).total_seconds(), 0.0) if first else 0.0
    limit = settings.READYZ_OUTBOX_MAX_AGE_SECONDS
    return {"ok": age <= limit, "oldest_pending_age_seconds": round(age, 1), "max_age_seconds": limit}


@never_cache
def healthz(request):
    return JsonResponse({"status": "ok"})


@never_cache
def readyz(request):
    checks = {"database": _timed(check_database)}  # the others need it
    if checks["database"]["ok"]:
        checks["migrations"] = _timed(check_migrations)
        checks["outbox"] = _timed(check_outbox)
    else:
        skipped = {"ok": False, "error": "database unavailable"}
        checks["migrations"] = dict(skipped)
        checks["outbox"] = dict(skipped)
    checks["broker"] = _timed(check_broker)
    ready = all(c["ok"] for c in checks.values())
    return JsonResponse(
        {"status": "ok" if ready else "unavailable", "checks": checks}, status=200 if ready else 503
    )
