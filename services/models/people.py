import re

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from services.constants import Role

# Province codes that open a 12-digit personal identification number (Circular 59/2021/TT-BCA).
ID_PROVINCE_CODES = frozenset(
    [
        "001",
        "002",
        "004",
        "006",
        "008",
        "010",
        "011",
        "012",
        "014",
        "015",
        "017",
        "019",
        "020",
        "022",
        "024",
        "025",
        "026",
        "027",
        "030",
        "031",
        "033",
        "034",
        "035",
        "036",
        "037",
        "038",
        "040",
        "042",
        "044",
        "045",
        "046",
        "048",
        "049",
        "051",
        "052",
        "054",
        "056",
        "058",
        "060",
        "062",
        "064",
        "066",
        "067",
        "068",
        "070",
        "072",
        "074",
        "075",
        "077",
        "079",
        "080",
        "082",
        "083",
        "084",
        "086",
        "087",
        "089",
        "091",
        "092",
        "093",
        "094",
        "095",
        "096",
    ]
)


def validate_personal_id(value):
    """A 12-digit personal ID (mã định danh cá nhân): a known province code, then century-gender digit."""
    if not re.fullmatch(r"\d{12}", value or ""):
        raise ValidationError(
            _("Mã định danh cá nhân phải gồm đúng 12 chữ số / The personal ID must be exactly 12 digits."),
            code="personal_id_format",
        )
    if value[:3] not in ID_PROVINCE_CODES:
        raise ValidationError(
            _("Mã định danh cá nhân có mã tỉnh không hợp lệ / The personal ID has an unknown province code."),
            code="personal_id_province",
        )


class User(AbstractUser):
    """A person: a citizen (with a personal ID) or an official (with an agency)."""

    personal_id = models.CharField(
        _("mã định danh cá nhân"),
        max_length=12,
        unique=True,
        null=True,
        blank=True,
        validators=[validate_personal_id],
    )
    full_name = models.CharField(
        _("họ và tên"),
        max_length=300,
        blank=True,
        help_text=_("Theo thứ tự tiếng Việt, họ trước tên: Nguyễn Văn An (từ VNeID cho công dân)."),
    )
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    agency = models.ForeignKey(
        "services.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="officials",
        verbose_name=_("cơ quan"),
    )

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")

    def get_full_name(self):
        """The name as Vietnamese write it, family name first ("Nguyễn Văn An"); every page and slip shows
        this. Accounts without ``full_name`` read ``last_name`` (family and middle names) then ``first_name``."""
        return " ".join(self.full_name.split()) or f"{self.last_name} {self.first_name}".strip()

    def get_short_name(self):
        """The given name, the last word ("An")."""
        return self.first_name or (self.get_full_name().split() or [""])[-1]

    @property
    def role_names(self):
        """Group names, read once per user object (roles are groups)."""
        if not hasattr(self, "_role_names"):
            self._role_names = (
                frozenset(self.groups.values_list("name", flat=True)) if self.pk else frozenset()
            )
        return self._role_names

    def prefill_roles(self, names):
        """The group names, read by the caller with the user in one statement (``api.authentication``)."""
        self._role_names = frozenset(names)

    def has_role(self, role: Role) -> bool:
        return self.is_active and str(role) in self.role_names
