from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('documents', '0006_job_queued_at'),
    ]

    operations = [
        migrations.AddField(
            model_name='issueddocument',
            name='verify_token',
            field=models.CharField(blank=True, editable=False, max_length=32),
        ),
    ]
