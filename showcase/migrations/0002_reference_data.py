"""Provinces and cities of the campaign period (2021–2023), central sector unions, sectors."""

from django.db import migrations

# Official two-digit codes of the 63 provinces and cities before the 2025 merger.
# (code, short name, full name, kind, aliases)
PROVINCES = [
    ("01", "Hà Nội", "Thành phố Hà Nội", "city", "HN"),
    ("02", "Hà Giang", "Tỉnh Hà Giang", "province", ""),
    ("04", "Cao Bằng", "Tỉnh Cao Bằng", "province", ""),
    ("06", "Bắc Kạn", "Tỉnh Bắc Kạn", "province", "Bắc Cạn"),
    ("08", "Tuyên Quang", "Tỉnh Tuyên Quang", "province", ""),
    ("10", "Lào Cai", "Tỉnh Lào Cai", "province", ""),
    ("11", "Điện Biên", "Tỉnh Điện Biên", "province", ""),
    ("12", "Lai Châu", "Tỉnh Lai Châu", "province", ""),
    ("14", "Sơn La", "Tỉnh Sơn La", "province", ""),
    ("15", "Yên Bái", "Tỉnh Yên Bái", "province", ""),
    ("17", "Hòa Bình", "Tỉnh Hòa Bình", "province", "Hoà Bình"),
    ("19", "Thái Nguyên", "Tỉnh Thái Nguyên", "province", ""),
    ("20", "Lạng Sơn", "Tỉnh Lạng Sơn", "province", ""),
    ("22", "Quảng Ninh", "Tỉnh Quảng Ninh", "province", ""),
    ("24", "Bắc Giang", "Tỉnh Bắc Giang", "province", ""),
    ("25", "Phú Thọ", "Tỉnh Phú Thọ", "province", ""),
    ("26", "Vĩnh Phúc", "Tỉnh Vĩnh Phúc", "province", ""),
    ("27", "Bắc Ninh", "Tỉnh Bắc Ninh", "province", ""),
    ("30", "Hải Dương", "Tỉnh Hải Dương", "province", ""),
    ("31", "Hải Phòng", "Thành phố Hải Phòng", "city", "HP"),
    ("33", "Hưng Yên", "Tỉnh Hưng Yên", "province", ""),
    ("34", "Thái Bình", "Tỉnh Thái Bình", "province", ""),
    ("35", "Hà Nam", "Tỉnh Hà Nam", "province", ""),
    ("36", "Nam Định", "Tỉnh Nam Định", "province", ""),
    ("37", "Ninh Bình", "Tỉnh Ninh Bình", "province", ""),
    ("38", "Thanh Hóa", "Tỉnh Thanh Hóa", "province", "Thanh Hoá"),
    ("40", "Nghệ An", "Tỉnh Nghệ An", "province", ""),
    ("42", "Hà Tĩnh", "Tỉnh Hà Tĩnh", "province", ""),
    ("44", "Quảng Bình", "Tỉnh Quảng Bình", "province", ""),
    ("45", "Quảng Trị", "Tỉnh Quảng Trị", "province", ""),
    ("46", "Thừa Thiên Huế", "Tỉnh Thừa Thiên Huế", "province", "Huế; Thừa Thiên - Huế; TT-Huế"),
    ("48", "Đà Nẵng", "Thành phố Đà Nẵng", "city", "ĐN"),
    ("49", "Quảng Nam", "Tỉnh Quảng Nam", "province", ""),
    ("51", "Quảng Ngãi", "Tỉnh Quảng Ngãi", "province", ""),
    ("52", "Bình Định", "Tỉnh Bình Định", "province", ""),
    ("54", "Phú Yên", "Tỉnh Phú Yên", "province", ""),
    ("56", "Khánh Hòa", "Tỉnh Khánh Hòa", "province", "Khánh Hoà"),
    ("58", "Ninh Thuận", "Tỉnh Ninh Thuận", "province", ""),
    ("60", "Bình Thuận", "Tỉnh Bình Thuận", "province", ""),
    ("62", "Kon Tum", "Tỉnh Kon Tum", "province", "Kontum"),
    ("64", "Gia Lai", "Tỉnh Gia Lai", "province", ""),
    ("66", "Đắk Lắk", "Tỉnh Đắk Lắk", "province", "Đắc Lắc; Dak Lak"),
    ("67", "Đắk Nông", "Tỉnh Đắk Nông", "province", "Đắc Nông; Dak Nong"),
    ("68", "Lâm Đồng", "Tỉnh Lâm Đồng", "province", ""),
    ("70", "Bình Phước", "Tỉnh Bình Phước", "province", ""),
    ("72", "Tây Ninh", "Tỉnh Tây Ninh", "province", ""),
    ("74", "Bình Dương", "Tỉnh Bình Dương", "province", ""),
    ("75", "Đồng Nai", "Tỉnh Đồng Nai", "province", ""),
    ("77", "Bà Rịa – Vũng Tàu", "Tỉnh Bà Rịa – Vũng Tàu", "province", "BR-VT; BRVT; Vũng Tàu"),
    ("79", "TP Hồ Chí Minh", "Thành phố Hồ Chí Minh", "city", "Hồ Chí Minh; HCM; TPHCM; HCMC; Sài Gòn"),
    ("80", "Long An", "Tỉnh Long An", "province", ""),
    ("82", "Tiền Giang", "Tỉnh Tiền Giang", "province", ""),
    ("83", "Bến Tre", "Tỉnh Bến Tre", "province", ""),
    ("84", "Trà Vinh", "Tỉnh Trà Vinh", "province", ""),
    ("86", "Vĩnh Long", "Tỉnh Vĩnh Long", "province", ""),
    ("87", "Đồng Tháp", "Tỉnh Đồng Tháp", "province", ""),
    ("89", "An Giang", "Tỉnh An Giang", "province", ""),
    ("91", "Kiên Giang", "Tỉnh Kiên Giang", "province", ""),
    ("92", "Cần Thơ", "Thành phố Cần Thơ", "city", ""),
    ("93", "Hậu Giang", "Tỉnh Hậu Giang", "province", ""),
    ("94", "Sóc Trăng", "Tỉnh Sóc Trăng", "province", ""),
    ("95", "Bạc Liêu", "Tỉnh Bạc Liêu", "province", ""),
    ("96", "Cà Mau", "Tỉnh Cà Mau", "province", ""),
]

# Central sector unions and equivalents that ran the campaign in their own branch.
CENTRAL_UNIONS = [
    ("TW01", "Công đoàn Điện lực Việt Nam", "CĐ Điện lực"),
    ("TW02", "Công đoàn Dầu khí Việt Nam", "CĐ Dầu khí"),
    ("TW03", "Công đoàn Than – Khoáng sản Việt Nam", "CĐ TKV; Than Khoáng sản"),
    ("TW04", "Công đoàn Giao thông vận tải Việt Nam", "CĐ GTVT"),
    ("TW05", "Công đoàn Đường sắt Việt Nam", ""),
    ("TW06", "Công đoàn Hàng không Việt Nam", ""),
    ("TW07", "Công đoàn Xây dựng Việt Nam", ""),
    ("TW08", "Công đoàn Công Thương Việt Nam", ""),
    ("TW09", "Công đoàn Nông nghiệp và Phát triển nông thôn Việt Nam", "CĐ NN&PTNT"),
    ("TW10", "Công đoàn Y tế Việt Nam", ""),
    ("TW11", "Công đoàn Giáo dục Việt Nam", ""),
    ("TW12", "Công đoàn Ngân hàng Việt Nam", ""),
    ("TW13", "Công đoàn Thông tin và Truyền thông Việt Nam", "CĐ TT&TT"),
    ("TW14", "Công đoàn Viên chức Việt Nam", ""),
    ("TW15", "Công đoàn Công an nhân dân", "CĐ CAND"),
    ("TW16", "Công đoàn Quốc phòng", ""),
    ("TW17", "Công đoàn Dệt May Việt Nam", ""),
    ("TW18", "Công đoàn Cao su Việt Nam", ""),
    ("TW19", "Công đoàn Hóa chất Việt Nam", ""),
    ("TW20", "Công đoàn Bưu điện Việt Nam", ""),
]

# Stable slugs: they appear in URLs, imports and the search API.
SECTORS = [
    ("cong-nghiep", "Công nghiệp – chế biến, chế tạo"),
    ("nang-luong", "Năng lượng – điện, than, dầu khí"),
    ("xay-dung", "Xây dựng"),
    ("giao-thong-van-tai", "Giao thông vận tải"),
    ("nong-nghiep", "Nông nghiệp – thủy sản"),
    ("y-te", "Y tế"),
    ("giao-duc", "Giáo dục – đào tạo"),
    ("cong-nghe-thong-tin", "Công nghệ thông tin – chuyển đổi số"),
    ("hanh-chinh", "Hành chính công"),
    ("cong-doan", "Hoạt động công đoàn"),
    ("dich-vu-thuong-mai", "Dịch vụ – thương mại"),
    ("tai-chinh-ngan-hang", "Tài chính – ngân hàng"),
    ("moi-truong", "Môi trường – tài nguyên"),
    ("phong-chong-dich", "Phòng, chống dịch"),
    ("an-toan-lao-dong", "An toàn, vệ sinh lao động"),
    ("khac", "Lĩnh vực khác"),
]


def _slug(code, name):
    import unicodedata

    from django.utils.text import slugify

    folded = unicodedata.normalize("NFKD", name.replace("đ", "d").replace("Đ", "D"))
    return slugify("".join(ch for ch in folded if not unicodedata.combining(ch)))


def create_reference_data(apps, schema_editor):
    Province = apps.get_model("showcase", "Province")
    Sector = apps.get_model("showcase", "Sector")
    for order, (code, name, full_name, kind, aliases) in enumerate(PROVINCES):
        Province.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "full_name": full_name,
                "kind": kind,
                "aliases": aliases,
                "slug": _slug(code, name),
                "sort_order": order,
            },
        )
    for order, (code, name, aliases) in enumerate(CENTRAL_UNIONS, start=len(PROVINCES)):
        Province.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "full_name": name,
                "kind": "central",
                "aliases": aliases,
                "slug": _slug(code, name),
                "sort_order": order,
            },
        )
    for order, (slug, name) in enumerate(SECTORS):
        Sector.objects.update_or_create(slug=slug, defaults={"name": name, "sort_order": order})


def remove_reference_data(apps, schema_editor):
    codes = [row[0] for row in PROVINCES] + [row[0] for row in CENTRAL_UNIONS]
    apps.get_model("showcase", "Province").objects.filter(code__in=codes).delete()
    apps.get_model("showcase", "Sector").objects.filter(slug__in=[s for s, _ in SECTORS]).delete()


class Migration(migrations.Migration):
    dependencies = [("showcase", "0001_initial")]

    operations = [migrations.RunPython(create_reference_data, remove_reference_data)]
