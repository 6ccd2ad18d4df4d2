"""The five articles' data sets and the figures they print: data *about* the articles.

The seeding reads the plans below to build records at article scale; the reconciliation compares the
printed figures with what :mod:`portal.reports.metrics` recomputes from those records. Nothing here is
ever reported as a metric.
"""

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class ArticlePlan:
    """What one article's province looks like: catalog by level, fees, filings and hotline in a period."""

    slug: str
    code: str  # the province's code (also the first three digits of its people's personal IDs)
    name: str
    start: dt.date
    end: dt.date
    full: int
    partial: int
    none: int
    integrated_full: int
    integrated_partial: int
    eligible: int  # online services eligible for the national gateway
    fee_procedures: int = 0
    fee_full_with_filings: int = 0  # full-process fee procedures whose filings are paid online
    fee_partial_with_filings: int = 0  # partial fee procedures whose fees are paid at the desk
    # filings: {group: count}; see demo.seed.FILING_GROUPS
    filings: dict = field(default_factory=dict)
    hotline_received: int = 0
    hotline_answered: int = 0
    hotline_end: dt.date | None = None


BEN_TRE = ArticlePlan(
    slug="ben-tre",
    code="083",
    name="Bến Tre",
    start=dt.date(2024, 1, 1),
    end=dt.date(2024, 6, 30),
    full=900,
    partial=605,
    none=325,
    integrated_full=900,
    integrated_partial=583,
    eligible=1505,
    fee_procedures=494,
    fee_full_with_filings=130,
    fee_partial_with_filings=126,
    # 130 full-process fee procedures: 30,424 paid online + 600 closed unpaid (all online);
    # 126 partial fee procedures: 27,418 online + 10,058 at the desk, fees paid at the desk.
    filings={
        "full_paid_online": 30_424,
        "full_closed": 600,
        "partial_online": 27_418,
        "partial_counter": 10_058,
    },
)
AN_GIANG = ArticlePlan(
    slug="an-giang",
    code="089",
    name="An Giang",
    start=dt.date(2022, 1, 1),
    end=dt.date(2022, 12, 31),
    full=1100,
    partial=988,
    none=212,
    integrated_full=700,
    integrated_partial=507,
    eligible=1284,
    filings={"free_online": 3_000, "free_counter": 1_000},
)
THAI_NGUYEN = ArticlePlan(
    slug="thai-nguyen",
    code="019",
    name="Thái Nguyên",
    start=dt.date(2022, 1, 1),
    end=dt.date(2022, 12, 31),
    full=600,
    partial=600,
    none=600,
    integrated_full=600,
    integrated_partial=436,
    eligible=1200,
    filings={"free_online": 800, "free_counter": 200},
)
DONG_THAP = ArticlePlan(
    slug="dong-thap",
    code="087",
    name="Đồng Tháp",
    start=dt.date(2023, 1, 1),
    end=dt.date(2023, 12, 31),
    full=763,
    partial=214,
    none=628,
    integrated_full=763,
    integrated_partial=214,
    eligible=977,
    filings={"free_online": 1_500, "free_counter": 500},
    hotline_received=3_024,
    hotline_answered=3_013,
    hotline_end=dt.date(2023, 9, 30),
)
BAC_LIEU = ArticlePlan(
    slug="bac-lieu",
    code="095",
    name="Bạc Liêu",
    start=dt.date(2023, 1, 1),
    end=dt.date(2023, 12, 31),
    full=1105,
    partial=300,
    none=295,
    integrated_full=812,
    integrated_partial=0,
    eligible=1405,
    filings={"free_online": 800, "free_counter": 200},
)
PLANS = [BEN_TRE, AN_GIANG, THAI_NGUYEN, DONG_THAP, BAC_LIEU]


@dataclass(frozen=True)
class Figure:
    """One figure as an article printed it, and how to recompute it."""

    slug: str
    start: dt.date
    end: dt.date
    label: str
    printed: str
    key: str  # a metric key, or "eligible_published" for published / eligible
    printed_value: float | int  # the printed number (percent for rates, count for counts)
    printed_precision: int = 0  # decimals of the printed percentage
    printed_numerator: int | None = None
    printed_denominator: int | None = None
    denominator_omitted: bool = False
    note: str = ""


H1_2024 = (dt.date(2024, 1, 1), dt.date(2024, 6, 30))
Y2022 = (dt.date(2022, 1, 1), dt.date(2022, 12, 31))
Y2023 = (dt.date(2023, 1, 1), dt.date(2023, 12, 31))
M9_2023 = (dt.date(2023, 1, 1), dt.date(2023, 9, 30))

FIGURES = [
    Figure("ben-tre", *H1_2024, "Dịch vụ công trực tuyến / online services", "1.505/1.830 TTHC = 82%",
           "online_service_rate", 82, 0, 1505, 1830),
    Figure("ben-tre", *H1_2024, "Tích hợp Cổng DVCQG / integrated", "1.483/1.505 = 98,5%",
           "integration_rate", 98.5, 1, 1483, 1505),
    Figure("ben-tre", *H1_2024, "Hồ sơ điện tử / electronic filings", "58.442 hồ sơ",
           "electronic_filings", 58442),
    Figure("ben-tre", *H1_2024, "TTHC có phí phát sinh hồ sơ / fee procedures with filings",
           "256/494 = 51,2%", "fee_procedures_with_filings_rate", 51.2, 1, 256, 494),
    Figure("ben-tre", *H1_2024, "TTHC có thanh toán trực tuyến / with online payment", "130 = 50,8%",
           "fee_procedures_with_online_payment_rate", 50.8, 1, 130, 256),
    Figure("ben-tre", *H1_2024, "Hồ sơ thanh toán trực tuyến / filings paid online",
           "30.424/68.500 = 44,4%", "online_payment_rate", 44.4, 1, 30424, 68500,
           note="30.424/68.500 = 44,41%: DOMAIN.md's 'exact 44.42' is itself off by 0.01"),
    Figure("an-giang", *Y2022, "Dịch vụ công trực tuyến mức 3, 4 / online services", "2.088 DVC",
           "online_services_total", 2088),
    Figure("an-giang", *Y2022, "Giải quyết trước và đúng hạn / resolved early or on time", "99%",
           "on_time_rate", 99, 0, denominator_omitted=True),
    Figure("an-giang", *Y2022, "Công bố trên Cổng DVCQG / published on the gateway", "1.207 DVC = 94%",
           "eligible_published", 94, 0, 1207, None, denominator_omitted=True,
           note="1.207/1.284 đủ điều kiện / eligible"),
    Figure("thai-nguyen", *Y2022, "Tích hợp Cổng DVCQG / integrated", "1.036 DVC",
           "integrated_total", 1036),
    Figure("dong-thap", *Y2023, "Toàn trình / full-process", "763 = 47,54%",
           "full_process_rate", 47.54, 2, 763, None, denominator_omitted=True, note="/1.605 TTHC"),
    Figure("dong-thap", *Y2023, "Một phần / partial", "214 = 13,33%",
           "partial_rate", 13.33, 2, 214, None, denominator_omitted=True, note="/1.605 TTHC"),
    Figure("dong-thap", *M9_2023, "Tổng đài 1022: đã trả lời / hotline answered", "3.013/3.024 = 99,64%",
           "hotline_answer_rate", 99.64, 2, 3013, 3024),
    Figure("bac-lieu", *Y2023, "Toàn trình / full-process", "1.105 DVC",
           "full_process_total", 1105),
    Figure("bac-lieu", *Y2023, "Tích hợp Cổng DVCQG / integrated", "812 DVC",
           "integrated_total", 812),
]  # fmt: skip
