"""The admins' forms: they parse and label the input; the rules are in :mod:`portal.manage.services`."""

from django import forms
from django.contrib.auth.password_validation import password_validators_help_text_html
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from portal.manage.selectors import PUBLICATION_CHOICES
from portal.manage.services import STAFF_ROLES
from services.constants import AgencyLevel, OnlineLevel

KIND_CHOICES = [("off", _("Ngày nghỉ thêm")), ("working", _("Ngày làm bù"))]
ROLE_CHOICES = [(r.value, r.label) for r in STAFF_ROLES]


def _agency_choices(agencies, blank):
    return [("", blank), *((a.code, a.name) for a in agencies)]


class CalendarDayForm(forms.Form):
    date = forms.DateField(label=_("Ngày"), widget=forms.DateInput(attrs={"type": "date"}))
    kind = forms.ChoiceField(label=_("Loại ngày"), choices=KIND_CHOICES, widget=forms.RadioSelect)
    reason = forms.CharField(label=_("Lý do"), max_length=200)


class ProcedureFilterForm(forms.Form):
    q = forms.CharField(label=_("Tên hoặc mã thủ tục"), required=False)
    agency = forms.ChoiceField(label=_("Cơ quan"), required=False)
    level = forms.ChoiceField(
        label=_("Mức độ trực tuyến"), required=False, choices=[("", _("Tất cả")), *OnlineLevel.choices]
    )
    publication = forms.ChoiceField(
        label=_("Công bố trên Cổng DVCQG"), required=False, choices=[("", _("Tất cả")), *PUBLICATION_CHOICES]
    )

    def __init__(self, *args, agencies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = _agency_choices(agencies, _("Tất cả"))


class AgencyForm(forms.Form):
    code = forms.CharField(label=_("Mã cơ quan"), max_length=32)
    name = forms.CharField(label=_("Tên cơ quan"), max_length=200)
    level = forms.ChoiceField(label=_("Cấp"), choices=AgencyLevel.choices)
    parent = forms.ChoiceField(label=_("Cơ quan cấp trên"), required=False)

    def __init__(self, *args, agencies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].choices = _agency_choices(agencies, _("(không có)"))


class OfficialFilterForm(forms.Form):
    q = forms.CharField(label=_("Tên, tên đăng nhập hoặc thư điện tử"), required=False)
    agency = forms.ChoiceField(label=_("Cơ quan"), required=False)
    role = forms.ChoiceField(label=_("Vai trò"), required=False, choices=[("", _("Tất cả")), *ROLE_CHOICES])

    def __init__(self, *args, agencies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = _agency_choices(agencies, _("Tất cả"))


class _PasswordsMixin:
    def clean(self):
        data = super().clean()
        if data.get("password1") != data.get("password2"):
            self.add_error("password2", _("Hai mật khẩu không khớp / The two passwords differ."))
        return data


def _password(label, required, help_text=""):
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )


class OfficialEditForm(_PasswordsMixin, forms.Form):
    role = forms.ChoiceField(label=_("Vai trò"), choices=ROLE_CHOICES)
    agency = forms.ChoiceField(label=_("Cơ quan"))
    password1 = _password(_("Mật khẩu mới (để trống nếu không đổi)"), required=False)
    password2 = _password(_("Nhập lại mật khẩu mới"), required=False)

    def __init__(self, *args, agencies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = _agency_choices(agencies, _("Chọn cơ quan"))


class OfficialCreateForm(OfficialEditForm):
    username = forms.CharField(label=_("Tên đăng nhập"), max_length=150)
    full_name = forms.CharField(
        label=_("Họ và tên"),
        max_length=300,
        help_text=_(
            "Họ trước tên, như trên giấy tờ: Nguyễn Văn An / Family name first, as on the identity papers"
        ),
    )
    email = forms.EmailField(label=_("Thư điện tử"), required=False)
    password1 = _password(
        _("Mật khẩu ban đầu"), required=True, help_text=lazy(password_validators_help_text_html, str)()
    )
    password2 = _password(_("Nhập lại mật khẩu"), required=True)

    field_order = ["username", "full_name", "email", "role", "agency", "password1", "password2"]
