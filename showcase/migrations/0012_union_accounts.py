from django.db import migrations

# As showcase.selectors.UNION_ACCOUNTS_GROUP; written out, as migrations must not change.
UNION_ACCOUNTS_GROUP = "Tài khoản công đoàn"


def create_groups(apps, schema_editor):
    """The group whose members record reuses that count at once, and the editors'
    right to confirm or reject the reuses that visitors record."""
    from django.contrib.auth.management import create_permissions

    # Permissions are created after the migrations; these are needed now. The historical
    # app config has no models module, which create_permissions otherwise takes for
    # "no models".
    app_config = apps.get_app_config("showcase")
    app_config.models_module = True
    try:
        create_permissions(app_config, verbosity=0, apps=apps)
    finally:
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    def permission(codename):
        return Permission.objects.get(content_type__app_label="showcase", codename=codename)

    union, _ = Group.objects.get_or_create(name=UNION_ACCOUNTS_GROUP)
    union.permissions.add(permission("add_initiativereuse"))
    moderate = [permission("view_initiativereuse"), permission("change_initiativereuse")]
    for group in Group.objects.filter(name__in=["Moderators", "Editors"]):
        group.permissions.add(*moderate)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=UNION_ACCOUNTS_GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("showcase", "0011_initiative_reuse"),
        ("wagtailcore", "0002_initial_data"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
