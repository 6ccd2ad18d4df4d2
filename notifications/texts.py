"""What each notification says, per language (the applicant's choice; a message is one language, not the
portal's bilingual "vi / en" form). Placeholders: code, procedure, agency, link, due, reason, new_due."""

TEXTS = {
    "receipt": {
        "vi": (
            "Hồ sơ {code} đã được tiếp nhận",
            "{agency} đã tiếp nhận hồ sơ {code} ({procedure}). Ngày hẹn trả kết quả: {due}. Xem: {link}",
        ),
        "en": (
            "Filing {code} received",
            "{agency} received filing {code} ({procedure}). Result appointment: {due}. See {link}",
        ),
    },
    "supplement": {
        "vi": ("Hồ sơ {code} cần bổ sung", "Hồ sơ {code} cần bổ sung: {reason}. Bổ sung tại: {link}"),
        "en": ("Filing {code} needs more documents", "Filing {code} needs: {reason}. Supplement at {link}"),
    },
    "refused": {
        "vi": (
            "Hồ sơ {code} bị từ chối tiếp nhận",
            "Hồ sơ {code} bị từ chối tiếp nhận. Lý do: {reason}. Xem: {link}",
        ),
        "en": ("Filing {code} refused", "Filing {code} was refused. Reason: {reason}. See {link}"),
    },
    "rejected": {
        "vi": (
            "Hồ sơ {code} không được giải quyết",
            "Hồ sơ {code} không được giải quyết. Lý do: {reason}. Xem: {link}",
        ),
        "en": ("Filing {code} rejected", "Filing {code} was rejected. Reason: {reason}. See {link}"),
    },
    "approved": {
        "vi": ("Hồ sơ {code} đã được phê duyệt", "Hồ sơ {code} ({procedure}) đã được phê duyệt. Xem: {link}"),
        "en": ("Filing {code} approved", "Filing {code} ({procedure}) was approved. See {link}"),
    },
    "result": {
        "vi": (
            "Kết quả hồ sơ {code} đã sẵn sàng",
            "Kết quả hồ sơ {code} đã được trả. Tải về hoặc nhận tại: {link}",
        ),
        "en": (
            "The result of filing {code} is ready",
            "The result of filing {code} is ready. Get it at {link}",
        ),
    },
    "payment": {
        "vi": ("Đã nhận lệ phí hồ sơ {code}", "{agency} đã nhận lệ phí của hồ sơ {code}. Xem: {link}"),
        "en": ("Fee received for filing {code}", "{agency} received the fee of filing {code}. See {link}"),
    },
    "apology": {
        "vi": (
            "Xin lỗi về hồ sơ {code}",
            "{agency} xin lỗi vì hồ sơ {code} chậm. Lý do: {reason}. Ngày hẹn mới: {new_due}. Xem: {link}",
        ),
        "en": (
            "Apology for filing {code}",
            "{agency} apologises: filing {code} is late. Reason: {reason}. New date: {new_due}. See {link}",
        ),
    },
    "digest": {
        "vi": (
            "{count} hồ sơ đến hạn ngày mai ({due})",
            "Hồ sơ đến hạn ngày {due}:\n{lines}\nHàng đợi: {link}",
        ),
        "en": ("{count} filing(s) due tomorrow ({due})", "Filings due on {due}:\n{lines}\nQueue: {link}"),
    },
}


def render(kind, language, **values):
    subject, body = TEXTS[kind].get(language) or TEXTS[kind]["vi"]
    return subject.format(**values), body.format(**values)
