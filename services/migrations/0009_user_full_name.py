"""One full name per account, in Vietnamese order (family name first).

The demo and VNeID sign-ins stored the family and middle names in ``last_name`` and the given name in
``first_name``, and Django's ``get_full_name`` printed "An Nguyễn Văn". ``full_name`` becomes
``last_name first_name`` ("Nguyễn Văn An"); a filing's ``applicant_name`` copied from such an account in the
reversed order is corrected the same way.
"""

from django.db import migrations, models

CHUNK = 2000


def fill(apps, schema_editor):
    User = apps.get_model("services", "User")
    Filing = apps.get_model("services", "Filing")
    people = User.objects.filter(full_name="").exclude(first_name="", last_name="")
    changed = []
    for user in people.only("pk", "first_name", "last_name").iterator(chunk_size=CHUNK):
        reversed_ = " ".join(f"{user.first_name} {user.last_name}".split())
        # the articles' seeded citizens were "Công dân" + a number: already in reading order
        natural = reversed_ if user.last_name.isdigit() else " ".join(f"{user.last_name} {user.first_name}".split())
        user.full_name = natural
        changed.append(user)
        if natural != reversed_:
            Filing.objects.filter(applicant_id=user.pk, applicant_name=reversed_).update(applicant_name=natural)
        if len(changed) >= CHUNK:
            User.objects.bulk_update(changed, ["full_name"])
            changed = []
    User.objects.bulk_update(changed, ["full_name"])


class Migration(migrations.Migration):
    dependencies = [("services", "0008_filing_lookup_key")]

    operations = [
        migrations.AddField(
            model_name="user",
            name="full_name",
            field=models.CharField(
                blank=True,
                help_text="Theo thứ tự tiếng Việt, họ trước tên: Nguyễn Văn An (từ VNeID cho công dân).",
                max_length=300,
                verbose_name="họ và tên",
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
    ]
