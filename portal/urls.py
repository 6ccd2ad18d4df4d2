from django.urls import path

from documents import views as document_views
from portal import auth_views, citizen_views, filing_views, hotline_views, official_views, views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("procedures/<int:pk>/", views.procedure, name="procedure"),
    path("procedures/<int:pk>/file/", citizen_views.start_filing, name="start_filing"),
    path("lookup/", views.lookup_status, name="lookup"),  # Tra cứu hồ sơ, without signing in
    # sign-in
    path("login/", auth_views.PortalLoginView.as_view(), name="login"),
    path("logout/", auth_views.PortalLogoutView.as_view(), name="logout"),
    path("login/vneid/", auth_views.vneid_start, name="vneid_start"),
    path("login/vneid/callback/", auth_views.vneid_callback, name="vneid_callback"),
    path("start/", auth_views.start, name="start"),
    # citizens
    path("my/filings/", citizen_views.my_filings, name="my_filings"),
    path("my/documents/", citizen_views.repository, name="repository"),
    path("my/feedback/", hotline_views.my_feedback, name="my_feedback"),
    path("my/feedback/<int:pk>/verdict/", hotline_views.verdict, name="feedback_verdict"),
    # a filing (applicant and officials)
    path("filings/<str:code>/", filing_views.filing_page, name="filing"),
    path("filings/<str:code>/edit/", citizen_views.edit_filing, name="edit_filing"),
    path("filings/<str:code>/act/<str:step>/", filing_views.act, name="act"),
    path("filings/<str:code>/apology/", filing_views.issue_apology, name="issue_apology"),
    path("filings/<str:code>/rating/", filing_views.rate, name="rate_filing"),
    path("filings/<str:code>/apology/<int:pk>/", filing_views.apology_slip, name="apology_slip"),
    path("filings/<str:code>/receipt/", filing_views.receipt_slip, name="receipt_slip"),
    path("filings/<str:code>/documents/<int:pk>/", filing_views.document, name="document"),
    # the signed PDFs (documents app): stored once, served as stored
    path("filings/<str:code>/result/", document_views.result_pdf, name="result"),
    path("filings/<str:code>/receipt.pdf", document_views.receipt_pdf, name="receipt_pdf"),
    path("filings/<str:code>/apology/<int:pk>.pdf", document_views.apology_pdf, name="apology_pdf"),
    # officials
    path("officials/queue/", official_views.queue, name="queue"),
    path("officials/intake/", official_views.intake, name="intake"),
    path("officials/feedback/", hotline_views.feedback_queue, name="feedback_queue"),
    path("officials/feedback/<int:pk>/answer/", hotline_views.answer, name="answer_feedback"),
]
