"""The initiatives' tally behind the statistics page: every way an initiative can enter
or leave the public library, or change what it counts under, reaches the figures in the
same transaction, and the maintenance command counts afresh and checks."""

import importlib
import threading

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from wagtail.models import PageViewRestriction

from showcase.campaign import BenefitRange, benefit_range_of
from showcase.models import InitiativePage, InitiativeTally, ShowcaseIndexPage, TalliedInitiative
from showcase.selectors import tally_differences
from showcase.services import rebuild_initiative_tally, tally_initiatives

from .factories import province, sector


def tallied(dimension: str, key: int) -> tuple[int, int]:
    """(count, benefit) stored for one province, sector, phase or benefit range."""
    row = InitiativeTally.objects.filter(dimension=dimension, key=key).first()
    return (row.count, row.benefit_vnd) if row else (0, 0)


def in_range(benefit_range: BenefitRange) -> tuple[int, int]:
    return tallied("benefit_range", benefit_range)


def showcase_total(client) -> int:
    return client.get("/thong-ke/").context["showcase_total"]


@pytest.fixture
def second_index(home) -> ShowcaseIndexPage:
    index = ShowcaseIndexPage(title="Sáng kiến lưu trữ", slug="luu-tru")
    home.add_child(instance=index)
    return index


@pytest.mark.django_db
def test_a_published_initiative_is_counted_under_its_province_sector_phase_and_range(
    client, make_initiative
):
    make_initiative(benefit_vnd=450_000_000)
    assert in_range(BenefitRange.FROM_100M) == (1, 450_000_000)
    assert tallied("province_id", province("01").pk) == (1, 450_000_000)
    assert tallied("sector_id", sector("cong-nghiep").pk) == (1, 450_000_000)
    assert tallied("phase", 2) == (1, 450_000_000)
    assert InitiativeTally.objects.count() == 4
    assert showcase_total(client) == 1
    assert tally_differences() == []


@pytest.mark.django_db
def test_republishing_with_a_new_benefit_moves_it_to_the_new_range(client, make_initiative):
    page = make_initiative(benefit_vnd=450_000_000)
    page.benefit_vnd = 2_000_000_000
    page.save_revision().publish()
    assert in_range(BenefitRange.FROM_100M) == (0, 0)
    assert in_range(BenefitRange.FROM_1B) == (1, 2_000_000_000)
    assert showcase_total(client) == 1
    assert tally_differences() == []


@pytest.mark.django_db
def test_an_unpublished_draft_edit_leaves_the_published_figures(make_initiative):
    page = make_initiative(benefit_vnd=450_000_000)
    page = InitiativePage.objects.get(pk=page.pk)
    page.benefit_vnd = 2_000_000_000
    page.save_revision()  # saved as a draft, not published
    assert in_range(BenefitRange.FROM_100M) == (1, 450_000_000)
    assert tally_differences() == []


@pytest.mark.django_db
def test_unpublishing_and_deleting_take_the_initiative_out(client, make_initiative):
    unpublished, deleted, kept = (make_initiative(benefit_vnd=450_000_000) for _ in range(3))
    assert in_range(BenefitRange.FROM_100M) == (3, 1_350_000_000)
    unpublished.unpublish()
    deleted.delete()
    assert in_range(BenefitRange.FROM_100M) == (1, 450_000_000)
    assert showcase_total(client) == 1
    assert set(TalliedInitiative.objects.values_list("page_id", flat=True)) == {kept.pk}
    assert tally_differences() == []


@pytest.mark.django_db
def test_deleting_a_section_takes_out_every_initiative_under_it(make_initiative, second_index):
    make_initiative(benefit_vnd=None)
    for _ in range(2):
        make_initiative(benefit_vnd=None).move(second_index, pos="last-child")
    assert in_range(BenefitRange.UNQUANTIFIED) == (3, 0)
    second_index.delete()
    assert in_range(BenefitRange.UNQUANTIFIED) == (1, 0)
    assert tally_differences() == []


@pytest.mark.django_db
def test_a_view_restriction_hides_the_section_from_the_figures_until_it_is_lifted(
    client, make_initiative, second_index
):
    make_initiative()
    moved = make_initiative()
    moved.move(second_index, pos="last-child")
    restriction = PageViewRestriction.objects.create(
        page=second_index, restriction_type=PageViewRestriction.PASSWORD, password="bi-mat"
    )
    assert showcase_total(client) == 1
    assert tally_differences() == []
    restriction.delete()
    assert showcase_total(client) == 2
    assert tally_differences() == []


@pytest.mark.django_db
def test_moving_an_initiative_into_a_private_section_takes_it_out(
    client, make_initiative, second_index
):
    PageViewRestriction.objects.create(
        page=second_index, restriction_type=PageViewRestriction.LOGIN
    )
    page = make_initiative()
    assert showcase_total(client) == 1
    page.move(second_index, pos="last-child")
    assert showcase_total(client) == 0
    assert tally_differences() == []


@pytest.mark.django_db
def test_an_initiative_without_province_sector_or_phase_is_counted_as_unknown(
    client, make_initiative
):
    # The page form requires all three; a bulk load can leave them out.
    page = make_initiative()
    InitiativePage.objects.filter(pk=page.pk).update(province=None, sector=None, phase=None)
    tally_initiatives(pages=[page.pk])
    for dimension in ("province_id", "sector_id", "phase"):
        assert tallied(dimension, 0) == (1, 450_000_000)
    rows = client.get("/thong-ke/").context["sections"]
    tables = {item["section"].slug: item["table"] for item in rows}
    assert ("Chưa rõ đơn vị", 1, 450_000_000) in tables["theo-tinh-nganh"].rows
    assert ("Chưa phân lĩnh vực", 1, 450_000_000) in tables["theo-linh-vuc"].rows
    assert ("Chưa rõ giai đoạn", None, 1) in tables["theo-giai-doan"].rows


@pytest.mark.django_db
def test_a_change_rolled_back_leaves_the_tally_as_it_was(make_initiative):
    make_initiative(benefit_vnd=450_000_000)
    with pytest.raises(RuntimeError), transaction.atomic():
        make_initiative(benefit_vnd=450_000_000)
        assert in_range(BenefitRange.FROM_100M) == (2, 900_000_000)
        raise RuntimeError("the publish failed after the tally was updated")
    assert in_range(BenefitRange.FROM_100M) == (1, 450_000_000)
    assert tally_differences() == []


@pytest.mark.django_db
def test_counting_the_same_pages_again_changes_nothing(make_initiative):
    pages = [make_initiative(benefit_vnd=benefit) for benefit in (1, 10_000_000, None)]
    before = list(InitiativeTally.objects.values_list("dimension", "key", "count", "benefit_vnd"))
    tally_initiatives(pages=[page.pk for page in pages])
    tally_initiatives(pages=InitiativePage.objects.all())
    after = list(InitiativeTally.objects.values_list("dimension", "key", "count", "benefit_vnd"))
    assert sorted(after) == sorted(before)
    assert tally_differences() == []


@pytest.mark.django_db
def test_the_check_finds_a_change_written_past_the_tally_and_the_rebuild_repairs_it(
    capsys, make_initiative
):
    page = make_initiative(benefit_vnd=450_000_000)
    make_initiative(benefit_vnd=None)
    call_command("tally_initiatives", "--check")
    assert "khớp" in capsys.readouterr().out
    # A bulk load writes pages without their signals.
    InitiativePage.objects.filter(pk=page.pk).update(sector=sector("y-te"))
    with pytest.raises(CommandError, match="lệch ở 2 nhóm"):
        call_command("tally_initiatives", "--check")
    assert (
        f"Lĩnh vực {sector('y-te').pk}: đã lưu 0 sáng kiến (0 đồng), "
        "đếm lại 1 sáng kiến (450 triệu đồng)"
    ) in capsys.readouterr().err
    call_command("tally_initiatives")
    assert "Đã đếm lại 2 sáng kiến" in capsys.readouterr().out
    assert tally_differences() == []
    assert tallied("sector_id", sector("y-te").pk) == (1, 450_000_000)


@pytest.fixture
def untallied_library(make_initiative, second_index) -> None:
    """Three live, public initiatives, one unpublished, one in a private section, and
    no tally: as a bulk load or a database from before the tally leaves them."""
    for benefit in (5_000_000, 450_000_000, None):
        make_initiative(benefit_vnd=benefit)
    make_initiative().unpublish()
    make_initiative().move(second_index, pos="last-child")
    PageViewRestriction.objects.create(
        page=second_index, restriction_type=PageViewRestriction.LOGIN
    )
    InitiativeTally.objects.all().delete()
    TalliedInitiative.objects.all().delete()


@pytest.mark.django_db
def test_the_rebuild_counts_only_live_public_initiatives(untallied_library):
    assert rebuild_initiative_tally() == 3
    assert tally_differences() == []


@pytest.mark.parametrize(
    ("benefit", "expected"),
    [
        (None, BenefitRange.UNQUANTIFIED),
        (0, BenefitRange.UNDER_10M),
        (9_999_999, BenefitRange.UNDER_10M),
        (10_000_000, BenefitRange.FROM_10M),
        (999_999_999, BenefitRange.FROM_100M),
        (1_000_000_000, BenefitRange.FROM_1B),
        (100_000_000_000, BenefitRange.FROM_100B),
        (700_000_000_000, BenefitRange.FROM_100B),
    ],
)
@pytest.mark.django_db
def test_the_database_and_python_put_a_benefit_in_the_same_range(
    make_initiative, benefit, expected
):
    page = make_initiative(benefit_vnd=benefit)
    assert TalliedInitiative.objects.get(page_id=page.pk).benefit_range == expected
    assert benefit_range_of(benefit) == expected


@pytest.mark.django_db
def test_the_migration_counts_the_initiatives_published_before_it(untallied_library):
    migration = importlib.import_module("showcase.migrations.0010_initiative_tally")
    migration.count_existing_initiatives(apps, schema_editor=None)
    assert TalliedInitiative.objects.count() == 3
    assert tally_differences() == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_initiatives_published_at_the_same_moment_are_all_counted(settings, make_initiative):
    """Each publish adds to the same, not yet existing, row of the tally."""
    if connection.vendor == "sqlite":
        # SQLite runs one write transaction at a time, from its start: the publishes
        # queue (the test database, in memory, refuses instead of queueing).
        assert settings.DATABASES["default"]["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
        return
    drafts = [make_initiative(benefit_vnd=20_000_000, live=False, publish=False) for _ in range(4)]
    assert in_range(BenefitRange.FROM_10M) == (0, 0)
    start = threading.Barrier(len(drafts))
    failures = []

    def publish(page_id: int) -> None:
        try:
            page = InitiativePage.objects.get(pk=page_id)
            start.wait(timeout=10)
            page.save_revision().publish()
        except Exception as error:  # reported below, with the thread's connection closed
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=publish, args=(page.pk,)) for page in drafts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert failures == []
    assert in_range(BenefitRange.FROM_10M) == (4, 80_000_000)
    assert tally_differences() == []


@pytest.mark.django_db
def test_library_totals_count_the_public_initiatives_their_provinces_and_benefit(
    make_initiative,
):
    from showcase.selectors import library_totals
    from tests.showcase.factories import province

    make_initiative(title="Một", province=province("01"), benefit_vnd=1_000_000_000)
    make_initiative(title="Hai", province=province("01"), benefit_vnd=None)
    make_initiative(title="Ba", province=province("79"), benefit_vnd=500_000_000)
    make_initiative(title="Nháp", province=province("48"), live=False, publish=False)
    private = make_initiative(title="Riêng", province=province("92"), benefit_vnd=7)
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    assert library_totals() == {
        "initiatives": 3,
        "units": 2,
        "benefit": 1_500_000_000,
    }
