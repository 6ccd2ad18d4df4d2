import sys
import time

from django.core.management.base import BaseCommand

from demo import data as demo_data
from demo.seed import seed_articles


class Command(BaseCommand):
    help = (
        "Nạp dữ liệu mẫu Vĩnh Long và năm bộ dữ liệu theo bài báo (chạy lại không nhân đôi) / "
        "Load the Vĩnh Long demo set and the five article data sets (idempotent)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--without-articles", action="store_true", help="Chỉ dữ liệu nhỏ / only the small set"
        )

    def handle(self, *args, **options):
        province, users = demo_data.load()
        self.stdout.write(self.style.SUCCESS(f"Tỉnh / province: {province.name}"))
        self.stdout.write(f"{'tài khoản / user':<18} {'vai trò / role':<22} cơ quan / agency")
        for username, roles, agency in users:
            self.stdout.write(f"{username:<18} {roles:<22} {agency}")
        self.stdout.write(f"Mật khẩu chung / password for all: {demo_data.PASSWORD}")
        if options["without_articles"]:
            return
        started = time.monotonic()
        created = seed_articles(progress=self.progress)
        self.stdout.write("")
        for slug, was_created in created.items():
            self.stdout.write(f"{slug:<12} {'tạo mới / created' if was_created else 'đã có / already there'}")
        self.stdout.write(
            self.style.SUCCESS(f"Bộ dữ liệu bài báo / article data: {time.monotonic() - started:.1f}s")
        )

    def progress(self, label, done, total, width=30):
        filled = width * done // max(total, 1)
        bar = "#" * filled + "-" * (width - filled)
        end = "\n" if done >= total else ""
        out = sys.stdout if self.stdout._out is sys.stdout else self.stdout._out
        out.write(f"\r{label:<12} [{bar}] {done:>6}/{total}{end}")
        out.flush()
