"""One drill-down export in its own process, for `make bench`: prints rows, bytes, seconds and the process's
peak RSS (``ru_maxrss``) as JSON. Usage: export_rss.py PROVINCE KEY FROM TO csv|xlsx (BENCH_DATABASE_URL)."""

import json
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_DATABASE_URL", f"sqlite:///{ROOT / 'bench' / 'bench.sqlite3'}"
)

import django  # noqa: E402

django.setup()

from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from services.models import User  # noqa: E402


def main(province, key, start, end, fmt):
    setup_test_environment()
    user = User.objects.filter(username="bench-staff").first() or User.objects.create_superuser(
        "bench-staff", "bench@example.invalid", None
    )
    client = Client()
    client.force_login(user)
    t0 = time.perf_counter()
    response = client.get(
        f"/reports/figures/{key}/records.{fmt}", {"province": province, "from": start, "to": end}
    )
    assert response.status_code == 200, response.status_code
    size = lines = 0
    for chunk in response.streaming_content:
        size += len(chunk)
        lines += chunk.count(b"\n")
    seconds = time.perf_counter() - t0
    rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"bytes": size, "lines": lines, "seconds": seconds, "rss_kb": rss_kb}))


if __name__ == "__main__":
    main(*sys.argv[1:6])
