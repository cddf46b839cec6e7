from django.db import migrations


def add_national_units(apps, schema_editor):
    """One campaign unit per provincial federation and central sector union, the units
    that raced nationally, each linked to its province or union."""
    Province = apps.get_model("showcase", "Province")
    CampaignUnit = apps.get_model("showcase", "CampaignUnit")
    for province in Province.objects.all():
        if CampaignUnit.objects.filter(code=province.code).exists():
            continue
        if province.kind == "central":
            name, kind = province.name, "central"
        else:
            place = province.full_name or province.name
            name, kind = f"Liên đoàn Lao động {place[:1].lower()}{place[1:]}", "provincial"
        CampaignUnit.objects.create(
            code=province.code,
            name=name,
            short_name=province.name,
            kind=kind,
            province=province,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("showcase", "0005_campaign_units"),
    ]

    operations = [
        migrations.RunPython(add_national_units, migrations.RunPython.noop),
    ]
