"""The Django admin is for superusers only: existing non-superusers lose ``is_staff``, and the admin group
(and non-superuser admins themselves) lose the model permissions that reached ``/admin/``."""

from django.db import migrations


def close_the_django_admin(apps, schema_editor):
    User = apps.get_model("services", "User")
    Group = apps.get_model("auth", "Group")
    User.objects.filter(is_superuser=False, is_staff=True).update(is_staff=False)
    for group in Group.objects.filter(name="admin"):
        group.permissions.clear()
    for user in User.objects.filter(is_superuser=False, groups__name="admin").distinct():
        user.user_permissions.clear()


class Migration(migrations.Migration):
    dependencies = [
        ("services", "0004_calendar_day_province"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(close_the_django_admin, migrations.RunPython.noop)]
