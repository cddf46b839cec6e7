from django.db import migrations


def grant_view(apps, schema_editor):
    """Moderators and editors see the submissions listing (its decisions are taken in
    the pages' workflow, which their page permissions already cover)."""
    from django.contrib.auth.management import create_permissions

    # Permissions are otherwise created after all migrations have run.
    app_config = apps.get_app_config("submissions")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    view = Permission.objects.get(content_type__app_label="submissions", codename="view_submission")
    for group in Group.objects.filter(name__in=["Moderators", "Editors"]):
        group.permissions.add(view)


class Migration(migrations.Migration):
    dependencies = [
        ("submissions", "0001_initial"),
        ("wagtailcore", "0002_initial_data"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant_view, migrations.RunPython.noop)]
