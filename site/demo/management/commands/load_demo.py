import logging
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from portal.demo.services import LOGIN_FILE, demo_is_loaded, demo_load


class Command(BaseCommand):
    help = "Nạp nội dung mẫu: sáng kiến, tin tức, ảnh minh họa và tài khoản biên tập."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Chỉ nạp khi cơ sở dữ liệu chưa có sáng kiến hay bài viết nào.",
        )

    def handle(self, *args, if_empty: bool, **options):
        # Wagtail logs every page it creates and publishes; a bulk run would drown in it.
        logging.getLogger("wagtail").setLevel(logging.WARNING)
        if if_empty and demo_is_loaded():
            self.stdout.write("Cơ sở dữ liệu đã có nội dung; không nạp nội dung mẫu.")
        else:
            demo_load(log=self.stdout.write)
            self.stdout.write(self.style.SUCCESS("Đã nạp xong nội dung mẫu."))
        login_file = Path(settings.VAR_DIR) / LOGIN_FILE
        if login_file.exists():
            self.stdout.write("Đăng nhập trang quản trị /admin/ bằng:")
            for line in login_file.read_text(encoding="utf-8").splitlines():
                self.stdout.write(f"  {line}")
