"""Thin views: read through the selectors, write through the services, errors through the one handler.

A filing the user may not see answers 404 (its code does not leak); a visible filing whose step the user's
role or agency may not take answers 403; a step the state does not allow answers 409.
"""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from api.schema import errors
from api.throttles import ApiThrottled
from services import ratings, selectors, services
from services.api import serializers as s
from services.api.filters import FilingFilter, ProcedureFilter
from services.api.pagination import QueuePagination
from services.api.permissions import IsAgencyOfficial
from services.models import Filing
from services.steps import STEPS

# The request body of a step, by the fields the steps' table gives it (a step without fields takes none).
BODIES = {(): None, ("reason",): s.ReasonSerializer, ("proposal", "reason"): s.ProposeSerializer}


# A list answers 400 to a filter value it does not know and 404 to a page past the last.
LIST_ERRORS = (400, 404)


@extend_schema_view(
    list=extend_schema(
        summary="Danh mục thủ tục / list the catalog",
        responses={200: s.ProcedureSerializer, **errors(*LIST_ERRORS)},
    ),
    retrieve=extend_schema(
        summary="Một thủ tục / one procedure", responses={200: s.ProcedureSerializer, **errors(404)}
    ),
)
class ProcedureViewSet(ApiThrottled, viewsets.ReadOnlyModelViewSet):
    """The procedure catalog, open to everyone."""

    permission_classes = [AllowAny]
    serializer_class = s.ProcedureSerializer
    filterset_class = ProcedureFilter

    def get_queryset(self):
        return selectors.catalog().prefetch_related("required_documents")


@extend_schema_view(
    list=extend_schema(
        summary="Hồ sơ được xem / filings visible to the user",
        responses={200: s.FilingSerializer, **errors(*LIST_ERRORS, 401)},
    ),
    retrieve=extend_schema(
        summary="Chi tiết hồ sơ / a filing with documents and history",
        responses={200: s.FilingDetailSerializer, **errors(401, 404)},
    ),
    create=extend_schema(
        summary="Tạo hồ sơ nháp / open a draft (or a walk-in at the desk)",
        request=s.FilingCreateSerializer,
        responses={201: s.FilingDetailSerializer, **errors(400, 401, 403)},
    ),
)
class FilingViewSet(
    ApiThrottled,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Filings as their applicant and the agency's officials see them, and every step as an action."""

    lookup_field = "code"
    lookup_value_regex = r"[A-Za-z0-9\-]+"
    filterset_class = FilingFilter

    def get_queryset(self):
        if self.action == "retrieve":
            return selectors.visible_filing_details(self.request.user)
        # a list, a step, an upload: the filing's row (a step answers with_details of what it wrote)
        return selectors.visible_filings(self.request.user)

    def get_serializer_class(self):
        return s.FilingSerializer if self.action == "list" else s.FilingDetailSerializer

    def filter_queryset(self, queryset):
        """Query-string filters narrow the list only; a filing's own URL finds it whatever they say."""
        return super().filter_queryset(queryset) if self.action == "list" else queryset

    def _detail(self, filing, status_code=status.HTTP_200_OK, *, just_created=False):
        """The filing as the service just wrote it (the caller sees it: they created it or took the step),
        with its lists read once: no second read of the row (submit: ≤ 12 queries in all)."""
        filing = selectors.with_details(filing, just_created=just_created)
        return Response(self.get_serializer(filing).data, status=status_code)

    def create(self, request, *args, **kwargs):
        body = s.FilingCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        filing = services.create_filing(actor=request.user, **body.validated_data)
        return self._detail(filing, status.HTTP_201_CREATED, just_created=True)

    @extend_schema(
        summary="Đính kèm giấy tờ / attach a document (multipart)",
        request={"multipart/form-data": s.DocumentUploadSerializer},
        responses={201: s.FilingDocumentSerializer, **errors(400, 401, 403, 404, 409)},
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def documents(self, request, code=None):
        """Attach a document to a draft, or to a filing asked to supplement (PDF, JPG, PNG)."""
        filing = self.get_object()
        body = s.DocumentUploadSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        document = services.attach_document(
            filing=filing,
            actor=request.user,
            uploaded_file=body.validated_data["file"],
            required_document=body.validated_data.get("required_document"),
        )
        return Response(s.FilingDocumentSerializer(document).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Lập phiếu xin lỗi / issue an apology slip for a late filing",
        request=s.ApologySlipCreateSerializer,
        responses={201: s.ApologySlipSerializer, **errors(400, 401, 403, 404, 409)},
    )
    @action(detail=True, methods=["post"], url_path="apology_slip")
    def apology_slip(self, request, code=None):
        """The agency's desk or leader owes a late filing an apology slip with a new appointment date."""
        filing = self.get_object()
        body = s.ApologySlipCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        slip = services.issue_apology_slip(filing=filing, actor=request.user, **body.validated_data)
        return Response(s.ApologySlipSerializer(slip).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Đánh giá mức độ hài lòng / rate the handling (PUT: change the rating)",
        description="Người nộp hồ sơ đánh giá sau khi trả kết quả; sửa được trong RATING_CHANGE_DAYS ngày / "
        "The applicant rates once the result is returned (POST, 201); PUT changes it within "
        "RATING_CHANGE_DAYS days of the first rating (200). 409 before the return, after the window, on "
        "a second POST or a PUT without a rating; 403 for anyone but the applicant.",
        request=s.RatingBodySerializer,
        responses={200: s.RatingSerializer, 201: s.RatingSerializer, **errors(400, 401, 403, 404, 409)},
    )
    @action(detail=True, methods=["post", "put"])
    def rating(self, request, code=None):
        """The applicant's satisfaction rating (hài lòng / bình thường / không hài lòng)."""
        filing = self.get_object()
        body = s.RatingBodySerializer(data=request.data)
        body.is_valid(raise_exception=True)
        new = request.method == "POST"
        rating = ratings.rate_filing(
            filing=filing,
            actor=request.user,
            expect=ratings.NEW if new else ratings.CHANGE,
            **body.validated_data,
        )
        return Response(
            s.RatingSerializer(rating).data, status=status.HTTP_201_CREATED if new else status.HTTP_200_OK
        )


def _transition_action(row, body_class):
    """``POST /filings/{code}/<name>/``: take one step of the one-stop shop through the service."""
    name = row.name

    def step(self, request, code=None):
        data = (
            request.data
        )  # parsed whether the step reads it or not: a malformed body is a 400, never ignored
        filing = self.get_object()
        arguments = {}
        if body_class is not None:
            body = body_class(data=data)
            body.is_valid(raise_exception=True)
            arguments = body.validated_data
        filing = services.TRANSITIONS[name](filing=filing, actor=request.user, **arguments)
        return self._detail(filing)

    step.__name__ = name
    step.__doc__ = getattr(Filing, name).__doc__
    step = action(detail=True, methods=["post"], url_path=name, url_name=name)(step)
    return extend_schema(
        summary=f"Bước “{name}” / take the step {name}",
        description=f"{step.__doc__}\n\nLý do / reason: {row.reason.value}. 409 khi trạng thái không cho "
        "phép, 403 khi vai trò hoặc cơ quan không được phép / 409 when the state does not allow it, 403 when "
        "the role or agency may not.",
        request=body_class,
        responses={200: s.FilingDetailSerializer, **errors(400, 401, 403, 404, 409)},
    )(step)


for _row in STEPS.values():
    setattr(FilingViewSet, _row.name, _transition_action(_row, BODIES[_row.fields]))


@extend_schema_view(
    list=extend_schema(
        summary="Hàng đợi của cán bộ / the official's queue, oldest deadline first",
        responses={200: s.FilingSerializer, **errors(*LIST_ERRORS, 401, 403)},
    )
)
class QueueViewSet(ApiThrottled, mixins.ListModelMixin, viewsets.GenericViewSet):
    """What the signed-in desk officer, specialist or leader has to act on in their agency, in keyset pages
    (``?cursor=`` from ``next``/``previous``; the count stops at a cap: ``count_capped``)."""

    permission_classes = [IsAgencyOfficial]
    pagination_class = QueuePagination
    serializer_class = s.FilingSerializer
    filterset_class = FilingFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation has no signed-in user
            return Filing.objects.none()
        return selectors.official_queue(self.request.user)
