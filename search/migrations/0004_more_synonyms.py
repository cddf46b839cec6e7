from django.db import migrations

# Regional and near variants that workers type for the same thing, added beside
# the first defaults. Editors change or remove them in the admin; a set is only
# added if no existing set already lists its first wording.
MORE_SYNONYMS = [
    ("lợn, heo", "Bắc – Nam"),
    ("ngô, bắp", "Bắc – Nam"),
    ("vừng, mè", "Bắc – Nam"),
    ("lạc, đậu phộng", "Bắc – Nam"),
    ("hoa quả, trái cây", "Bắc – Nam"),
    ("xe máy, xe gắn máy, mô tô", ""),
    ("vận chuyển, vận tải, chuyên chở, logistics", ""),
    ("hỏa hoạn, cháy nổ, đám cháy", ""),
    ("đình công, ngừng việc, tranh chấp lao động", ""),
    ("nắng nóng, nóng bức, oi bức, nhiệt độ cao", ""),
    ("làm mát, giải nhiệt, chống nóng", ""),
    ("say nắng, sốc nhiệt", ""),
    ("máy tính, vi tính", ""),
    ("điện thoại thông minh, smartphone", ""),
    ("camera, máy quay", ""),
    ("robot, rô bốt, người máy", ""),
    ("cảm biến, sensor", ""),
    ("nhân viên y tế, cán bộ y tế, y bác sĩ", ""),
    ("mầm non, mẫu giáo", ""),
    ("khí thải, khí xả, khói thải", ""),
    ("rác nhựa, chất thải nhựa", ""),
    ("tàu cá, tàu đánh cá, thuyền đánh cá", ""),
    ("ngư dân, người đánh cá", ""),
    ("vắc xin, vaccine, vắc-xin", ""),
    ("tiêm chủng, tiêm phòng", ""),
    ("trực tuyến, online, qua mạng", ""),
    ("bảo trì, bảo dưỡng", ""),
    ("lũ lụt, ngập lụt, ngập úng", ""),
    ("sạt lở, lở đất", ""),
    ("hạn hán, khô hạn", ""),
    ("xâm nhập mặn, nhiễm mặn", ""),
    ("thức ăn chăn nuôi, cám", ""),
    ("ngân hàng số, ngân hàng điện tử, internet banking", ""),
    ("thanh toán không tiền mặt, chuyển khoản", ""),
    ("chữ ký số, ký số", ""),
    ("người cao tuổi, người già", ""),
    ("lao động nữ, nữ công nhân, nữ đoàn viên", ""),
    ("nhà trọ, phòng trọ", ""),
    ("bữa ăn ca, suất ăn ca, cơm ca", ""),
    ("tiền lương, lương", ""),
    ("thợ lò, thợ mỏ", ""),
    ("giàn khoan, dàn khoan", ""),
    ("đường sắt, tàu hỏa", ""),
    ("máy bay, tàu bay", ""),
    ("container, công-te-nơ", ""),
    ("kho hàng, kho bãi", ""),
]


def add_more_synonyms(apps, schema_editor):
    Synonym = apps.get_model("search", "Synonym")
    listed = " ".join(Synonym.objects.values_list("terms", flat=True)).lower()
    Synonym.objects.bulk_create(
        Synonym(terms=terms, note=note)
        for terms, note in MORE_SYNONYMS
        if terms.split(",")[0].strip().lower() not in listed
    )


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0003_index_change_claims"),
    ]

    operations = [
        migrations.RunPython(add_more_synonyms, migrations.RunPython.noop),
    ]
