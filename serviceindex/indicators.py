"""The indicators of the service index (Bộ chỉ số 766): what each one counts, in the decision's words.

Each indicator is a rate ``numerator / denominator`` of one kind of record (procedures of the catalog,
filings, hotline items); both are keys of the counts that :mod:`serviceindex.compute` takes from the records
in one conditional aggregate per kind. Points and thresholds are not here: they are data
(:class:`serviceindex.models.IndexWeight`). The quoted wording is the decision's (Phụ lục, as the national
portal's description of the formulas gives it); docs/index.md says what each choice of ours was.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

PROCEDURE, FILING, HOTLINE = "procedure", "filing", "hotline"


@dataclass(frozen=True)
class Group:
    key: str
    name_vi: str
    name_en: str


@dataclass(frozen=True)
class Indicator:
    key: str
    group: str
    kind: str  # which records: PROCEDURE, FILING or HOTLINE
    numerator: str
    denominator: str
    label: str
    decision: str  # the decision's definition, quoted (its docstring, shown on the page and in docs/index.md)


GROUPS = [
    Group("public", "Công khai, minh bạch", "Publicity and transparency"),
    Group("progress", "Tiến độ, kết quả giải quyết", "Progress and results of handling"),
    Group("digitisation", "Số hóa hồ sơ", "Digitisation of filings"),
    Group("online", "Cung cấp dịch vụ trực tuyến", "Online service provision"),
    Group("satisfaction", "Mức độ hài lòng", "Satisfaction"),
]

INDICATORS = [
    Indicator(
        "catalog_published_on_time", "public", PROCEDURE, "published_on_time", "online_services",
        _("TTHC được cập nhật, công khai đúng hạn / Procedures published on time"),
        "Tỷ lệ thủ tục hành chính công bố đúng hạn; Tỷ lệ thủ tục hành chính được cập nhật, công khai đúng "
        "hạn = Số TTHC công khai đúng hạn / Tổng số TTHC phải cập nhật, công khai trong kỳ × 100% (tỉnh: "
        "công khai trong 5 ngày làm việc).",
    ),
    Indicator(
        "catalog_complete", "public", PROCEDURE, "complete", "procedures",
        _("TTHC công khai đầy đủ các bộ phận tạo thành / Procedures published with every component"),
        "Tỷ lệ thủ tục hành chính được công khai có đầy đủ các nội dung quy định về các bộ phận tạo thành "
        "của thủ tục hành chính (tên, trình tự, cách thức, thành phần hồ sơ, thời hạn, đối tượng, cơ quan "
        "thực hiện) / Tổng số TTHC đã được cập nhật, công khai × 100%.",
    ),
    Indicator(
        "filings_synced", "public", FILING, "received_synced", "received",
        _("Hồ sơ đồng bộ lên Cổng DVCQG / Filings synced to the national portal"),
        "Tỷ lệ hồ sơ đồng bộ lên Cổng Dịch vụ công quốc gia = Số lượng hồ sơ đã đồng bộ có “Ngày tiếp "
        "nhận” trong kỳ báo cáo / Tổng số hồ sơ được tính toán trong kỳ × 100%.",
    ),
    Indicator(
        "filings_in_time", "progress", FILING, "in_time", "handled",
        _("Hồ sơ xử lý trước hạn, đúng hạn / Filings handled early or on time"),
        "Tỷ lệ hồ sơ xử lý trước hạn, đúng hạn = Số lượng hồ sơ đã và đang xử lý đúng hạn hoặc trong hạn "
        "trong kỳ / Tổng số hồ sơ được tiếp nhận, xử lý trong kỳ. Chưa có trạng thái hoàn thành → lấy ngày "
        "cuối kỳ báo cáo là ngày kết thúc xử lý; đúng hạn: ngày kết thúc xử lý ≤ ngày hẹn trả.",
    ),
    Indicator(
        "results_electronic", "digitisation", FILING, "results_electronic", "results",
        _("Hồ sơ có kết quả giải quyết điện tử / Filings with an electronic result"),
        "Tỷ lệ hồ sơ thủ tục hành chính có cấp kết quả giải quyết TTHC điện tử = Tổng số hồ sơ TTHC có cấp "
        "kết quả giải quyết TTHC điện tử / Tổng số hồ sơ TTHC thuộc thẩm quyền giải quyết × 100%.",
    ),
    Indicator(
        "filings_digitised", "digitisation", FILING, "digitised", "received",
        _("Hồ sơ thực hiện số hóa / Filings digitised"),
        "Tỷ lệ hồ sơ thủ tục hành chính thực hiện số hóa hồ sơ = Tổng số hồ sơ TTHC (1) thực hiện quy trình "
        "số hóa hồ sơ, kết quả giải quyết TTHC (bao gồm hồ sơ số hóa trong tiếp nhận trực tiếp, qua bưu chính "
        "và hồ sơ trực tuyến) và (2) cấp kết quả giải quyết điện tử / Tổng số hồ sơ TTHC thuộc thẩm quyền "
        "giải quyết × 100%. Đạt từ 80% trở lên: điểm tối đa.",
    ),
    Indicator(
        "filings_reused", "digitisation", FILING, "reused", "received",
        _("Hồ sơ khai thác, sử dụng lại dữ liệu số hóa / Filings reusing digitised data"),
        "Tỷ lệ khai thác, sử dụng lại thông tin, dữ liệu số hóa = Tổng số hồ sơ TTHC có sử dụng lại thông "
        "tin, dữ liệu, giấy tờ điện tử đã được số hóa / Tổng số hồ sơ TTHC thuộc thẩm quyền giải quyết × "
        "100%. Đạt từ 80% trở lên: điểm tối đa.",
    ),
    Indicator(
        "online_services", "online", PROCEDURE, "online_services", "procedures",
        _("TTHC cung cấp dịch vụ công trực tuyến / Procedures offered online"),
        "Tỷ lệ TTHC cung cấp dịch vụ công trực tuyến = Số TTHC có DVCTT một phần, DVCTT toàn trình / Tổng số "
        "TTHC thuộc thẩm quyền giải quyết. Đạt từ 80% trở lên: điểm tối đa; dưới 80%: tỷ lệ × điểm tối đa / 80%.",
    ),
    Indicator(
        "online_services_used", "online", PROCEDURE, "online_services_used", "online_services",
        _("Dịch vụ công trực tuyến có phát sinh hồ sơ / Online services with filings"),
        "Tỷ lệ dịch vụ công trực tuyến có phát sinh hồ sơ: số DVC có hồ sơ tiếp nhận trực tuyến / số DVC.",
    ),
    Indicator(
        "online_filings", "online", FILING, "online_received", "received",
        _("Hồ sơ nộp trực tuyến / Filings submitted online"),
        "Tỷ lệ hồ sơ nộp trực tuyến = Tổng số hồ sơ tiếp nhận trực tuyến có Ngày tiếp nhận trong kỳ / Tổng số "
        "hồ sơ tiếp nhận trong kỳ × 100%. Đạt từ 50% trở lên: điểm tối đa.",
    ),
    Indicator(
        "fee_procedures_paid_online", "online", PROCEDURE, "fee_procedures_paid_online", "fee_procedures",
        _("TTHC có nghĩa vụ tài chính thanh toán trực tuyến / Fee procedures paid online"),
        "Tỷ lệ TTHC có yêu cầu nghĩa vụ tài chính được tích hợp để người dân có thể thanh toán trực tuyến = "
        "X / Y × 100% (X: TTHC có hồ sơ có phí, lệ phí trong kỳ được thanh toán trực tuyến; Y: TTHC có phí, lệ "
        "phí). Đạt từ 80% trở lên: điểm tối đa.",
    ),
    Indicator(
        "filings_paid_online", "online", FILING, "fee_filings_paid_online", "fee_filings",
        _("Hồ sơ thanh toán trực tuyến / Filings paid online"),
        "Tỷ lệ hồ sơ thanh toán trực tuyến = số lượng hồ sơ được thanh toán trực tuyến / Tổng số hồ sơ của các "
        "TTHC có thông tin phí, lệ phí × 100%.",
    ),
    Indicator(
        "hotline_in_time", "satisfaction", HOTLINE, "in_remit_in_time", "in_remit",
        _("Phản ánh, kiến nghị xử lý đúng hạn / Hotline items handled on time"),
        "Tỷ lệ phản ánh, kiến nghị xử lý đúng hạn = Tổng số phản ánh, kiến nghị xử lý đúng hoặc trước hạn / "
        "Tổng số phản ánh, kiến nghị thuộc thẩm quyền tiếp nhận, xử lý × 100%.",
    ),
    Indicator(
        "hotline_satisfied", "satisfaction", HOTLINE, "items_satisfied", "items",
        _("Hài lòng trong xử lý phản ánh, kiến nghị / Satisfaction with the hotline's handling"),
        "Tỷ lệ hài lòng trong xử lý phản ánh, kiến nghị = (Tổng số phản ánh, kiến nghị − Số bị phản hồi trạng "
        "thái không hài lòng hoặc phản ánh về kết quả giải quyết, xử lý quá hạn) / Tổng số phản ánh, kiến nghị "
        "× 100%.",
    ),
    Indicator(
        "filings_satisfied", "satisfaction", FILING, "results_not_dissatisfied", "results",
        _("Hài lòng trong tiếp nhận, giải quyết TTHC / Satisfaction with the filings' handling"),
        "Tỷ lệ hài lòng trong tiếp nhận, giải quyết TTHC = (Tổng số hồ sơ − Số hồ sơ bị đánh giá không hài "
        "lòng) / Tổng số hồ sơ × 100%. Đạt từ 90% trở lên: điểm tối đa.",
    ),
]  # fmt: skip
BY_KEY = {i.key: i for i in INDICATORS}
GROUPS_BY_KEY = {g.key: g for g in GROUPS}
