"""The JSON API's initiatives, provinces, sectors, campaign units and unit reports."""

from datetime import date, datetime
from typing import Literal

from django import forms
from django.db.models import F, Prefetch
from django.http import HttpRequest
from ninja import Field, Path, Query, Router, Schema

from portal.api import (
    ERRORS,
    ApiError,
    Paged,
    money,
    paged,
    query_form,
    validated,
)
from portal.page_cache import depends_on, page_tag
from search.forms import PagingForm, SearchForm
from search.paging import MAX_PAGE
from search.query import MAX_PAGE_SIZE

from .models import CampaignUnit, InitiativePage, Province, ReportPhase, Sector, UnitReport

router = Router()

PAGE_HELP = f"Số trang, từ 1 tới {MAX_PAGE}."
PAGE_SIZE_HELP = f"Số kết quả mỗi trang (mặc định 20), tối đa {MAX_PAGE_SIZE}."
MAX_ID = 2**31 - 1
UNIT_REPORTS_SHOWN = 100


# Shapes -------------------------------------------------------------------------------


class ProvinceRef(Schema):
    code: str
    name: str


class SectorRef(Schema):
    slug: str
    name: str


class Initiative(Schema):
    id: int
    external_id: str
    title: str
    summary: str
    url: str | None
    province: ProvinceRef | None
    sector: SectorRef | None
    unit: str
    authors: list[str]
    phase: int | None
    year: int | None
    status: str
    status_label: str
    recognised_on: date | None
    benefit_vnd: int | None = Field(description="Giá trị làm lợi, số nguyên đồng.")
    benefit_display: str | None = Field(description="Giá trị làm lợi viết cho người đọc.")
    reuse_count: int
    first_published_at: datetime | None
    last_published_at: datetime | None


class InitiativeDetail(Initiative):
    benefit_note: str
    featured: bool
    tags: list[str]


class InitiativeList(Paged):
    results: list[Initiative]


class ProvinceItem(Schema):
    code: str
    slug: str
    name: str
    full_name: str
    kind: str
    region: str


class ProvinceList(Schema):
    count: int
    results: list[ProvinceItem]


class SectorItem(Schema):
    slug: str
    name: str
    description: str


class SectorList(Schema):
    count: int
    results: list[SectorItem]


class UnitRef(Schema):
    code: str
    name: str


class Unit(Schema):
    code: str
    name: str
    short_name: str
    kind: str
    kind_label: str
    parent: UnitRef | None
    province: ProvinceRef | None


class Report(Schema):
    id: int
    unit: UnitRef
    phase: int = Field(description="0: cả chiến dịch, 1 hoặc 2: giai đoạn.")
    phase_label: str
    as_of: date
    registered: int
    target: int | None
    percent_of_target: float | None
    benefit_vnd: int | None = Field(description="Giá trị làm lợi ước tính, số nguyên đồng.")
    benefit_display: str | None
    source: str
    is_demo: bool = Field(description="Số liệu minh họa, không phải số liệu thật.")
    created_at: datetime


class UnitDetail(Unit):
    reports: list[Report] = Field(
        description=f"Các báo cáo mới nhất (tối đa {UNIT_REPORTS_SHOWN})."
    )


class UnitList(Paged):
    results: list[Unit]


class ReportList(Paged):
    results: list[Report]


# JSON of the models ---------------------------------------------------------------------


def _province(province: Province | None) -> dict | None:
    return {"code": province.code, "name": province.name} if province else None


def _initiative(page: InitiativePage, request: HttpRequest) -> dict:
    depends_on(page_tag(page.pk))
    return {
        "id": page.pk,
        "external_id": page.external_id or "",
        "title": page.title,
        "summary": page.summary,
        "url": page.get_url(request),
        "province": _province(page.province),
        "sector": {"slug": page.sector.slug, "name": page.sector.name} if page.sector else None,
        "unit": page.unit,
        "authors": page.author_list,
        "phase": page.phase,
        "year": page.year,
        "status": page.status,
        "status_label": page.get_status_display(),
        "recognised_on": page.recognised_on,
        "benefit_vnd": page.benefit_vnd,
        "benefit_display": money(page.benefit_vnd),
        "reuse_count": page.reuse_count,
        "first_published_at": page.first_published_at,
        "last_published_at": page.last_published_at,
    }


def _unit_ref(unit: CampaignUnit | None) -> dict | None:
    return {"code": unit.code, "name": unit.name} if unit else None


def _unit(unit: CampaignUnit) -> dict:
    return {
        "code": unit.code,
        "name": unit.name,
        "short_name": unit.short_name,
        "kind": unit.kind,
        "kind_label": unit.get_kind_display(),
        "parent": _unit_ref(unit.parent),
        "province": _province(unit.province),
    }


def _report(report: UnitReport) -> dict:
    percent = report.percent_of_target
    return {
        "id": report.pk,
        "unit": _unit_ref(report.unit),
        "phase": report.phase,
        "phase_label": report.get_phase_display(),
        "as_of": report.as_of,
        "registered": report.registered,
        "target": report.target,
        "percent_of_target": round(percent, 2) if percent is not None else None,
        "benefit_vnd": report.benefit_vnd,
        "benefit_display": money(report.benefit_vnd),
        "source": report.source,
        "is_demo": report.is_demo,
        "created_at": report.created_at,
    }


# Query forms ----------------------------------------------------------------------------


class InitiativeQueryForm(SearchForm):
    """The filters of /api/v1/search/ that the database answers, with its messages."""

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        for name in ("q", "type", "benefit_range"):
            del self.fields[name]


_INITIATIVE_ORDER = {
    "newest": ("-first_published_at", "-pk"),
    # Without a query there is no relevance: the newest first, as the showcase lists them.
    "relevance": ("-first_published_at", "-pk"),
    "benefit": (F("benefit_vnd").desc(nulls_last=True), "-pk"),
    "reused": ("-reuse_count", "-first_published_at", "-pk"),
}


def _code_field(model, label: str, **lookup) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        queryset=model.objects.filter(**lookup),
        to_field_name="code",
        required=False,
        error_messages={"invalid_choice": f"Không có {label} với mã “%(value)s”."},
    )


class UnitQueryForm(PagingForm):
    kind = forms.ChoiceField(
        required=False,
        choices=[("", ""), *CampaignUnit.Kind.choices],
        error_messages={
            "invalid_choice": "Loại đơn vị chỉ có thể là "
            + ", ".join(CampaignUnit.Kind.values[:-1])
            + f" hoặc {CampaignUnit.Kind.values[-1]}."
        },
    )
    province = forms.ModelChoiceField(
        queryset=Province.objects.all(),
        to_field_name="code",
        required=False,
        error_messages={
            "invalid_choice": "Không có tỉnh, thành phố hay công đoàn ngành với mã “%(value)s”."
        },
    )
    parent = _code_field(CampaignUnit, "đơn vị")


class ReportQueryForm(PagingForm):
    unit = _code_field(CampaignUnit, "đơn vị")
    phase = forms.TypedChoiceField(
        required=False,
        choices=[("", ""), *((str(value), str(value)) for value in ReportPhase.values)],
        coerce=int,
        empty_value=None,
        error_messages={
            "invalid_choice": "Giai đoạn của báo cáo chỉ có thể là 0 (cả chiến dịch), 1 hoặc 2."
        },
    )


query_form("initiatives", InitiativeQueryForm)
query_form("units", UnitQueryForm)
query_form("reports", ReportQueryForm)


# Endpoints ------------------------------------------------------------------------------


def _initiatives():
    return InitiativePage.objects.live().public().select_related("province", "sector")


@router.get(
    "/initiatives/",
    response={200: InitiativeList, **ERRORS},
    url_name="initiatives",
    tags=["Sáng kiến"],
    summary="Danh sách sáng kiến",
)
def initiative_list(
    request,
    sector: list[str] = Query(None, description="Đường dẫn lĩnh vực; lặp lại để chọn nhiều."),
    province: list[str] = Query(None, description="Mã tỉnh, thành phố hay công đoàn ngành."),
    phase: int | None = Query(None, ge=1, le=2, description="Giai đoạn 1 hoặc 2."),
    year: int | None = Query(None, ge=2021, le=2100, description="Năm của sáng kiến."),
    benefit_min: int | None = Query(None, ge=0, le=10**15, description="Làm lợi từ (đồng)."),
    benefit_max: int | None = Query(None, ge=0, le=10**15, description="Làm lợi tới (đồng)."),
    sort: Literal["relevance", "newest", "benefit", "reused"] | None = Query(
        None, description="newest (mặc định), benefit (làm lợi nhiều nhất), reused."
    ),
    page: int | None = Query(None, ge=1, le=MAX_PAGE, description=PAGE_HELP),
    page_size: int | None = Query(None, ge=1, le=MAX_PAGE_SIZE, description=PAGE_SIZE_HELP),
):
    """Các sáng kiến đã đăng, công khai, lọc như `/api/v1/search/`."""
    filters = validated(InitiativeQueryForm, request)
    pages = _initiatives()
    if filters.get("sector"):
        pages = pages.filter(sector__slug__in=filters["sector"])
    if filters.get("province"):
        pages = pages.filter(province__code__in=filters["province"])
    if filters.get("phase"):
        pages = pages.filter(phase=filters["phase"])
    if filters.get("year"):
        pages = pages.filter(year=filters["year"])
    if filters.get("benefit_min") is not None:
        pages = pages.filter(benefit_vnd__gte=filters["benefit_min"])
    if filters.get("benefit_max") is not None:
        pages = pages.filter(benefit_vnd__lte=filters["benefit_max"])
    pages = pages.order_by(*_INITIATIVE_ORDER[filters.get("sort") or "newest"])
    return paged(
        pages,
        filters=filters,
        item=lambda page: _initiative(page, request),
    )


@router.get(
    "/initiatives/{id}/",
    response={200: InitiativeDetail, **ERRORS},
    url_name="initiative",
    tags=["Sáng kiến"],
    summary="Một sáng kiến",
)
def initiative_detail(request, id: int = Path(..., ge=1, le=MAX_ID)):  # noqa: A002
    page = _initiatives().prefetch_related("tags").filter(pk=id).first()
    if page is None:
        raise ApiError(f"Không có sáng kiến nào với mã {id}.", 404)
    return {
        **_initiative(page, request),
        "benefit_note": page.benefit_note,
        "featured": page.featured,
        "tags": [tag.name for tag in page.tags.all()],
    }


@router.get(
    "/provinces/",
    response={200: ProvinceList, **ERRORS},
    url_name="provinces",
    tags=["Danh mục"],
    summary="Tỉnh, thành phố và công đoàn ngành",
)
def province_list(request):
    """Các giá trị của bộ lọc `province` (mã `code`)."""
    results = [
        {
            "code": p.code,
            "slug": p.slug,
            "name": p.name,
            "full_name": p.full_name,
            "kind": p.kind,
            "region": p.region,
        }
        for p in Province.objects.all()
    ]
    return {"count": len(results), "results": results}


@router.get(
    "/sectors/",
    response={200: SectorList, **ERRORS},
    url_name="sectors",
    tags=["Danh mục"],
    summary="Lĩnh vực",
)
def sector_list(request):
    """Các giá trị của bộ lọc `sector` (đường dẫn `slug`)."""
    results = [
        {"slug": s.slug, "name": s.name, "description": s.description} for s in Sector.objects.all()
    ]
    return {"count": len(results), "results": results}


def _units():
    return CampaignUnit.objects.select_related("parent", "province")


@router.get(
    "/units/",
    response={200: UnitList, **ERRORS},
    url_name="units",
    tags=["Thi đua"],
    summary="Đơn vị thi đua",
)
def unit_list(
    request,
    kind: Literal["provincial", "central", "district", "sector", "grassroots"] | None = Query(
        None, description="Loại đơn vị."
    ),
    province: str | None = Query(None, description="Mã tỉnh, thành phố hay công đoàn ngành."),
    parent: str | None = Query(None, description="Mã đơn vị cấp trên."),
    page: int | None = Query(None, ge=1, le=MAX_PAGE, description=PAGE_HELP),
    page_size: int | None = Query(None, ge=1, le=MAX_PAGE_SIZE, description=PAGE_SIZE_HELP),
):
    """Các đơn vị thi đua, theo tên; lọc theo loại, tỉnh hay đơn vị cấp trên."""
    filters = validated(UnitQueryForm, request)
    units = _units()
    if filters.get("kind"):
        units = units.filter(kind=filters["kind"])
    if filters.get("province"):
        units = units.filter(province=filters["province"])
    if filters.get("parent"):
        units = units.filter(parent=filters["parent"])
    # Units carry no date of change: the ETag alone answers conditional requests.
    units = units.order_by("name", "pk")
    return paged(units, filters=filters, item=_unit)


@router.get(
    "/units/{code}/",
    response={200: UnitDetail, **ERRORS},
    url_name="unit",
    tags=["Thi đua"],
    summary="Một đơn vị thi đua và các báo cáo của đơn vị",
)
def unit_detail(
    request,
    code: str = Path(..., max_length=40, pattern=r"^[A-Za-z0-9_-]+$"),
):
    reports = UnitReport.objects.order_by("-as_of", "phase", "-pk")
    unit = (
        _units()
        .prefetch_related(Prefetch("reports", queryset=reports, to_attr="latest_reports"))
        .filter(code=code)
        .first()
    )
    if unit is None:
        raise ApiError(f"Không có đơn vị nào với mã “{code}”.", 404)
    shown = unit.latest_reports[:UNIT_REPORTS_SHOWN]
    for report in shown:
        report.unit = unit
    return {**_unit(unit), "reports": [_report(report) for report in shown]}


@router.get(
    "/reports/",
    response={200: ReportList, **ERRORS},
    url_name="reports",
    tags=["Thi đua"],
    summary="Báo cáo số liệu của các đơn vị",
)
def report_list(
    request,
    unit: str | None = Query(None, description="Mã đơn vị."),
    phase: int | None = Query(
        None, ge=0, le=2, description="0: cả chiến dịch; 1 hoặc 2: giai đoạn."
    ),
    page: int | None = Query(None, ge=1, le=MAX_PAGE, description=PAGE_HELP),
    page_size: int | None = Query(None, ge=1, le=MAX_PAGE_SIZE, description=PAGE_SIZE_HELP),
):
    """Số liệu các đơn vị đã công bố, mới nhất trước."""
    filters = validated(ReportQueryForm, request)
    reports = UnitReport.objects.select_related("unit")
    if filters.get("unit"):
        reports = reports.filter(unit=filters["unit"])
    if filters.get("phase") is not None:
        reports = reports.filter(phase=filters["phase"])
    reports = reports.order_by("-as_of", "unit__name", "phase", "-pk")
    return paged(reports, filters=filters, item=_report)
