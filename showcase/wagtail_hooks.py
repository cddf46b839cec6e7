from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from portal.taxonomy_admin import TaxonomySnippetViewSet

from .models import CampaignUnit, InitiativePage, Province, Sector, UnitReport


class InitiativeListingViewSet(PageListingViewSet):
    """A flat, filterable list of every initiative, for curating and moderation."""

    model = InitiativePage
    icon = "pick"
    name = "initiatives"
    menu_label = "Sáng kiến"
    menu_order = 110
    add_to_admin_menu = True
    list_display = [
        "title",
        "province",
        "sector",
        Column("benefit_display", label="Giá trị làm lợi", sort_key="benefit_vnd"),
        "year",
        "status",
        "featured",
    ]
    list_filter = ["province", "sector", "phase", "year", "status", "featured", "live"]
    list_export = [
        "external_id",
        "title",
        "province",
        "sector",
        "benefit_vnd",
        "phase",
        "year",
        "status",
        "featured",
    ]


@hooks.register("register_admin_viewset")
def register_initiative_listing():
    return InitiativeListingViewSet()


class ProvinceViewSet(TaxonomySnippetViewSet):
    model = Province
    icon = "site"
    menu_label = "Tỉnh, thành phố và ngành"
    list_display = ["name", "code", "kind", "full_name"]
    list_filter = ["kind"]


class SectorViewSet(TaxonomySnippetViewSet):
    model = Sector
    icon = "tag"
    menu_label = "Lĩnh vực"
    list_display = ["name", "slug", "sort_order"]


class ReferenceDataGroup(SnippetViewSetGroup):
    items = (ProvinceViewSet, SectorViewSet)
    menu_icon = "folder-open-inverse"
    menu_label = "Danh mục"
    menu_order = 300


register_snippet(ReferenceDataGroup)


class CampaignUnitViewSet(SnippetViewSet):
    model = CampaignUnit
    icon = "group"
    menu_label = "Đơn vị thi đua"
    list_display = ["name", "code", "kind", "parent", "province"]
    list_filter = ["kind", "parent"]
    search_fields = ["name", "short_name", "code"]
    # Matched in the database: units and reports are not in the search index.
    search_backend_name = None


class UnitReportViewSet(SnippetViewSet):
    model = UnitReport
    icon = "doc-full"
    menu_label = "Báo cáo số liệu"
    list_display = ["unit", "phase", "as_of", "registered", "target", "benefit_vnd", "source"]
    list_filter = ["phase", "as_of", "unit__kind", "is_demo"]
    search_fields = ["unit__name", "unit__code", "source"]
    search_backend_name = None
    ordering = ["-as_of", "unit__name"]


class CampaignRaceGroup(SnippetViewSetGroup):
    items = (CampaignUnitViewSet, UnitReportViewSet)
    menu_icon = "list-ol"
    menu_label = "Thi đua"
    menu_order = 290


register_snippet(CampaignRaceGroup)


@hooks.register("register_admin_urls")
def register_report_upload_url():
    from .race_admin import ReportUploadView

    return [path("bao-cao-so-lieu/nhap/", ReportUploadView.as_view(), name="unit_reports_upload")]


class ReportUploadMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("showcase.add_unitreport")


@hooks.register("register_admin_menu_item")
def register_report_upload_menu_item():
    return ReportUploadMenuItem(
        "Nhập báo cáo số liệu", reverse("unit_reports_upload"), icon_name="upload", order=291
    )
