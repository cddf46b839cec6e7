import time
from pathlib import Path

from django.core.management.base import BaseCommand

from showcase.submissions.models import SubmissionFile, private_storage
from showcase.submissions.staging import MAX_AGE_SECONDS, STAGING_DIR

# A file written by a submission still being saved is this young at most.
ORPHAN_AGE_SECONDS = 60 * 60


class Command(BaseCommand):
    help = (
        "Dọn kho tệp riêng của sáng kiến gửi đến: xóa tệp lưu tạm quá một ngày và tệp không "
        "thuộc hồ sơ nào (còn lại khi máy chủ dừng giữa chừng lúc lưu)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--sweep", action="store_true", help="Xóa thật (mặc định chỉ liệt kê).")

    def handle(self, *args, sweep: bool, **options):
        root = Path(private_storage().location)
        if not root.exists():
            self.stdout.write("Chưa có tệp nào.")
            return
        now = time.time()
        kept = set(SubmissionFile.objects.values_list("file", flat=True))
        removed = 0
        for path in sorted(root.rglob("*")):
            if not path.is_file():
                continue
            name = path.relative_to(root).as_posix()
            age = now - path.stat().st_mtime
            staged = name.startswith(f"{STAGING_DIR}/")
            if (staged and age > MAX_AGE_SECONDS) or (
                not staged and name not in kept and age > ORPHAN_AGE_SECONDS
            ):
                removed += 1
                self.stdout.write(f"{'Xóa' if sweep else 'Sẽ xóa'}: {name}")
                if sweep:
                    path.unlink()
        for folder in sorted((p for p in root.rglob("*") if p.is_dir()), reverse=True):
            if sweep and not any(folder.iterdir()):
                folder.rmdir()
        verb = "Đã xóa" if sweep else "Có thể xóa"
        self.stdout.write(f"{verb} {removed} tệp.")
