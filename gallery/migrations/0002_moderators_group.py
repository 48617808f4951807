"""The "Moderators" group, holding gallery.moderate: add a user to it to make a moderator."""

from django.db import migrations

GROUP = "Moderators"


def create_group(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    # Permissions are normally made after migrate; made here so the group can hold it now.
    content_type, _ = ContentType.objects.get_or_create(app_label="gallery", model="report")
    permission, _ = Permission.objects.get_or_create(
        codename="moderate",
        content_type=content_type,
        defaults={"name": "Can moderate the gallery: hide comics, handle reports, feature, ban"},
    )
    group, _ = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(permission)


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("gallery", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
