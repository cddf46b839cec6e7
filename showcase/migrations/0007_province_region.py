"""Every province in its socio-economic region, so that the race can be filtered by region."""

from django.db import migrations, models

REGIONS = {
    "trung-du-mien-nui-bac-bo": "02 04 06 08 10 11 12 14 15 17 19 20 24 25",
    "dong-bang-song-hong": "01 22 26 27 30 31 33 34 35 36 37",
    "bac-trung-bo-duyen-hai": "38 40 42 44 45 46 48 49 51 52 54 56 58 60",
    "tay-nguyen": "62 64 66 67 68",
    "dong-nam-bo": "70 72 74 75 77 79",
    "dong-bang-song-cuu-long": "80 82 83 84 86 87 89 91 92 93 94 95 96",
}


def set_regions(apps, schema_editor):
    Province = apps.get_model("showcase", "Province")
    for region, codes in REGIONS.items():
        Province.objects.filter(code__in=codes.split(), region="").update(region=region)


class Migration(migrations.Migration):
    dependencies = [("showcase", "0006_national_units")]

    operations = [
        migrations.AddField(
            model_name="province",
            name="region",
            field=models.CharField(
                blank=True,
                choices=[
                    ("trung-du-mien-nui-bac-bo", "Trung du và miền núi phía Bắc"),
                    ("dong-bang-song-hong", "Đồng bằng sông Hồng"),
                    ("bac-trung-bo-duyen-hai", "Bắc Trung Bộ và duyên hải miền Trung"),
                    ("tay-nguyen", "Tây Nguyên"),
                    ("dong-nam-bo", "Đông Nam Bộ"),
                    ("dong-bang-song-cuu-long", "Đồng bằng sông Cửu Long"),
                ],
                help_text="Vùng kinh tế – xã hội của tỉnh, thành phố; để trống với công đoàn ngành.",
                max_length=32,
                verbose_name="vùng",
            ),
        ),
        migrations.RunPython(set_regions, migrations.RunPython.noop),
    ]
