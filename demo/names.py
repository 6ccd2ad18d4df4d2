"""Plausible names for the articles' data sets: real procedure names of each field (lĩnh vực), districts
and communes, people written as Vietnamese write them (family name first).

The procedure names are those of the national catalog of administrative procedures (TTHC) as provinces
publish them; where a field has fewer real names than an agency has procedures, a variant (the case the
procedure covers) tells them apart, then the agency, so that no page of the catalog starts with the same
name five times.
"""

PROCEDURE_NAMES = {
    "Lý lịch tư pháp": [
        "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam, người nước ngoài đang cư trú tại Việt Nam",
        "Cấp Phiếu lý lịch tư pháp cho cơ quan tiến hành tố tụng",
        "Cấp Phiếu lý lịch tư pháp cho cơ quan nhà nước, tổ chức chính trị, tổ chức chính trị - xã hội",
        "Cấp Phiếu lý lịch tư pháp số 2 cho cá nhân",
        "Cấp Phiếu lý lịch tư pháp qua ủy quyền",
        "Cấp lại Phiếu lý lịch tư pháp bị mất, hư hỏng",
        "Đính chính thông tin trên Phiếu lý lịch tư pháp",
        "Cập nhật thông tin lý lịch tư pháp bổ sung",
        "Cung cấp thông tin lý lịch tư pháp cho cơ quan có thẩm quyền",
        "Xác nhận thông tin lý lịch tư pháp phục vụ xuất cảnh",
    ],
    "Thành lập và hoạt động của doanh nghiệp": [
        "Đăng ký thành lập doanh nghiệp tư nhân",
        "Đăng ký thành lập công ty trách nhiệm hữu hạn một thành viên",
        "Đăng ký thành lập công ty trách nhiệm hữu hạn hai thành viên trở lên",
        "Đăng ký thành lập công ty cổ phần",
        "Đăng ký thành lập công ty hợp danh",
        "Đăng ký thay đổi địa chỉ trụ sở chính của doanh nghiệp",
        "Đăng ký thay đổi người đại diện theo pháp luật của công ty",
        "Đăng ký thay đổi vốn điều lệ, tỷ lệ vốn góp",
        "Đăng ký thay đổi tên doanh nghiệp",
        "Thông báo thay đổi ngành, nghề kinh doanh",
        "Đăng ký hoạt động chi nhánh, văn phòng đại diện",
        "Thông báo tạm ngừng kinh doanh",
        "Giải thể doanh nghiệp",
        "Cấp lại Giấy chứng nhận đăng ký doanh nghiệp",
        "Chuyển đổi doanh nghiệp tư nhân thành công ty trách nhiệm hữu hạn",
    ],
    "Hoạt động xây dựng": [
        "Cấp giấy phép xây dựng mới đối với công trình cấp đặc biệt, cấp I, cấp II",
        "Cấp giấy phép xây dựng sửa chữa, cải tạo công trình",
        "Cấp giấy phép di dời công trình",
        "Điều chỉnh giấy phép xây dựng",
        "Gia hạn giấy phép xây dựng",
        "Cấp lại giấy phép xây dựng",
        "Thẩm định báo cáo nghiên cứu khả thi đầu tư xây dựng",
        "Thẩm định thiết kế xây dựng triển khai sau thiết kế cơ sở",
        "Cấp chứng chỉ hành nghề hoạt động xây dựng hạng II, hạng III",
        "Cấp chứng chỉ năng lực hoạt động xây dựng",
        "Kiểm tra công tác nghiệm thu hoàn thành công trình",
        "Cấp giấy phép hoạt động xây dựng cho nhà thầu nước ngoài",
    ],
    "Đất đai": [
        "Đăng ký biến động quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất",
        "Đăng ký, cấp Giấy chứng nhận quyền sử dụng đất lần đầu",
        "Chuyển nhượng quyền sử dụng đất",
        "Tặng cho quyền sử dụng đất",
        "Thừa kế quyền sử dụng đất",
        "Chuyển mục đích sử dụng đất",
        "Cấp đổi Giấy chứng nhận quyền sử dụng đất",
        "Cấp lại Giấy chứng nhận do bị mất",
        "Đính chính Giấy chứng nhận đã cấp",
        "Tách thửa hoặc hợp thửa đất",
        "Đăng ký thế chấp quyền sử dụng đất",
        "Xóa đăng ký thế chấp quyền sử dụng đất",
        "Gia hạn sử dụng đất ngoài khu công nghệ cao, khu kinh tế",
        "Cung cấp dữ liệu đất đai",
    ],
    "Đường bộ": [
        "Đổi giấy phép lái xe do ngành Giao thông vận tải cấp",
        "Cấp lại giấy phép lái xe",
        "Cấp mới giấy phép lái xe",
        "Cấp giấy phép lái xe quốc tế",
        "Cấp phù hiệu xe ô tô kinh doanh vận tải",
        "Cấp Giấy phép kinh doanh vận tải bằng xe ô tô",
        "Cấp giấy phép lưu hành xe quá tải trọng, xe quá khổ giới hạn",
        "Cấp giấy phép thi công công trình trên đường bộ đang khai thác",
        "Chấp thuận xây dựng công trình thiết yếu trong phạm vi bảo vệ kết cấu hạ tầng giao thông đường bộ",
        "Đăng ký khai thác tuyến vận tải hành khách cố định",
        "Cấp Giấy phép xe tập lái",
        "Cấp giấy chứng nhận giáo viên dạy thực hành lái xe",
    ],
    "Khám bệnh, chữa bệnh": [
        "Cấp giấy phép hoạt động đối với phòng khám chuyên khoa",
        "Cấp giấy phép hoạt động đối với phòng khám đa khoa",
        "Cấp chứng chỉ hành nghề khám bệnh, chữa bệnh",
        "Cấp lại chứng chỉ hành nghề khám bệnh, chữa bệnh",
        "Điều chỉnh giấy phép hoạt động khám bệnh, chữa bệnh",
        "Cấp giấy phép hoạt động đối với phòng chẩn trị y học cổ truyền",
        "Cấp giấy phép hoạt động đối với cơ sở dịch vụ y tế",
        "Cấp giấy chứng nhận đủ điều kiện kinh doanh dược",
        "Cấp chứng chỉ hành nghề dược",
        "Cấp giấy khám sức khỏe cho người lái xe",
        "Công bố cơ sở đủ điều kiện thực hiện khám sức khỏe",
        "Cấp Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm",
    ],
    "Lưu thông hàng hóa trong nước": [
        "Cấp Giấy phép bán lẻ sản phẩm rượu",
        "Cấp Giấy phép bán buôn sản phẩm rượu",
        "Cấp Giấy phép bán lẻ sản phẩm thuốc lá",
        "Cấp Giấy chứng nhận đủ điều kiện cửa hàng bán lẻ xăng dầu",
        "Cấp Giấy chứng nhận đủ điều kiện thương nhân kinh doanh mua bán LPG",
        "Cấp Giấy phép kinh doanh cho tổ chức kinh tế có vốn đầu tư nước ngoài",
        "Cấp Giấy phép lập cơ sở bán lẻ",
        "Đăng ký hoạt động bán hàng đa cấp tại địa phương",
        "Đăng ký thực hiện khuyến mại",
        "Cấp Giấy phép sản xuất rượu thủ công nhằm mục đích kinh doanh",
        "Cấp Giấy chứng nhận đủ điều kiện sản xuất hóa chất",
        "Xác nhận đăng ký tổ chức hội chợ, triển lãm thương mại",
    ],
    "Bảo trợ xã hội": [
        "Trợ cấp xã hội hằng tháng đối với đối tượng bảo trợ xã hội",
        "Hỗ trợ chi phí mai táng cho đối tượng bảo trợ xã hội",
        "Xác định, xác định lại mức độ khuyết tật và cấp Giấy xác nhận khuyết tật",
        "Tiếp nhận đối tượng bảo trợ xã hội có hoàn cảnh đặc biệt khó khăn vào cơ sở trợ giúp xã hội",
        "Cấp giấy chứng nhận đăng ký thành lập cơ sở trợ giúp xã hội",
        "Cấp giấy phép hoạt động đối với cơ sở trợ giúp xã hội",
        "Hỗ trợ kinh phí nhận chăm sóc đối tượng cần bảo vệ khẩn cấp",
        "Thôi hưởng trợ cấp xã hội hằng tháng",
        "Điều chỉnh, thôi hưởng trợ cấp xã hội khi đối tượng thay đổi nơi cư trú",
        "Giải quyết chế độ trợ cấp thất nghiệp",
        "Cấp giấy phép lao động cho người lao động nước ngoài làm việc tại Việt Nam",
        "Đăng ký nội quy lao động của doanh nghiệp",
    ],
    "Hộ tịch": [
        "Đăng ký khai sinh",
        "Đăng ký kết hôn",
        "Đăng ký khai tử",
        "Cấp bản sao trích lục hộ tịch",
        "Cấp Giấy xác nhận tình trạng hôn nhân",
        "Đăng ký nhận cha, mẹ, con",
        "Đăng ký thay đổi, cải chính, bổ sung thông tin hộ tịch",
        "Đăng ký giám hộ",
        "Đăng ký khai sinh kết hợp nhận cha, mẹ, con",
        "Đăng ký lại khai sinh",
        "Đăng ký lại kết hôn",
        "Đăng ký khai sinh có yếu tố nước ngoài",
        "Đăng ký kết hôn có yếu tố nước ngoài",
        "Ghi vào Sổ hộ tịch việc ly hôn đã được giải quyết ở nước ngoài",
    ],
    "Chứng thực": [
        "Chứng thực bản sao từ bản chính giấy tờ, văn bản",
        "Chứng thực chữ ký trong các giấy tờ, văn bản",
        "Chứng thực hợp đồng, giao dịch liên quan đến tài sản là động sản",
        "Chứng thực hợp đồng, giao dịch liên quan đến thực hiện quyền của người sử dụng đất",
        "Chứng thực văn bản thỏa thuận phân chia di sản",
        "Chứng thực văn bản khai nhận di sản",
        "Chứng thực di chúc",
        "Chứng thực văn bản từ chối nhận di sản",
        "Chứng thực việc sửa đổi, bổ sung, hủy bỏ hợp đồng, giao dịch",
        "Cấp bản sao có chứng thực từ bản chính hợp đồng, giao dịch đã được chứng thực",
        "Chứng thực chữ ký người dịch",
        "Sửa lỗi sai sót trong hợp đồng, giao dịch đã được chứng thực",
    ],
    "Thành lập và hoạt động của hộ kinh doanh": [
        "Đăng ký thành lập hộ kinh doanh",
        "Đăng ký thay đổi nội dung đăng ký hộ kinh doanh",
        "Tạm ngừng hoạt động, tiếp tục kinh doanh trước thời hạn của hộ kinh doanh",
        "Chấm dứt hoạt động hộ kinh doanh",
        "Cấp lại Giấy chứng nhận đăng ký hộ kinh doanh",
        "Đăng ký hợp tác xã",
        "Đăng ký thay đổi tên, địa chỉ trụ sở chính của hợp tác xã",
        "Giải thể tự nguyện hợp tác xã",
        "Cấp giấy chứng nhận đủ điều kiện an toàn thực phẩm cho cơ sở kinh doanh dịch vụ ăn uống",
        "Cấp Giấy phép kinh doanh karaoke",
        "Cấp Giấy phép bán lẻ rượu tiêu dùng tại chỗ",
        "Cấp Giấy phép kinh doanh dịch vụ lưu trú",
    ],
}

# The cases a procedure of the same name covers (biến thể), in the order they are used.
VARIANTS = [
    "cấp huyện",
    "cấp xã",
    "trường hợp cấp lại",
    "trường hợp điều chỉnh",
    "có yếu tố nước ngoài",
    "liên thông",
    "đối với tổ chức",
    "đối với cá nhân",
]

DISTRICTS = ["Châu Thành", "Chợ Lách", "Mỏ Cày Nam", "Giồng Trôm"]
COMMUNES = ["An Hiệp", "Tân Thạch", "Phú Túc", "Tiên Thủy", "Hòa Lộc", "Long Thới", "Sơn Định", "Bình Hòa"]

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Hoàng", "Võ", "Phan", "Trương", "Bùi", "Đặng", "Đỗ",
          "Ngô", "Hồ", "Dương", "Lý"]  # fmt: skip
MIDDLE = ["Văn", "Thị", "Minh", "Ngọc", "Thanh", "Hữu", "Quốc", "Thị Kim", "Đức", "Hoàng"]
GIVEN = ["An", "Bình", "Cúc", "Dũng", "Giang", "Hải", "Hà", "Hùng", "Khánh", "Lan", "Linh", "Long", "Mai",
         "Nam", "Nga", "Phúc", "Quân", "Sơn", "Tâm", "Thảo", "Trang", "Trí", "Tuấn", "Vy", "Yến"]  # fmt: skip


def procedure_name(field, n, agency_name=""):
    """The ``n``-th procedure (from 0) of an agency of ``field``: a real name, then its variants, then the
    agency for a name and variant that would repeat."""
    names = PROCEDURE_NAMES.get(field) or PROCEDURE_NAMES["Hộ tịch"]
    base = names[n % len(names)]
    round_ = n // len(names)
    if round_ == 0:
        return base
    variant = VARIANTS[(round_ - 1) % len(VARIANTS)]
    if round_ <= len(VARIANTS):
        return f"{base} ({variant})"
    return f"{base} ({variant}, {agency_name}, {round_ // len(VARIANTS) + 1})"


def person_name(i):
    """A full name in natural order for the ``i``-th person: "Nguyễn Văn An"."""
    return (
        f"{FAMILY[i % len(FAMILY)]} {MIDDLE[(i // len(FAMILY)) % len(MIDDLE)]} {GIVEN[(i * 7) % len(GIVEN)]}"
    )


def split_name(full_name):
    """(family and middle names, given name): how ``last_name`` and ``first_name`` hold them."""
    last, _sep, first = full_name.rpartition(" ")
    return last, first
