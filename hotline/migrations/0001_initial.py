"""The hotline's model moves from ``portal`` to its own app: the state only; the table
(``portal_hotlinefeedback``), its rows, indexes and constraint stay as they are. The content type follows,
so permissions and admin history keep pointing at the model."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def move_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="hotline", model="hotlinefeedback").exists():
        ContentType.objects.filter(app_label="portal", model="hotlinefeedback").update(app_label="hotline")


def move_content_type_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="portal", model="hotlinefeedback").exists():
        ContentType.objects.filter(app_label="hotline", model="hotlinefeedback").update(app_label="portal")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("portal", "0003_hotline_feedback"),
        ("services", "0003_queue_order_index"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='HotlineFeedback',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('channel', models.CharField(choices=[('phone', 'Điện thoại 1022'), ('web', 'Cổng dịch vụ công'), ('zalo', 'Zalo')], default='phone', max_length=8, verbose_name='kênh')),
                        ('caller_name', models.CharField(max_length=200, verbose_name='người phản ánh')),
                        ('subject', models.CharField(max_length=500, verbose_name='nội dung')),
                        ('received_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name='tiếp nhận lúc')),
                        ('answer', models.TextField(blank=True, verbose_name='trả lời')),
                        ('answered_at', models.DateTimeField(blank=True, db_index=True, null=True, verbose_name='trả lời lúc')),
                        ('agency', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='hotline_items', to='services.agency')),
                        ('answered_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('citizen', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='hotline_items', to=settings.AUTH_USER_MODEL)),
                        ('filing', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='hotline_items', to='services.filing')),
                        ('province', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='hotline_items', to='services.province')),
                    ],
                    options={
                        'db_table': 'portal_hotlinefeedback',
                        'verbose_name': 'phản ánh qua Tổng đài 1022',
                        'verbose_name_plural': 'phản ánh qua Tổng đài 1022',
                        'ordering': ['-received_at'],
                        'constraints': [models.CheckConstraint(condition=models.Q(('answered_at__isnull', True), ('answered_at__gte', models.F('received_at')), _connector='OR'), name='hotline_answer_after_receipt')],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_type, move_content_type_back),
    ]
