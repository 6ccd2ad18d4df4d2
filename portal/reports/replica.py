"""Report reads on a read replica: ``DATABASE_REPLICA_URL`` adds the ``replica`` database alias, and while a report
or drill-down is being read (the report pages, API and command run inside :func:`reads`) the router sends the
ORM's reads there and :func:`connection` gives the raw cursors of the report queries the replica's connection.
Writes always go to ``default``; nothing is migrated on the replica. Without the setting everything reads
``default``. A replica lags its primary: a report shows what the standby has replayed
(tests/reports/test_replica.py makes a real streaming standby and pauses its replay).
"""

import contextlib
import contextvars
from functools import wraps

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

REPLICA = "replica"
_reading = contextvars.ContextVar("report_reads", default=False)


def configured():
    return REPLICA in settings.DATABASES


def alias():
    """The database a report read goes to now."""
    return REPLICA if _reading.get() and configured() else DEFAULT_DB_ALIAS


def connection():
    return connections[alias()]


@contextlib.contextmanager
def reads():
    token = _reading.set(True)
    try:
        yield
    finally:
        _reading.reset(token)


def reading(view):
    """Decorate a view (or a method) whose database reads are report reads."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        with reads():
            return view(*args, **kwargs)

    return wrapped


class ReportReplicaRouter:
    def db_for_read(self, model, **hints):
        return REPLICA if _reading.get() and configured() else None

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS
