"""The permission to manage rule packs, and the group "Knowledge editors" that holds it."""

from django.db import migrations

GROUP = "Knowledge editors"
CODENAME = "manage_packs"


def create_group(apps, schema_editor):
    # Permissions are normally made after every migration has run (post_migrate); the
    # group needs this one now, so it is made here the way Django would make it.
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    content_type, _ = ContentType.objects.get_or_create(app_label="web", model="packversion")
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename=CODENAME,
        defaults={"name": "Can upload, activate and retire rule packs"},
    )
    group, _ = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(permission)


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("web", "0006_impact_run"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="packversion",
            options={
                "ordering": ["name", "stored_at", "pk"],
                "permissions": [("manage_packs", "Can upload, activate and retire rule packs")],
            },
        ),
        migrations.RunPython(create_group, remove_group),
    ]
