from django.db import migrations

CATEGORIES = [
    ("hoat-dong-phong-trao", "Hoạt động phong trào"),
    ("guong-dien-hinh", "Gương điển hình"),
    ("so-ket-tong-ket", "Sơ kết – tổng kết"),
    ("huong-dan-chinh-sach", "Hướng dẫn – chính sách"),
    ("dia-phuong", "Tin địa phương"),
]


def create_categories(apps, schema_editor):
    NewsCategory = apps.get_model("news", "NewsCategory")
    for order, (slug, name) in enumerate(CATEGORIES):
        NewsCategory.objects.update_or_create(
            slug=slug, defaults={"name": name, "sort_order": order}
        )


def remove_categories(apps, schema_editor):
    apps.get_model("news", "NewsCategory").objects.filter(
        slug__in=[slug for slug, _ in CATEGORIES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("news", "0002_initial")]

    operations = [migrations.RunPython(create_categories, remove_categories)]
