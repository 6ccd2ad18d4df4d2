from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from observability import health, metrics

# --- Operations (issue 16): health, readiness, metrics; the 500 page in the API's shape --------------
handler500 = "observability.errors.handler500"
# --- Error pages (issue 13): the portal's pages (templates 403.html, 404.html), JSON on /api/ --------
handler404 = "observability.errors.handler404"
handler403 = "observability.errors.handler403"

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("metrics", metrics.metrics_view, name="metrics"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("gateway/", include("services.sync.urls")),
    path("payments/", include("payments.urls")),
    path("api/v1/reports/", include("portal.reports.api_urls")),
    path("api/v1/", include("api.urls")),
    path("verify/", include("documents.urls")),
    path("my/notifications/", include("notifications.urls")),
    path("reports/", include("portal.reports.urls")),
    path("manage/", include("portal.manage.urls")),
    path("", include("portal.urls")),
]

if settings.MOCK_PAYMENT_MOUNTED:
    urlpatterns.insert(-1, path("mock-payment/", include("mocks.payment_platform.urls")))
if settings.MOCK_GATEWAY_MOUNTED:
    urlpatterns.insert(-1, path("mock-gateway/", include("mocks.gateway.urls")))

if settings.MOCK_VNEID_MOUNTED:
    urlpatterns.insert(-1, path("mock-vneid/", include("mocks.vneid.urls")))

if settings.MOCK_SMS_MOUNTED:
    urlpatterns.insert(-1, path("mock-sms/", include("mocks.sms.urls")))

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
