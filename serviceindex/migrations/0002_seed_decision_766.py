"""Seed the weights of Decision 766/QĐ-TTg: 18/20/22/22/18 points, effective 23/6/2022."""

import datetime as dt

from django.db import migrations

# A copy, not an import: a migration keeps the numbers it was written with.
WEIGHTS = [
    ("public", "catalog_published_on_time", 10, 100),
    ("public", "catalog_complete", 2, 100),
    ("public", "filings_synced", 6, 100),
    ("progress", "filings_in_time", 20, 100),
    ("digitisation", "results_electronic", 8, 100),
    ("digitisation", "filings_digitised", 8, 80),
    ("digitisation", "filings_reused", 6, 80),
    ("online", "online_services", 4, 80),
    ("online", "online_services_used", 4, 100),
    ("online", "online_filings", 4, 50),
    ("online", "fee_procedures_paid_online", 4, 80),
    ("online", "filings_paid_online", 6, 100),
    ("satisfaction", "hotline_in_time", 6, 100),
    ("satisfaction", "hotline_satisfied", 6, 100),
    ("satisfaction", "filings_satisfied", 6, 90),
]
EFFECTIVE = dt.date(2022, 6, 23)


def seed(apps, schema_editor):
    IndexWeight = apps.get_model("serviceindex", "IndexWeight")
    for position, (group, key, points, full_at) in enumerate(WEIGHTS):
        IndexWeight.objects.update_or_create(
            key=key,
            effective_from=EFFECTIVE,
            defaults={"group": group, "position": position, "max_points": points, "full_marks_at": full_at,
                      "source": "Quyết định 766/QĐ-TTg ngày 23/6/2022"},
        )  # fmt: skip


def unseed(apps, schema_editor):
    apps.get_model("serviceindex", "IndexWeight").objects.filter(effective_from=EFFECTIVE).delete()


class Migration(migrations.Migration):
    dependencies = [("serviceindex", "0001_index_weight")]
    operations = [migrations.RunPython(seed, unseed)]
