from django.core.management.base import BaseCommand

from services import demo_data


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu (chạy lại không nhân đôi) / Load the demo data set (idempotent)."

    def handle(self, *args, **options):
        province, users = demo_data.load()
        self.stdout.write(self.style.SUCCESS(f"Tỉnh / province: {province.name}"))
        self.stdout.write(f"{'tài khoản / user':<18} {'vai trò / role':<22} cơ quan / agency")
        for username, roles, agency in users:
            self.stdout.write(f"{username:<18} {roles:<22} {agency}")
        self.stdout.write(f"Mật khẩu chung / password for all: {demo_data.PASSWORD}")
