"""The page tree every installation starts with: home, /tin-tuc/ and /sang-kien/."""

from django.db import migrations

HOME_INTRO = (
    "Hàng trăm nghìn sáng kiến của công nhân, viên chức, lao động trong phong trào "
    "“Một triệu sáng kiến” được tập hợp tại đây để ai cũng có thể tìm, học hỏi và áp dụng."
)


def create_page_tree(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    Site = apps.get_model("wagtailcore", "Site")
    Locale = apps.get_model("wagtailcore", "Locale")
    HomePage = apps.get_model("home", "HomePage")
    NewsIndexPage = apps.get_model("news", "NewsIndexPage")
    ShowcaseIndexPage = apps.get_model("showcase", "ShowcaseIndexPage")

    # Replace Wagtail's welcome page (its Site goes with it).
    Page.objects.filter(depth=2, content_type__app_label="wagtailcore").delete()
    if Page.objects.filter(depth=2).exists():
        return
    locale = Locale.objects.order_by("pk").first()

    def content_type(model):
        return ContentType.objects.get_or_create(
            app_label=model._meta.app_label, model=model._meta.model_name
        )[0]

    home = HomePage.objects.create(
        title="Một triệu sáng kiến",
        draft_title="Một triệu sáng kiến",
        seo_title="Thư viện sáng kiến của người lao động Việt Nam",
        slug="home",
        content_type=content_type(HomePage),
        path="00010001",
        depth=2,
        numchild=2,
        url_path="/home/",
        locale=locale,
        live=True,
        hero_heading="Sáng kiến của người lao động, cho mọi người",
        hero_intro=HOME_INTRO,
    )
    NewsIndexPage.objects.create(
        title="Tin tức",
        draft_title="Tin tức",
        slug="tin-tuc",
        content_type=content_type(NewsIndexPage),
        path="000100010001",
        depth=3,
        numchild=0,
        url_path="/home/tin-tuc/",
        locale=locale,
        live=True,
        intro="Tin hoạt động, gương điển hình và kết quả của phong trào “Một triệu sáng kiến”.",
    )
    ShowcaseIndexPage.objects.create(
        title="Thư viện sáng kiến",
        draft_title="Thư viện sáng kiến",
        slug="sang-kien",
        content_type=content_type(ShowcaseIndexPage),
        path="000100010002",
        depth=3,
        numchild=0,
        url_path="/home/sang-kien/",
        locale=locale,
        live=True,
        intro=(
            "Tìm sáng kiến theo lĩnh vực, địa phương, giai đoạn và giá trị làm lợi; "
            "đọc cách làm và áp dụng cho đơn vị của mình."
        ),
    )
    Page.objects.filter(depth=1).update(numchild=1)
    Site.objects.create(
        hostname="localhost",
        port=80,
        site_name="Một triệu sáng kiến",
        root_page_id=home.pk,
        is_default_site=True,
    )


def remove_page_tree(apps, schema_editor):
    apps.get_model("home", "HomePage").objects.filter(depth=2).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0002_initial"),
        ("news", "0003_categories"),
        ("showcase", "0002_reference_data"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_page_tree, remove_page_tree)]
