from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("comics", "0008_editing"),
    ]

    operations = [
        migrations.AddField(
            model_name="page",
            name="stage",
            field=models.CharField(
                blank=True, help_text="The part of the story the beat tells, as its writer named it.", max_length=100
            ),
        ),
    ]
