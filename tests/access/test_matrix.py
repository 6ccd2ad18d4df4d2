"""The access matrix: every URL pattern of the project × every role, the exact status code.

The patterns are walked from the URL resolver (``get_resolver().url_patterns``, recursively), so a new URL
without an entry in :data:`TABLE` fails :func:`test_every_url_pattern_has_an_entry`. The mock partners
(``/mock-payment/``, ``/mock-gateway/``, ``/mock-vneid/``) stand for the outside world; they are listed in
:data:`OUT_OF_SCOPE`, as is DEBUG's media serving.

One world, built once per test: a province (Vĩnh Long) with the filing's agency and another agency, a
second province (Bến Tre) with an agency, the officials of each, a province admin of each, a superuser.
A filing the caller may not see answers 404 on every door, page or API; a page a role may not open 403;
anonymous callers go to the sign-in page (302), or get 401 from the API.

The mutating endpoints are posted by every role that may not use them: each refusal has its exact code and
changes nothing (the database's fingerprint is the same after every refused request).
"""

import datetime as dt
import re
import socket

import pytest
from django.apps import apps
from django.contrib import admin
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.authtoken.models import Token

from hotline import services as hotline
from hotline.models import HotlineFeedback
from services.constants import FilingStatus as S
from services.constants import OnlineLevel, Role
from services.models import ApologySlip, CalendarDay, Filing, Procedure, ProcedurePublication, User
from tests.builders import drive, new_draft
from tests.factories import AgencyFactory, ProcedureFactory, ProvinceFactory, citizen, official

ROLES = (
    "anon",
    "owner",  # the citizen who filed
    "citizen2",  # another citizen
    "desk",  # ... of the filing's agency
    "spec",
    "lead",
    "p_desk",  # ... of another agency of the same province
    "p_spec",
    "p_lead",
    "x_desk",  # ... of an agency of another province
    "x_spec",
    "x_lead",
    "admin",  # the province's admin
    "x_admin",  # the other province's admin
    "root",  # a superuser
)
SIGNED = set(ROLES) - {"anon"}
VIEWERS = {"owner", "desk", "spec", "lead", "admin", "root"}  # who may see the filing
OFFICIALS = {f"{p}{r}" for p in ("", "p_", "x_") for r in ("desk", "spec", "lead")}
DESKS = {"desk", "p_desk", "x_desk"}
ANSWERERS = {"desk", "lead", "p_desk", "p_lead", "x_desk", "x_lead", "admin", "x_admin", "root"}
REPORT_READERS = {"lead", "p_lead", "admin", "root"}  # of the filing's province (Vĩnh Long)
ANY_REPORT_READER = REPORT_READERS | {"x_lead", "x_admin"}
MANAGERS = {"admin", "x_admin", "root"}


def codes(default, anon=None, **only):
    """``{role: code}``: ``default`` for every signed-in role, ``anon`` for the anonymous caller, and
    ``only`` as ``{code: roles}`` (written ``_200=VIEWERS``)."""
    table = {role: default for role in ROLES}
    table["anon"] = default if anon is None else anon
    for code, roles in only.items():
        for role in roles:
            table[role] = int(code.lstrip("_"))
    return table


def everyone(code):
    return codes(code)


def page(allowed, ok=200, refused=403):
    """A page behind sign-in: anonymous to the sign-in page, ``allowed`` get ``ok``, the others ``refused``."""
    return codes(refused, anon=302, **{f"_{ok}": allowed})


def filing_page(ok=200):
    return page(VIEWERS, ok, refused=404)


def api(allowed, ok=200, refused=403):
    return codes(refused, anon=401, **{f"_{ok}": allowed})


def filing_api(ok=200):
    return api(VIEWERS, ok, refused=404)


POST_ONLY_PAGE = page(SIGNED, 405)  # login first, then the method
POST_ONLY_API = api(SIGNED, 405)  # authentication first, then the method

# The mock partners stand for the outside world; DEBUG's media serving is for development only.
OUT_OF_SCOPE = {
    "mock-payment/": "the mock Payment Platform (the partner's own API, not the portal's)",
    "mock-gateway/": "the mock national gateway (the partner's own API)",
    "mock-vneid/": "the mock VNeID provider (the partner's own pages)",
    "mock-sms/": "the mock SMS gateway (the partner's own API)",
    "^media/": "DEBUG-only media serving (never mounted in production)",
}

# route -> (URL template, GET codes by role). Templates name the world's objects: {code}, {draft} ...
TABLE = {
    "i18n/setlang/": ("/i18n/setlang/", everyone(302)),
    # operations: liveness and readiness for anyone (no data in them); metrics from loopback (the test
    # client's address) or with the bearer token, whoever is signed in
    "healthz": ("/healthz", everyone(200)),
    "readyz": ("/readyz", everyone(200)),
    "metrics": ("/metrics", everyone(200)),
    "gateway/inbound/filings/": ("/gateway/inbound/filings/", everyone(405)),
    "gateway/status/": ("/gateway/status/", page(MANAGERS)),
    "payments/filings/<str:code>/pay/": ("/payments/filings/{code}/pay/", filing_page()),
    "payments/filings/<str:code>/counter/": ("/payments/filings/{code}/counter/", filing_page()),
    "payments/return/": ("/payments/return/", everyone(400)),
    "payments/callback/": ("/payments/callback/", everyone(405)),
    "api/v1/reports/summary/": (
        "/api/v1/reports/summary/?province={province}&from=2020-01-01&to=2030-12-31",
        api(REPORT_READERS),
    ),
    "api/v1/reports/reconciliation/": ("/api/v1/reports/reconciliation/", api(ANY_REPORT_READER)),
    "api/v1/reports/service-index/": (
        "/api/v1/reports/service-index/?province={province}&from=2024-01-01&to=2024-03-31",
        api(REPORT_READERS),
    ),
    "api/v1/filings/<str:code>/payments/": ("/api/v1/filings/{code}/payments/", filing_api()),
    "api/v1/filings/<str:code>/payments/online/": ("/api/v1/filings/{code}/payments/online/", POST_ONLY_API),
    "api/v1/filings/<str:code>/payments/counter/": (
        "/api/v1/filings/{code}/payments/counter/",
        POST_ONLY_API,
    ),
    "api/v1/payments/callback/": ("/api/v1/payments/callback/", everyone(405)),
    "api/v1/^procedures/$": ("/api/v1/procedures/", everyone(200)),
    "api/v1/^procedures/(?P<pk>[^/.]+)/$": ("/api/v1/procedures/{procedure}/", everyone(200)),
    "api/v1/^filings/$": ("/api/v1/filings/", api(SIGNED)),
    "api/v1/^filings/(?P<code>[A-Za-z0-9\\-]+)/$": ("/api/v1/filings/{code}/", filing_api()),
    **{
        f"api/v1/^filings/(?P<code>[A-Za-z0-9\\-]+)/{step}/$": (
            f"/api/v1/filings/{{code}}/{step}/",
            POST_ONLY_API,
        )
        for step in (
            "apology_slip",
            "approve",
            "documents",
            "propose",
            "rating",
            "receive",
            "refuse",
            "reject",
            "request_supplement",
            "resubmit",
            "return_result",
            "send_back",
            "start_review",
            "submit",
            "withdraw",
        )
    },
    "api/v1/^queue/$": ("/api/v1/queue/", api(OFFICIALS)),
    "api/v1/gateway/inbound/filings/": ("/api/v1/gateway/inbound/filings/", everyone(401)),
    "api/v1/auth/token/": ("/api/v1/auth/token/", everyone(405)),
    "api/v1/schema/": ("/api/v1/schema/", everyone(200)),
    "api/v1/docs/": ("/api/v1/docs/", everyone(200)),
    "api/v1/redoc/": ("/api/v1/redoc/", everyone(200)),
    "reports/": ("/reports/?province={province}", page(REPORT_READERS)),
    "reports/figures/<slug:key>/": (
        "/reports/figures/electronic_filings/?province={province}",
        page(REPORT_READERS),
    ),
    "reports/figures/<slug:key>/records.csv": (
        "/reports/figures/electronic_filings/records.csv?province={province}",
        page(REPORT_READERS),
    ),
    "reports/figures/<slug:key>/records.xlsx": (
        "/reports/figures/electronic_filings/records.xlsx?province={province}",
        page(REPORT_READERS),
    ),
    "reports/export.csv": ("/reports/export.csv?province={province}", page(REPORT_READERS)),
    "reports/export.xlsx": ("/reports/export.xlsx?province={province}", page(REPORT_READERS)),
    "reports/index/": (
        "/reports/index/?province={province}&from=2024-01-01&to=2024-03-31",
        page(REPORT_READERS),
    ),
    "reports/index/<slug:key>/": (
        "/reports/index/filings_in_time/?province={province}",
        page(REPORT_READERS),
    ),
    "reports/index/<slug:key>/records.csv": (
        "/reports/index/filings_in_time/records.csv?province={province}",
        page(REPORT_READERS),
    ),
    "manage/": ("/manage/", page(MANAGERS)),
    "manage/calendar/": ("/manage/calendar/", page(MANAGERS)),
    "manage/calendar/add/": ("/manage/calendar/add/", page(MANAGERS, 405)),
    "manage/calendar/<int:pk>/remove/": (
        "/manage/calendar/{day}/remove/?province={province}",
        codes(403, anon=302, _200={"admin", "root"}, _404={"x_admin"}),
    ),
    "manage/procedures/": ("/manage/procedures/", page(MANAGERS)),
    "manage/procedures/<int:pk>/": (
        "/manage/procedures/{procedure}/?province={province}",
        codes(403, anon=302, _200={"admin", "root"}, _404={"x_admin"}),
    ),
    "manage/procedures/publish-all/": ("/manage/procedures/publish-all/", page(MANAGERS, 405)),
    "manage/procedures/<int:pk>/publish/": ("/manage/procedures/{procedure}/publish/", page(MANAGERS, 405)),
    "manage/procedures/<int:pk>/unpublish/": (
        "/manage/procedures/{procedure}/unpublish/",
        page(MANAGERS, 405),
    ),
    "manage/agencies/": ("/manage/agencies/", page(MANAGERS)),
    "manage/agencies/new/": ("/manage/agencies/new/", page(MANAGERS)),
    "manage/agencies/<int:pk>/": (
        "/manage/agencies/{agency}/?province={province}",
        codes(403, anon=302, _200={"admin", "root"}, _404={"x_admin"}),
    ),
    "manage/users/": ("/manage/users/", page(MANAGERS)),
    "manage/users/new/": ("/manage/users/new/", page(MANAGERS)),
    "manage/users/<int:pk>/": (
        "/manage/users/{desk}/?province={province}",
        codes(403, anon=302, _200={"admin", "root"}, _404={"x_admin"}),
    ),
    "manage/users/<int:pk>/active/": ("/manage/users/{desk}/active/", page(MANAGERS, 405)),
    "": ("/", everyone(200)),
    "procedures/<int:pk>/": ("/procedures/{procedure}/", everyone(200)),
    "procedures/<int:pk>/file/": ("/procedures/{procedure}/file/", POST_ONLY_PAGE),
    "lookup/": ("/lookup/", everyone(200)),  # Tra cứu hồ sơ: the form, no sign-in
    "login/": ("/login/", codes(302, anon=200)),
    "logout/": ("/logout/", everyone(405)),
    "login/vneid/": ("/login/vneid/", everyone(302)),
    "login/vneid/callback/": ("/login/vneid/callback/", everyone(302)),
    "start/": ("/start/", everyone(302)),
    "my/filings/": ("/my/filings/", page(SIGNED)),
    "my/documents/": ("/my/documents/", page(SIGNED)),
    "my/feedback/": ("/my/feedback/", page({"owner", "citizen2"})),
    "my/feedback/<int:pk>/verdict/": ("/my/feedback/{item}/verdict/", POST_ONLY_PAGE),
    "filings/<str:code>/": ("/filings/{code}/", filing_page()),
    "filings/<str:code>/edit/": ("/filings/{draft}/edit/", filing_page()),
    "filings/<str:code>/act/<str:step>/": ("/filings/{code}/act/receive/", POST_ONLY_PAGE),
    "filings/<str:code>/apology/": ("/filings/{code}/apology/", POST_ONLY_PAGE),
    "filings/<str:code>/rating/": ("/filings/{code}/rating/", POST_ONLY_PAGE),
    "filings/<str:code>/apology/<int:pk>/": ("/filings/{code}/apology/{slip}/", filing_page()),
    "filings/<str:code>/receipt/": ("/filings/{code}/receipt/", filing_page()),
    "filings/<str:code>/documents/<int:pk>/": ("/filings/{code}/documents/{document}/", filing_page()),
    "filings/<str:code>/result/": ("/filings/{code}/result/", filing_page()),
    "filings/<str:code>/receipt.pdf": ("/filings/{code}/receipt.pdf", filing_page()),
    "filings/<str:code>/apology/<int:pk>.pdf": ("/filings/{code}/apology/{slip}.pdf", filing_page()),
    "my/notifications/": ("/my/notifications/", page(SIGNED)),
    # public verification of signed documents: no sign-in, nothing personal (tests/documents)
    "verify/": ("/verify/", everyone(200)),
    "verify/ca.pem": ("/verify/ca.pem", everyone(200)),
    "verify/<uuid:document_id>/": ("/verify/00000000-0000-4000-8000-000000000000/", everyone(404)),
    "verify/<uuid:document_id>/revoke/": (
        "/verify/00000000-0000-4000-8000-000000000000/revoke/",
        POST_ONLY_PAGE,
    ),
    "api/v1/verify/": ("/api/v1/verify/", everyone(405)),
    "api/v1/lookup/": ("/api/v1/lookup/", everyone(405)),  # POST only: the code and the receipt's key
    "officials/queue/": ("/officials/queue/", page(OFFICIALS)),
    "officials/intake/": ("/officials/intake/", page(DESKS)),
    "officials/feedback/": ("/officials/feedback/", page(ANSWERERS)),
    "officials/feedback/<int:pk>/answer/": ("/officials/feedback/{item}/answer/", POST_ONLY_PAGE),
}

# route -> (URL template, POST body, {role: code} for the roles that must be refused). The roles that may
# use the endpoint are left out (their success is tested where the feature is).
NOT_VIEWERS = set(ROLES) - VIEWERS - {"anon"}
MUTATIONS = {
    "payments/filings/<str:code>/pay/": (
        "/payments/filings/{code}/pay/",
        {},
        codes(403, anon=302, _404=NOT_VIEWERS) | {"owner": None},
    ),
    "payments/filings/<str:code>/counter/": (
        "/payments/filings/{code}/counter/",
        {"receipt_number": "BL-1", "method": "cash"},
        codes(403, anon=302, _404=NOT_VIEWERS) | {"desk": None},
    ),
    "api/v1/filings/<str:code>/payments/online/": (
        "/api/v1/filings/{code}/payments/online/",
        {},
        codes(403, anon=401, _404=NOT_VIEWERS) | {"owner": None},
    ),
    "api/v1/filings/<str:code>/payments/counter/": (
        "/api/v1/filings/{code}/payments/counter/",
        {"receipt_number": "BL-1", "method": "cash"},
        codes(403, anon=401, _404=NOT_VIEWERS) | {"desk": None},
    ),
    "api/v1/^filings/(?P<code>[A-Za-z0-9\\-]+)/receive/$": (
        "/api/v1/filings/{submitted}/receive/",
        {},
        codes(403, anon=401, _404=NOT_VIEWERS) | {"desk": None},
    ),
    "api/v1/^filings/(?P<code>[A-Za-z0-9\\-]+)/withdraw/$": (
        "/api/v1/filings/{submitted}/withdraw/",
        {"reason": "Nộp nhầm"},
        codes(403, anon=401, _404=NOT_VIEWERS) | {"owner": None},
    ),
    "filings/<str:code>/act/<str:step>/": (
        "/filings/{submitted}/act/receive/",
        {},
        # a visible filing: back to its page with the refusal; another's: 404
        codes(302, anon=302, _404=NOT_VIEWERS) | {"desk": None},
    ),
    "officials/feedback/<int:pk>/answer/": (
        "/officials/feedback/{item}/answer/",
        {"answer": "Đã trả lời"},
        codes(403, anon=302, _404={"p_desk", "p_lead", "x_desk", "x_lead", "x_admin"})
        | {"desk": None, "lead": None, "admin": None, "root": None},
    ),
    "gateway/status/": (
        "/gateway/status/",
        {"action": "publish_all"},
        codes(403, anon=302) | {"root": None},
    ),
    "manage/calendar/add/": (
        "/manage/calendar/add/",
        {"date": "2026-12-28", "is_working_day": "", "reason": "Nghỉ"},
        codes(403, anon=302) | {"admin": None, "x_admin": None, "root": None},
    ),
    "manage/users/<int:pk>/active/": (
        "/manage/users/{desk}/active/",
        {"active": "0"},
        codes(403, anon=302, _404={"x_admin"}) | {"admin": None, "root": None},
    ),
    "manage/procedures/<int:pk>/publish/": (
        "/manage/procedures/{procedure}/publish/",
        {},
        codes(403, anon=302, _404={"x_admin"}) | {"admin": None, "root": None},
    ),
}


def hidden(anon, visible=None):
    """A write on a filing: the roles that may not see it get 404 (the anonymous caller ``anon``), the
    viewers ``visible`` (``None``: not posted, their answers are the step's or the service's own tests')."""
    return {role: anon if role == "anon" else 404 if role in NOT_VIEWERS else visible for role in ROLES}


API_STEP = "api/v1/^filings/(?P<code>[A-Za-z0-9\\-]+)/{}/$"
# Every other write on a filing, by everyone who may not see it: 404 and nothing changes.
MUTATIONS |= {
    API_STEP.format(step): (f"/api/v1/filings/{{{filing}}}/{step}/", body, hidden(401))
    for step, filing, body in (
        ("approve", "submitted", {}),
        ("propose", "submitted", {"proposal": "approve"}),
        ("refuse", "submitted", {"reason": "Không thuộc thẩm quyền"}),
        ("reject", "submitted", {"reason": "Không đủ điều kiện"}),
        ("request_supplement", "submitted", {"reason": "Thiếu tờ khai"}),
        ("resubmit", "submitted", {}),
        ("return_result", "submitted", {}),
        ("send_back", "submitted", {"reason": "Thẩm định lại"}),
        ("start_review", "submitted", {}),
        ("submit", "draft", {}),
        ("documents", "draft", {}),
        ("apology_slip", "submitted", {"new_due_date": "2031-01-02", "reason": "Chậm"}),
        ("rating", "submitted", {"value": "satisfied"}),
    )
}
MUTATIONS |= {
    "filings/<str:code>/edit/": ("/filings/{draft}/edit/", {"intent": "submit"}, hidden(302)),
    "filings/<str:code>/apology/": (
        "/filings/{submitted}/apology/",
        {"new_due_date": "2031-01-02", "reason": "Chậm"},
        hidden(302, visible=302),  # a visible filing: back to its page with the refusal (not late)
    ),
    "api/v1/^filings/$": (
        "/api/v1/filings/",
        {
            "procedure": "{procedure}",
            "applicant_name": "Lê Văn Cường",
            "applicant_personal_id": "001099000321",
        },
        codes(403, anon=401) | {"owner": None, "citizen2": None},
    ),
    "procedures/<int:pk>/file/": (
        "/procedures/{procedure}/file/",
        {},
        codes(302, anon=302) | {"owner": None, "citizen2": None},  # to the procedure with the refusal
    ),
    "filings/<str:code>/rating/": (
        "/filings/{submitted}/rating/",
        {"value": "satisfied"},
        hidden(302, visible=302),  # a visible filing: back to its page with the refusal (not returned)
    ),
    "my/feedback/<int:pk>/verdict/": (
        "/my/feedback/{item}/verdict/",
        {"verdict": "satisfied"},
        codes(403, anon=302, _404={"citizen2"}) | {"owner": 302},  # the owner's: not answered yet
    ),
    "my/feedback/": (
        "/my/feedback/",
        {"subject": "Hỏi", "agency": "{agency}"},
        codes(403, anon=302) | {"owner": None, "citizen2": None},
    ),
    "officials/intake/": (
        "/officials/intake/",
        {"procedure": "{procedure}", "applicant_name": "Lê C", "applicant_personal_id": "001099000321"},
        codes(403, anon=302) | {"desk": None, "p_desk": 404, "x_desk": 404},  # another agency's procedure
    ),
    "manage/agencies/<int:pk>/": (
        "/manage/agencies/{agency}/?province={province}",
        {"code": "DOI-MA", "name": "Đổi tên", "level": "district"},
        codes(403, anon=302, _404={"x_admin"}) | {"admin": None, "root": None},
    ),
    "manage/agencies/new/": (
        "/manage/agencies/new/",
        {"code": "MOI", "name": "Cơ quan mới", "level": "district"},
        codes(403, anon=302) | {"admin": None, "x_admin": None, "root": None},
    ),
    "manage/users/<int:pk>/": (
        "/manage/users/{desk}/?province={province}",
        {"role": "admin", "agency": "UBND-TPVL", "password1": "", "password2": ""},
        codes(403, anon=302, _404={"x_admin"}) | {"admin": None, "root": None},
    ),
    "manage/calendar/<int:pk>/remove/": (
        "/manage/calendar/{day}/remove/?province={province}",
        {},
        codes(403, anon=302, _404={"x_admin"}) | {"admin": None, "root": None},
    ),
    "manage/procedures/<int:pk>/unpublish/": (
        "/manage/procedures/{procedure}/unpublish/",
        {},
        codes(403, anon=302, _404={"x_admin"}) | {"admin": None, "root": None},
    ),
    "admin/services/user/<path:object_id>/change/": (
        "/admin/services/user/{owner}/change/",
        {"username": "doi_ten", "is_active": "on", "is_staff": "on", "is_superuser": "on"},
        codes(403, anon=302) | {"root": None},  # anonymous: to the admin's sign-in page
    ),
    "admin/services/user/<id>/password/": (
        "/admin/services/user/{desk}/password/",
        {"password1": "Mat-khau-moi-2026-xyz", "password2": "Mat-khau-moi-2026-xyz"},
        codes(403, anon=302) | {"root": None},
    ),
}

FORMAT_SUFFIX = re.compile(r"\\\.\(\?P<format>\[a-z0-9\]\+\)/\?\$$")


def walk(patterns, prefix=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from walk(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern)


def routes():
    return list(dict.fromkeys(walk(get_resolver().url_patterns)))


def base_of(route):
    """A DRF format-suffix route (``.../filings/(?P<code>...)\\.(?P<format>...)/?$``) answers as its base."""
    if FORMAT_SUFFIX.search(route):
        return FORMAT_SUFFIX.sub("/$", route)
    return None


def out_of_scope(route):
    return next((why for prefix, why in OUT_OF_SCOPE.items() if route.startswith(prefix)), None)


# --- the Django admin: for superusers only ----------------------------------------------------------
def admin_rows():
    """Every pattern of ``/admin/``: anonymous to the admin's sign-in page (302, as Django answers), every
    signed-in non-superuser the portal's 403 page; the superuser gets the page."""
    rows = {
        "admin/": ("/admin/", 200),
        "admin/login/": ("/admin/login/", 302),  # signed in already: on to the index
        "admin/logout/": ("/admin/logout/", 405),
        "admin/password_change/": ("/admin/password_change/", 200),
        "admin/password_change/done/": ("/admin/password_change/done/", 200),
        "admin/autocomplete/": ("/admin/autocomplete/", 403),  # no field asked for
        "admin/jsi18n/": ("/admin/jsi18n/", 200),
        "admin/r/<path:content_type_id>/<path:object_id>/": ("/admin/r/{ct}/{procedure}/", 404),
        "admin/(?P<url>.*)$": ("/admin/khong-co/", 404),
        "admin/services/user/<id>/password/": ("/admin/services/user/{desk}/password/", 200),
    }
    app_list = next(r for r in routes() if r.startswith("admin/^(?P<app_label>"))  # names every app
    rows[app_list] = ("/admin/services/", 200)
    for model in admin.site._registry:
        meta = model._meta
        base = f"admin/{meta.app_label}/{meta.model_name}/"
        url = f"/{base}"
        obj = f"{url}{{obj_{meta.app_label}_{meta.model_name}}}/"
        read_only = meta.label_lower in READ_ONLY
        # a model with no row in the world: its object pages send the superuser back to the index
        found = 302 if meta.label_lower in ABSENT else 200
        rows[base] = (url, 200)
        rows[f"{base}add/"] = (f"{url}add/", 403 if meta.label_lower in NO_ADD or read_only else 200)
        rows[f"{base}<path:object_id>/history/"] = (f"{obj}history/", found)
        rows[f"{base}<path:object_id>/delete/"] = (f"{obj}delete/", 403 if read_only else found)
        rows[f"{base}<path:object_id>/change/"] = (f"{obj}change/", found)
        rows[f"{base}<path:object_id>/"] = (obj, 302)  # to .../change/
    table = {}
    for route, (url, superuser_code) in rows.items():
        # anonymous: to the admin's sign-in page; a signed-in non-superuser: the portal's 403 page
        expected = codes(403, anon=302)
        expected["root"] = superuser_code
        if route == "admin/login/":
            expected = codes(403, anon=200)  # the sign-in form for the anonymous visitor only
            expected["root"] = 302
        if route == "admin/logout/":
            expected["root"] = 405  # the superuser: POST only
        table[route] = (url, expected)
    return table


# What the ModelAdmins refuse to a superuser too: records written by the services only (no add, no
# delete), and those added by the services but deletable.
READ_ONLY = {
    "services.filing",
    "services.apologyslip",
    "payments.payment",
    "payments.refund",
    "payments.platformmessage",
    "payments.securityevent",
    "payments.reconciliationmismatch",
    "documents.signeddocument",  # issued by the return_result step, revoked on /verify/
}
NO_ADD = {
    "services.procedurepublication",
    "services.outboxevent",
    # django-axes' records of sign-in attempts are written by axes only
    "axes.accessattempt",
    "axes.accesslog",
    "axes.accessfailurelog",
}
ABSENT = {  # no row of these in the world (their pages are the same code for every row)
    "notifications.notification",
    "notifications.channelpreference",
    "axes.accessattempt",
    "axes.accesslog",
    "axes.accessfailurelog",
    "payments.payment",
    "payments.refund",
    "payments.platformmessage",
    "payments.securityevent",
    "payments.reconciliationmismatch",
}


def closed_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- the world --------------------------------------------------------------------------------------
@pytest.fixture
def world(db, settings):
    settings.NATIONAL_GATEWAY_WAKE_ON_COMMIT = False
    settings.VNEID_ISSUER = f"http://127.0.0.1:{closed_port()}/mock-vneid"  # nobody answers: to /login/
    cache.clear()
    vinh_long = ProvinceFactory(slug="vinh-long", name="Vĩnh Long")
    ben_tre = ProvinceFactory(slug="ben-tre", name="Bến Tre")
    agency = AgencyFactory(province=vinh_long, code="UBND-TPVL")
    same = AgencyFactory(province=vinh_long, code="STP-VL")
    other = AgencyFactory(province=ben_tre, code="UBND-BT")
    procedure = ProcedureFactory(agency=agency, online_level=OnlineLevel.FULL)
    ProcedureFactory(agency=other, online_level=OnlineLevel.FULL)
    people = {"anon": None, "owner": citizen(1), "citizen2": citizen(2)}
    for prefix, where in (("", agency), ("p_", same), ("x_", other)):
        for key, role in (("desk", Role.DESK), ("spec", Role.SPECIALIST), ("lead", Role.LEADER)):
            people[f"{prefix}{key}"] = official(role, where, username=f"{prefix}{key}")
    people["admin"] = official(Role.ADMIN, same, username="quantri_vl")
    people["x_admin"] = official(Role.ADMIN, other, username="quantri_bt")
    people["root"] = official(Role.ADMIN, None, username="root", is_superuser=True, is_staff=True)
    actors = {"applicant": people["owner"], "desk": people["desk"], "specialist": people["spec"],
              "leader": people["lead"]}  # fmt: skip
    filing = drive(new_draft(procedure, people["owner"]), S.RESULT_RETURNED, actors)
    slip = ApologySlip.objects.create(
        filing=filing, new_due_date=dt.date(2030, 1, 2), reason="Chậm", issued_by=people["desk"]
    )
    submitted = drive(new_draft(procedure, people["owner"]), S.SUBMITTED, actors)
    draft = new_draft(procedure, people["owner"])
    item = hotline.send_feedback(citizen=people["owner"], subject="Hồ sơ chậm", filing=filing)
    Token.objects.create(user=people["owner"])
    ProcedurePublication.objects.create(procedure=procedure, desired=ProcedurePublication.Desired.UNPUBLISHED)
    day = CalendarDay.objects.create(
        province=vinh_long, date=dt.date(2026, 12, 29), is_working_day=False, reason="Nghỉ bù"
    )
    names = {
        "code": filing.code,
        "submitted": submitted.code,
        "draft": draft.code,
        "province": vinh_long.slug,
        "procedure": procedure.pk,
        "agency": agency.pk,
        "desk": people["desk"].pk,
        "owner": people["owner"].pk,
        "slip": slip.pk,
        "document": filing.documents.first().pk,
        "item": item.pk,
        "day": day.pk,
        "ct": apps.get_model("contenttypes", "ContentType").objects.get_for_model(Procedure).pk,
    }
    for model in admin.site._registry:
        first = model._default_manager.order_by("pk").first()
        names[f"obj_{model._meta.app_label}_{model._meta.model_name}"] = first.pk if first else 999999
    clients = {}
    for role, user in people.items():
        clients[role] = Client()
        if user is not None:
            clients[role].force_login(user)
    return {"people": people, "names": names, "clients": clients, "filing": filing}


def fingerprint():
    """What a refused request must leave as it was: every row count, the filings' states, the people's
    flags and passwords, the hotline's answers."""
    tables = sorted({m._meta.db_table for m in apps.get_models(include_auto_created=True) if m._meta.managed})
    with connection.cursor() as cursor:  # every table's row count in one query
        cursor.execute(
            "SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {connection.ops.quote_name(t)})" for t in tables)
        )
        counts = cursor.fetchone()
    filings = tuple(Filing.objects.order_by("pk").values_list("pk", "status", "fee_settled_at"))
    people = tuple(
        User.objects.order_by("pk").values_list("pk", "is_active", "is_staff", "is_superuser", "password")
    )
    answers = tuple(HotlineFeedback.objects.order_by("pk").values_list("pk", "answered_at"))
    return counts, filings, people, answers


def full_table():
    return {**TABLE, **admin_rows()}


# --- the tests --------------------------------------------------------------------------------------
def test_every_url_pattern_has_an_entry(db):
    table = full_table()
    missing = [
        r
        for r in routes()
        if r not in table and not out_of_scope(r) and not (base_of(r) and base_of(r) in table)
    ]
    assert not missing, f"URL patterns with no entry in the access matrix: {missing}"
    stale = [r for r in table if r not in routes()]
    assert not stale, f"entries for URL patterns that no longer exist: {stale}"


def test_every_role_gets_the_exact_status_code_on_every_url(world):
    table = full_table()
    wrong = []
    for route in routes():
        if out_of_scope(route):
            continue
        base = base_of(route)
        url, expected = table[base] if base and route not in table else table[route]
        url = url.format(**world["names"])
        if base and route not in table:  # the format suffix: ``.../x/`` → ``.../x.json``
            path, _sep, query = url.partition("?")
            url = path.rstrip("/") + ".json" + (f"?{query}" if query else "")
        for role in ROLES:
            status = world["clients"][role].get(url).status_code
            if status != expected[role]:
                wrong.append(f"{role:9} GET {url}: {status}, expected {expected[role]}")
    assert not wrong, "\n".join(wrong)


def test_every_refused_write_answers_its_code_and_changes_nothing(world):
    wrong = []
    for route, (url, body, expected) in MUTATIONS.items():
        assert route in full_table()
        url = url.format(**world["names"])
        data = {k: v.format(**world["names"]) for k, v in body.items()}
        for role in ROLES:
            if expected[role] is None:  # a role the endpoint serves
                continue
            before = fingerprint()
            status = world["clients"][role].post(url, data).status_code
            if status != expected[role]:
                wrong.append(f"{role:9} POST {url}: {status}, expected {expected[role]}")
            if fingerprint() != before:
                wrong.append(f"{role:9} POST {url}: changed the database")
    assert not wrong, "\n".join(wrong)


def test_the_bentre_admin_does_not_read_a_vinhlong_citizens_personal_id_anywhere(world):
    """The pages and API the Bến Tre admin may open say nothing of the Vĩnh Long filing."""
    personal_id = world["people"]["owner"].personal_id
    client = world["clients"]["x_admin"]
    for url in ("/api/v1/filings/", "/officials/feedback/", "/manage/", "/reports/", "/my/filings/"):
        response = client.get(url)
        assert personal_id not in response.content.decode(), url
        assert world["filing"].code not in response.content.decode(), url
