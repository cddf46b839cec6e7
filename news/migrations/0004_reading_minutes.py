from django.db import migrations, models

from news.reading import article_syllables, reading_minutes


def count_existing_articles(apps, schema_editor):
    """Articles saved before the field existed get their reading time now."""
    NewsArticlePage = apps.get_model("news", "NewsArticlePage")
    for article in NewsArticlePage.objects.only("pk", "lead", "body").iterator():
        minutes = reading_minutes(
            article_syllables(lead=article.lead, raw_body=article.body.raw_data)
        )
        NewsArticlePage.objects.filter(pk=article.pk).update(reading_minutes=minutes)


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0003_categories"),
    ]

    operations = [
        migrations.AddField(
            model_name="newsarticlepage",
            name="reading_minutes",
            field=models.PositiveSmallIntegerField(
                default=1, editable=False, verbose_name="thời gian đọc (phút)"
            ),
        ),
        migrations.RunPython(count_existing_articles, migrations.RunPython.noop),
    ]
