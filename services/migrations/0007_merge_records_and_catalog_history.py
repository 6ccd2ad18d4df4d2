"""Joins the two 0006 migrations of issue 14 (records: ratings, digitisation, sync; history: catalog versions)
on this branch; the lead may renumber them at merge and drop this one."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("services", "0006_catalog_history"),
        ("services", "0006_records_ratings_digitisation_sync"),
    ]
    operations = []
