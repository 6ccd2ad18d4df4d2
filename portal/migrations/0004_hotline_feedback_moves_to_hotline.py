"""The hotline's model now lives in the ``hotline`` app (its table stays): ``portal`` forgets it."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0003_hotline_feedback"),
        ("hotline", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="HotlineFeedback")],
            database_operations=[],
        ),
    ]
