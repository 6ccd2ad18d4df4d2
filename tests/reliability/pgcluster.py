"""A PostgreSQL cluster of the test's own (``initdb`` + ``pg_ctl`` from /usr/lib/postgresql/*/bin, run as
the ``postgres`` user when we are root), on a free loopback port, which the test may stop and restart.
It never touches the shared server: the test's database is copied into it with pg_dump."""

import contextlib
import glob
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from django.db import connection

from tests.processes import free_port


def _bin(name):
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return found[-1] if found else shutil.which(name)


def postgres_binaries():
    return all(_bin(name) for name in ("initdb", "pg_ctl", "pg_dump", "pg_restore", "createdb"))


class PrivatePostgres:
    def __init__(self):
        self.port = free_port()
        # Not under pytest's tmp_path: the postgres user must be able to enter every parent directory.
        self.dir = Path(tempfile.mkdtemp(prefix="ops-pg-"))
        self.data = self.dir / "data"
        self.log = self.dir / "server.log"
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/portal"
        self._as_postgres = os.geteuid() == 0
        if self._as_postgres:
            shutil.chown(self.dir, "postgres", "postgres")

    def _run(self, *args, timeout=60):
        command = list(args)
        if self._as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(command, check=True, capture_output=True, timeout=timeout, text=True)

    def create(self):
        self._run(
            _bin("initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8"
        )
        self.start()
        self._run(_bin("createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "portal")

    def start(self):
        options = (
            f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=60"
        )
        self._run(
            _bin("pg_ctl"),
            "-D",
            str(self.data),
            "-o",
            options,
            "-l",
            str(self.log),
            "-w",
            "-t",
            "30",
            "start",
        )

    def stop(self):
        self._run(_bin("pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "-t", "30", "stop")

    def copy_test_database(self):
        """The test database (schema, migrations table and the test's rows) into this cluster."""
        db = connection.settings_dict
        dump = subprocess.run(
            [
                _bin("pg_dump"),
                "-h",
                db["HOST"],
                "-p",
                str(db["PORT"] or 5432),
                "-U",
                db["USER"],
                "-Fc",
                db["NAME"],
            ],
            check=True,
            capture_output=True,
            timeout=120,
        ).stdout
        subprocess.run(
            [
                _bin("pg_restore"),
                "-h",
                "127.0.0.1",
                "-p",
                str(self.port),
                "-U",
                "postgres",
                "-d",
                "portal",
                "--no-owner",
            ],
            input=dump,
            check=True,
            capture_output=True,
            timeout=120,
        )

    def query(self, sql, params=()):
        import psycopg

        with psycopg.connect(host="127.0.0.1", port=self.port, user="postgres", dbname="portal") as conn:
            return conn.execute(sql, params).fetchall()

    def destroy(self):
        with contextlib.suppress(subprocess.CalledProcessError):
            self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)
