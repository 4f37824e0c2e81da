from django.db import migrations, models


class Migration(migrations.Migration):
    """Failed sign-ins become one kind of counted attempt; sign-ups are counted too.

    The old rows only ever mattered for 15 minutes, so they are dropped, not converted.
    """

    dependencies = [
        ("web", "0002_login_failures"),
    ]

    operations = [
        migrations.DeleteModel(name="LoginFailure"),
        migrations.CreateModel(
            name="Attempt",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("action", models.CharField(max_length=20)),
                ("key", models.CharField(max_length=200)),
                ("created_at", models.DateTimeField(db_index=True)),
            ],
            options={
                "indexes": [models.Index(fields=["action", "key", "created_at"], name="attempt_key")],
            },
        ),
    ]
