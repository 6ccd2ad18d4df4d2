"""Reports read a real streaming standby when DATABASE_REPLICA_URL is set: a private primary (initdb on a free
port), a standby made from it with ``pg_basebackup -R`` and started on another port. With the standby's replay
paused, a change committed on the primary is in a report read from the primary and not in the same report read
from the standby until the replay resumes (replica lag); writes still go to the primary (the standby is
read-only, so a write sent there would fail)."""

import datetime as dt
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from zoneinfo import ZoneInfo

import psycopg
import pytest

from portal.reports import replica
from services.constants import FilingStatus
from services.models import Filing
from tests.builders import restore_index_weights
from tests.factories import AgencyFactory, ProcedureFactory, ProvinceFactory
from tests.gateway.helpers import wait_until
from tests.reliability.pgcluster import PrivatePostgres, _bin, postgres_binaries

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.postgres,
    pytest.mark.skipif(
        not (postgres_binaries() and _bin("pg_basebackup")), reason="needs initdb, pg_ctl and pg_basebackup"
    ),
]


class Standby(PrivatePostgres):
    """A hot standby of ``primary``: its base backup with ``-R`` (standby.signal, primary_conninfo)."""

    def __init__(self, primary):
        super().__init__()
        self.primary = primary

    def create(self):
        self._run(_bin("pg_basebackup"), "-h", "127.0.0.1", "-p", str(self.primary.port), "-U", "postgres",
                  "-D", str(self.data), "-R", "-X", "stream", "--no-sync", timeout=120)  # fmt: skip
        self.start()


def execute(cluster, sql):
    with psycopg.connect(
        host="127.0.0.1", port=cluster.port, user="postgres", dbname="portal", autocommit=True
    ) as c:
        cur = c.execute(sql)
        return cur.fetchall() if cur.description else None


def _command(name, province, primary, standby=None):
    env = {**os.environ, "DATABASE_URL": primary.url, "DB_POOL": "false"}
    env.pop("DATABASE_REPLICA_URL", None)
    if standby:
        env["DATABASE_REPLICA_URL"] = standby.url
    out = subprocess.run([sys.executable, "manage.py", name, "--province", province.slug, "--from", "2024-03-01",
                          "--to", "2024-03-31", "--format", "json"], cwd=ROOT, env=env, capture_output=True,
                         text=True, timeout=60, check=True)  # fmt: skip
    return json.loads(out.stdout)


def report(province, primary, standby=None):
    return _command("report", province, primary, standby)["electronic_filings"]


def index_online(province, primary, standby=None):
    """The service index's filings received online (``manage.py service_index``, the same lookup and reads)."""
    index = _command("service_index", province, primary, standby)
    return next(
        i["numerator"] for g in index["groups"] for i in g["indicators"] if i["key"] == "online_filings"
    )


@pytest.mark.filterwarnings("ignore:Overriding setting DATABASES")
def test_router_sends_report_reads_to_the_replica_and_writes_to_the_primary(settings):
    router = replica.ReportReplicaRouter()
    settings.DATABASES = {**settings.DATABASES, "replica": settings.DATABASES["default"]}
    assert router.db_for_read(Filing) is None
    with replica.reads():
        assert router.db_for_read(Filing) == "replica"
        assert replica.alias() == "replica"
        assert router.db_for_write(Filing) == "default"
    assert router.allow_migrate("replica", "services") is False
    del settings.DATABASES["replica"]
    with replica.reads():
        assert router.db_for_read(Filing) is None  # no replica configured: the default database
        assert replica.alias() == "default"


def test_reports_read_the_standby_and_show_its_lag():
    restore_index_weights()  # a transactional test before this one may have emptied them
    province = ProvinceFactory(slug="tinh-ban-sao")
    agency = AgencyFactory(province=province)
    procedure = ProcedureFactory(agency=agency)
    submitted = dt.datetime(2024, 3, 5, 9, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    for i, channel in enumerate(["online", "online", "counter"]):
        Filing.objects.create(code=f"REP-{i}", procedure=procedure, agency=agency, channel=channel, fee=0,
                              applicant_name="Người nộp", applicant_personal_id="086090000123",
                              status=FilingStatus.RECEIVED, submitted_at=submitted, received_at=submitted)  # fmt: skip
    primary = PrivatePostgres()
    standby = None
    try:
        primary.create()
        primary.copy_test_database()
        standby = Standby(primary)
        standby.create()
        wait_until(lambda: execute(standby, "SELECT count(*) FROM services_filing")[0][0] == 3, timeout=30,
                   what="the standby to replay the copy")  # fmt: skip
        assert execute(standby, "SELECT pg_is_in_recovery()")[0][0] is True
        assert report(province, primary, standby) == 2
        assert index_online(province, primary, standby) == 2

        execute(standby, "SELECT pg_wal_replay_pause()")
        execute(primary, "UPDATE services_filing SET channel = 'online' WHERE code = 'REP-2'")
        assert report(province, primary) == 3  # the primary has it
        assert index_online(province, primary) == 3
        time.sleep(1)
        assert (
            report(province, primary, standby) == 2
        )  # the standby has not replayed it: the report reads there
        assert index_online(province, primary, standby) == 2, "the service index reads the standby too"

        execute(standby, "SELECT pg_wal_replay_resume()")
        wait_until(
            lambda: report(province, primary, standby) == 3, timeout=30, what="the standby to catch up"
        )

        # a write with the replica set goes to the primary (on the read-only standby it would fail)
        env = {
            **os.environ,
            "DATABASE_URL": primary.url,
            "DATABASE_REPLICA_URL": standby.url,
            "DB_POOL": "false",
        }
        subprocess.run([sys.executable, "manage.py", "refresh_rollups"], cwd=ROOT, env=env, check=True,
                       capture_output=True, timeout=120)  # fmt: skip
        assert execute(primary, "SELECT count(*) FROM portal_rollupstate")[0][0] == 1
    finally:
        if standby:
            standby.destroy()
        primary.destroy()
