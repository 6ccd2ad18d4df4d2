"""The small demo data set of ``make demo``: one province, agencies at three levels, ~20 procedures, users.

Everything is keyed by a natural code, so loading it again updates rather than duplicates.
"""

from django.db import transaction

from services import catalog_history
from services.constants import AgencyLevel, Role
from services.models import Agency, Procedure, Province, RequiredDocument, User
from services.roles import ensure_role_groups

PROVINCE = {"slug": "vinh-long", "code": "86", "name": "Vĩnh Long"}

# code, name, level, parent code
AGENCIES = [
    ("STP", "Sở Tư pháp", AgencyLevel.PROVINCIAL, None),
    ("SKHDT", "Sở Kế hoạch và Đầu tư", AgencyLevel.PROVINCIAL, None),
    ("SGTVT", "Sở Giao thông vận tải", AgencyLevel.PROVINCIAL, None),
    ("SYT", "Sở Y tế", AgencyLevel.PROVINCIAL, None),
    ("UBND-TPVL", "UBND thành phố Vĩnh Long", AgencyLevel.DISTRICT, None),
    ("UBND-LH", "UBND huyện Long Hồ", AgencyLevel.DISTRICT, None),
    ("UBND-P1", "UBND Phường 1, thành phố Vĩnh Long", AgencyLevel.COMMUNE, "UBND-TPVL"),
    ("UBND-LP", "UBND xã Long Phước, huyện Long Hồ", AgencyLevel.COMMUNE, "UBND-LH"),
]

TO_KHAI = "Tờ khai theo mẫu"
CCCD = "Bản sao căn cước công dân"
# national code, name, field, agency, level, working days, fee VND, documents (name, mandatory), restart
PROCEDURES = [
    (
        "1.001612",
        "Đăng ký thành lập hộ kinh doanh",
        "Thành lập và hoạt động của hộ kinh doanh",
        "UBND-TPVL",
        "full",
        3,
        100_000,
        [("Giấy đề nghị đăng ký hộ kinh doanh", True), (CCCD, True)],
        False,
    ),
    (
        "2.000889",
        "Cấp bản sao trích lục hộ tịch",
        "Hộ tịch",
        "UBND-P1",
        "full",
        1,
        8_000,
        [(TO_KHAI, True)],
        False,
    ),
    (
        "1.001193",
        "Đăng ký khai sinh",
        "Hộ tịch",
        "UBND-P1",
        "full",
        1,
        0,
        [(TO_KHAI, True), ("Giấy chứng sinh", True)],
        False,
    ),
    (
        "1.000894",
        "Đăng ký kết hôn",
        "Hộ tịch",
        "UBND-LP",
        "partial",
        1,
        0,
        [(TO_KHAI, True), ("Giấy xác nhận tình trạng hôn nhân", False)],
        False,
    ),
    (
        "1.004884",
        "Đăng ký khai tử",
        "Hộ tịch",
        "UBND-LP",
        "full",
        1,
        0,
        [(TO_KHAI, True), ("Giấy báo tử", True)],
        False,
    ),
    (
        "1.001653",
        "Cấp Giấy xác nhận tình trạng hôn nhân",
        "Hộ tịch",
        "UBND-P1",
        "full",
        3,
        0,
        [(TO_KHAI, True)],
        False,
    ),
    (
        "2.000635",
        "Chứng thực bản sao từ bản chính giấy tờ, văn bản",
        "Chứng thực",
        "UBND-P1",
        "partial",
        1,
        2_000,
        [("Bản chính giấy tờ cần chứng thực", True)],
        False,
    ),
    (
        "2.001255",
        "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam",
        "Lý lịch tư pháp",
        "STP",
        "full",
        10,
        200_000,
        [(TO_KHAI, True), (CCCD, True)],
        False,
    ),
    (
        "1.005388",
        "Đăng ký thành lập doanh nghiệp tư nhân",
        "Thành lập và hoạt động doanh nghiệp",
        "SKHDT",
        "full",
        3,
        50_000,
        [("Giấy đề nghị đăng ký doanh nghiệp", True), (CCCD, True)],
        False,
    ),
    (
        "2.002036",
        "Đăng ký thay đổi nội dung đăng ký doanh nghiệp",
        "Thành lập và hoạt động doanh nghiệp",
        "SKHDT",
        "full",
        3,
        50_000,
        [("Thông báo thay đổi", True)],
        False,
    ),
    (
        "1.002804",
        "Đổi giấy phép lái xe do ngành Giao thông vận tải cấp",
        "Đường bộ",
        "SGTVT",
        "full",
        5,
        135_000,
        [("Đơn đề nghị đổi giấy phép lái xe", True), ("Giấy khám sức khỏe", True)],
        False,
    ),
    (
        "1.001776",
        "Cấp Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm",
        "An toàn thực phẩm",
        "SYT",
        "partial",
        20,
        500_000,
        [("Đơn đề nghị", True), ("Bản thuyết minh cơ sở vật chất", True)],
        False,
    ),
    (
        "1.001009",
        "Cấp giấy phép xây dựng nhà ở riêng lẻ",
        "Xây dựng",
        "UBND-TPVL",
        "partial",
        15,
        75_000,
        [("Đơn đề nghị cấp giấy phép xây dựng", True), ("Bản vẽ thiết kế", True)],
        True,
    ),
    (
        "2.000488",
        "Đăng ký, cấp Giấy chứng nhận quyền sử dụng đất lần đầu",
        "Đất đai",
        "UBND-LH",
        "partial",
        30,
        100_000,
        [("Đơn đăng ký", True), ("Giấy tờ về quyền sử dụng đất", True)],
        True,
    ),
    (
        "2.000286",
        "Đăng ký biến động quyền sử dụng đất",
        "Đất đai",
        "UBND-LH",
        "partial",
        10,
        50_000,
        [("Đơn đăng ký biến động", True)],
        False,
    ),
    (
        "2.002163",
        "Cấp Giấy phép bán lẻ sản phẩm rượu",
        "Lưu thông hàng hóa trong nước",
        "UBND-TPVL",
        "full",
        10,
        1_200_000,
        [("Đơn đề nghị", True), ("Bản sao hợp đồng mua bán rượu", False)],
        False,
    ),
    (
        "2.000794",
        "Cho phép cơ sở giáo dục mầm non độc lập hoạt động",
        "Giáo dục và Đào tạo",
        "UBND-LH",
        "partial",
        20,
        0,
        [("Tờ trình đề nghị", True)],
        False,
    ),
    (
        "1.009994",
        "Thông báo tổ chức lễ hội cấp huyện",
        "Văn hóa cơ sở",
        "UBND-LH",
        "none",
        5,
        0,
        [("Văn bản thông báo", True)],
        False,
    ),
    (
        "1.002425",
        "Trợ cấp xã hội hằng tháng đối với đối tượng bảo trợ xã hội",
        "Bảo trợ xã hội",
        "UBND-LP",
        "none",
        20,
        0,
        [(TO_KHAI, True)],
        False,
    ),
    (
        "2.001035",
        "Cấp giấy phép kinh doanh karaoke",
        "Văn hóa",
        "UBND-TPVL",
        "partial",
        5,
        4_000_000,
        [("Đơn đề nghị", True)],
        False,
    ),
]

PASSWORD = "demo-Portal-2026"
# username, full name as Vietnamese write it (family name first), roles, agency code, personal id
USERS = [
    ("congdan", "Nguyễn Văn An", [Role.CITIZEN], None, "086090000123"),
    ("congdan2", "Trần Thị Bình", [Role.CITIZEN], None, "086195000456"),
    ("motcua", "Lê Thị Cúc", [Role.DESK], "UBND-TPVL", None),
    ("chuyenvien", "Phạm Văn Dũng", [Role.SPECIALIST], "UBND-TPVL", None),
    ("lanhdao", "Võ Minh Em", [Role.LEADER], "UBND-TPVL", None),
    ("motcua_stp", "Huỳnh Thị Giang", [Role.DESK], "STP", None),
    ("chuyenvien_stp", "Đặng Văn Hải", [Role.SPECIALIST], "STP", None),
    ("lanhdao_stp", "Bùi Quốc Khánh", [Role.LEADER], "STP", None),
    ("quantri", "Đỗ Thị Lan", [Role.ADMIN], None, None),
]


@transaction.atomic
def load():
    groups = ensure_role_groups()
    province, _ = Province.objects.update_or_create(slug=PROVINCE["slug"], defaults=PROVINCE)
    agencies = {}
    for code, name, level, parent in AGENCIES:
        agencies[code], _ = Agency.objects.update_or_create(
            code=code,
            defaults={"province": province, "name": name, "level": level, "parent": agencies.get(parent)},
        )
    for national_code, name, field, agency, level, days, fee, documents, restart in PROCEDURES:
        procedure = Procedure.objects.filter(
            province=province, national_code=national_code, agency=agencies[agency]
        ).first() or Procedure(province=province, national_code=national_code, agency=agencies[agency])
        created = procedure.pk is None
        procedure.name, procedure.field, procedure.online_level = name, field, level
        procedure.processing_days, procedure.fee, procedure.restart_clock_on_supplement = days, fee, restart
        # a new one is in the catalog since the history's epoch (the demo's past months count it)
        procedure.save(history_at=catalog_history.CATALOG_EPOCH if created else None)
        for position, (doc_name, mandatory) in enumerate(documents):
            RequiredDocument.objects.update_or_create(
                procedure=procedure, position=position, defaults={"name": doc_name, "mandatory": mandatory}
            )
    users = []
    for username, full_name, roles, agency, personal_id in USERS:
        last, _sep, first = full_name.rpartition(" ")
        user, created = User.objects.get_or_create(username=username, defaults={"personal_id": personal_id})
        user.full_name, user.first_name, user.last_name = full_name, first, last
        user.agency = agencies.get(agency)
        user.is_superuser = Role.ADMIN in roles  # ``quantri``: no agency, the system's superuser
        user.is_staff = user.is_superuser  # the Django admin is for superusers only
        if created:
            user.set_password(PASSWORD)
        user.save()
        user.groups.set([groups[r] for r in roles])
        users.append((username, ", ".join(str(r.label) for r in roles), agency or "-"))
    return province, users
