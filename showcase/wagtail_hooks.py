from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.views import View
from django_filters import DateFromToRangeFilter
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.viewsets.pages import PageListingViewSet, PageViewSet
from wagtail.log_actions import LogFormatter
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from portal.explorer import ExplorerFilterSet, LargeParentExplorerView
from portal.taxonomy_admin import TaxonomySnippetViewSet
from portal.vnd import format_vnd

from .bulk_import import ACTION_IMPORTED, ACTION_REIMPORTED
from .models import CampaignUnit, InitiativePage, InitiativeReuse, Province, Sector, UnitReport
from .services import (
    ACTION_CONFIRMED,
    ACTION_MERGED,
    ACTION_MOVED,
    ACTION_RECORDED,
    ACTION_REJECTED,
    reuse_confirm,
    reuse_reject,
)


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
        Column("reuse_count", label="Đơn vị áp dụng", sort_key="reuse_count"),
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
        "reuse_count",
        "phase",
        "year",
        "status",
        "featured",
    ]


@hooks.register("register_admin_viewset")
def register_initiative_listing():
    return InitiativeListingViewSet()


class InitiativePageViewSet(PageViewSet):
    """Initiatives' admin views; the explorer of the showcase (their only parent type)
    lists a million children without reading them all."""

    model = InitiativePage
    name = "initiative_pages"
    index_view_class = LargeParentExplorerView
    filterset_class = ExplorerFilterSet


@hooks.register("register_admin_viewset")
def register_initiative_pages():
    return InitiativePageViewSet()


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


# Reuses ("Đơn vị tôi đã áp dụng") ------------------------------------------------------


class ReusePermissionPolicy(ModelPermissionPolicy):
    """Reuses are recorded on the initiatives' pages and counted by the services: the
    admin neither adds nor deletes them (a wrong one is rejected, and stays on record).
    Confirming and rejecting need the change permission."""

    def user_has_permission(self, user, action):
        return action not in ("add", "delete") and super().user_has_permission(user, action)


reuse_permission_policy = ReusePermissionPolicy(InitiativeReuse)
register_permission_policy(InitiativeReuse, reuse_permission_policy)


class ReuseFilterSet(WagtailFilterSet):
    created_at = DateFromToRangeFilter(label="Ngày ghi nhận")
    applied_on = DateFromToRangeFilter(label="Ngày bắt đầu áp dụng")

    class Meta:
        model = InitiativeReuse
        fields = ["status", "province", "created_at", "applied_on"]


class ReuseIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("initiative", "province")

    def _get_title_column(self, field_name, column_class=TitleColumn, **kwargs):
        # The unit's name opens the record with its confirm and reject buttons, not the
        # form that edits its wording.
        column_class = self._get_title_column_class(column_class)
        return self._get_custom_column(
            field_name, column_class, get_url=self.get_inspect_url, **kwargs
        )


class ReuseInspectView(InspectView):
    template_name = "showcase/admin/reuse_inspect.html"

    def get_object(self, queryset=None):
        return get_object_or_404(
            InitiativeReuse.objects.select_related(
                "initiative", "unit", "province", "submitted_by", "decided_by"
            ),
            pk=self.pk,
        )

    def get_initiative_display_value(self):
        page = self.object.initiative
        return format_html(
            '{} (<a href="{}">sửa</a>{})',
            page.title,
            reverse("wagtailadmin_pages:edit", args=[page.pk]),
            format_html(', <a href="{}">xem trên trang</a>', page.url) if page.live else "",
        )

    def get_benefit_vnd_display_value(self):
        return format_vnd(self.object.benefit_vnd, empty="–")

    def get_field_display_value(self, field_name, field):
        value = super().get_field_display_value(field_name, field)
        return "–" if value is None or value == "" else value

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        reuse = self.object
        can_decide = reuse_permission_policy.user_has_permission(self.request.user, "change")
        Status = InitiativeReuse.Status
        context["decisions"] = [
            {
                "url": reverse(reuse_viewset.get_url_name(name), args=[reuse.pk]),
                "label": label,
                "classname": classname,
            }
            for name, label, status, classname in (
                ("confirm", "Xác nhận", Status.CONFIRMED, "button"),
                ("reject", "Không xác nhận", Status.REJECTED, "button button-secondary no"),
            )
            if can_decide and reuse.status != status
        ]
        return context


class ReuseDecisionView(View):
    """Confirm or reject a reuse (POST): the services count it in or out of its
    initiative's count and update the search index."""

    http_method_names = ["post"]
    decide = None
    done = ""

    def post(self, request, pk: int):
        if not reuse_permission_policy.user_has_permission(request.user, "change"):
            raise PermissionDenied
        reuse = get_object_or_404(InitiativeReuse.objects.select_related("initiative"), pk=pk)
        reuse = self.decide(reuse=reuse, user=request.user)
        messages.success(request, self.done.format(unit=reuse.unit_name))
        return redirect(
            get_valid_next_url_from_request(request)
            or reverse(reuse_viewset.get_url_name("inspect"), args=[reuse.pk])
        )


class ReuseViewSet(ModelViewSet):
    model = InitiativeReuse
    icon = "tick-inverse"
    menu_label = "Đơn vị áp dụng"
    menu_order = 116
    add_to_admin_menu = True
    index_view_class = ReuseIndexView
    inspect_view_enabled = True
    inspect_view_class = ReuseInspectView
    inspect_view_fields = [
        "initiative",
        "unit_name",
        "unit",
        "province",
        "applied_on",
        "benefit_vnd",
        "note",
        "status",
        "contact",
        "submitted_by",
        "created_at",
        "decided_by",
        "decided_at",
    ]
    copy_view_enabled = False
    list_display = [
        "unit_name",
        "initiative",
        "province",
        "applied_on",
        Column("benefit_display", label="Giá trị làm lợi", sort_key="benefit_vnd"),
        "status",
        "created_at",
    ]
    filterset_class = ReuseFilterSet
    search_fields = ["unit_name", "note"]
    # Matched in the database: reuses are not in the search index.
    search_backend_name = None
    ordering = ["-created_at", "-pk"]
    # Only the wording: the status changes through confirm and reject, and the
    # initiative through the services (reuse_move).
    form_fields = ["unit_name", "unit", "province", "applied_on", "benefit_vnd", "note"]

    def get_urlpatterns(self):
        decision = ReuseDecisionView.as_view
        return [
            *super().get_urlpatterns(),
            path(
                "confirm/<int:pk>/",
                decision(decide=reuse_confirm, done="Đã xác nhận {unit} áp dụng sáng kiến."),
                name="confirm",
            ),
            path(
                "reject/<int:pk>/",
                decision(decide=reuse_reject, done="Đã không xác nhận {unit}."),
                name="reject",
            ),
        ]


reuse_viewset = ReuseViewSet("initiative_reuses")


@hooks.register("register_admin_viewset")
def register_reuse_viewset():
    return reuse_viewset


@hooks.register("register_log_actions")
def register_reuse_log_actions(actions):
    """The audit trail of reuses: each reuse's history, and the page's for a move."""
    for action, label in (
        (ACTION_RECORDED, "Ghi nhận đơn vị áp dụng"),
        (ACTION_CONFIRMED, "Xác nhận đơn vị áp dụng"),
        (ACTION_REJECTED, "Không xác nhận đơn vị áp dụng"),
        (ACTION_MOVED, "Chuyển đơn vị áp dụng từ sáng kiến khác"),
        (ACTION_MERGED, "Gộp sáng kiến trùng vào đây"),
    ):
        actions.register_action(action, label, label)
    actions.register_action(ACTION_IMPORTED)(ImportedFormatter)
    actions.register_action(ACTION_REIMPORTED)(ReimportedFormatter)


class ImportedFormatter(LogFormatter):
    label = "Tạo và xuất bản bằng nhập tệp"

    def format_message(self, log_entry):
        source = log_entry.data.get("source")
        return f"{self.label} “{source}”" if source else self.label


class ReimportedFormatter(ImportedFormatter):
    label = "Cập nhật và xuất bản bằng nhập tệp"
