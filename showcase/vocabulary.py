"""The provinces, central sector unions and sectors that a search query can name or suggest."""

from search.lexicon import VocabularyEntry

from .models import Province, Sector

NATIONAL_SUFFIX = " Việt Nam"


def province_entries() -> list[VocabularyEntry]:
    """Provinces and central sector unions, by every name people write them with."""
    entries = []
    for province in Province.objects.all():
        names = [province.name, province.full_name, *province.alias_list]
        if province.name.endswith(NATIONAL_SUFFIX):
            # "Công đoàn Điện lực" names the union as well as "… Việt Nam".
            names.append(province.name.removesuffix(NATIONAL_SUFFIX))
        place = "của" if province.kind == Province.Kind.CENTRAL_UNION else "ở"
        entries.append(
            VocabularyEntry(
                value=province.code,
                label=province.name,
                names=tuple(filter(None, names)),
                suggestion=f"Chỉ xem sáng kiến {place} {province.name}",
            )
        )
    return entries


def sector_entries() -> list[VocabularyEntry]:
    """Sectors, with the editors' keywords and the parts of their names that say what they are."""
    entries = []
    for sector in Sector.objects.all():
        parts = [part.strip() for part in sector.name.replace("–", ",").split(",")]
        # One-word parts ("điện", "than") are too broad to point to one sector.
        keywords = [part for part in parts if len(part.split()) > 1] + sector.keyword_list
        entries.append(
            VocabularyEntry(
                value=sector.slug,
                label=sector.name,
                keywords=tuple(keywords),
                suggestion=f"Chỉ xem sáng kiến lĩnh vực {sector.name}",
            )
        )
    return entries
