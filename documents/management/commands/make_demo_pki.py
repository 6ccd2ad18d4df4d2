"""``manage.py make_demo_pki``: a local root CA and one signing certificate per agency, for the demo."""

from pathlib import Path

from django.core.management.base import BaseCommand

from documents import pki
from services.models import Agency


class Command(BaseCommand):
    help = (
        "Tạo CA thử nghiệm và một chứng thư ký số cho mỗi cơ quan (giữ nguyên cái đã có) / "
        "Make the demo root CA and one signing certificate per agency (existing ones are kept)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dir", help="default: settings.SIGNING_PKI_DIR")

    def handle(self, *args, **options):
        directory = Path(options["dir"]) if options["dir"] else pki.pki_dir()
        added = pki.make_demo_pki(Agency.objects.order_by("code"), directory)
        self.stdout.write(
            f"PKI {directory}: CA {directory / 'ca.pem'}; {len(added)} agency certificate(s) added"
            + (f" ({', '.join(added)})" if added else "")
        )
