"""Shapes of the API's requests and responses; no rule of the one-stop shop is decided here."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from services import rules
from services.constants import Channel, Proposal, Rating, Timeliness
from services.models import (
    Agency,
    ApologySlip,
    Filing,
    FilingDocument,
    FilingEvent,
    Procedure,
    RequiredDocument,
    SatisfactionRating,
)
from services.steps import STEPS, available


def _person(user):
    return (user.get_full_name() or user.username) if user else None


# --- catalog --------------------------------------------------------------------------------------------
class AgencySerializer(serializers.ModelSerializer):
    class Meta:
        model = Agency
        fields = ["code", "name", "level"]
        read_only_fields = fields


class RequiredDocumentSerializer(serializers.ModelSerializer):
    class Meta:
        model = RequiredDocument
        fields = ["id", "name", "mandatory"]
        read_only_fields = fields


class ProcedureSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Procedure
        fields = ["id", "national_code", "name", "online_level"]
        read_only_fields = fields


class ProcedureSerializer(serializers.ModelSerializer):
    """A procedure of the catalog (thủ tục hành chính) with the documents a filing brings."""

    agency = AgencySerializer(read_only=True)
    required_documents = RequiredDocumentSerializer(many=True, read_only=True)

    class Meta:
        model = Procedure
        fields = [
            "id",
            "national_code",
            "name",
            "field",
            "agency",
            "online_level",
            "processing_days",
            "fee",
            "required_documents",
        ]
        read_only_fields = fields


# --- filings --------------------------------------------------------------------------------------------
class FilingDocumentSerializer(serializers.ModelSerializer):
    class Meta:
        model = FilingDocument
        fields = [
            "id",
            "required_document",
            "original_name",
            "content_type",
            "size",
            "sha256",
            "uploaded_at",
            "origin",
            "scanned_at",
        ]
        read_only_fields = fields


class RatingSerializer(serializers.ModelSerializer):
    """The applicant's satisfaction rating of the filing, and the last day it may be changed."""

    changeable_until = serializers.SerializerMethodField()

    class Meta:
        model = SatisfactionRating
        fields = ["value", "comment", "created_at", "updated_at", "changeable_until"]
        read_only_fields = fields

    @extend_schema_field(serializers.DateField())
    def get_changeable_until(self, rating):
        return rules.rating_change_deadline(rating)


class RatingBodySerializer(serializers.Serializer):
    value = serializers.ChoiceField(choices=Rating.choices)
    comment = serializers.CharField(max_length=2000, allow_blank=True, required=False, default="")


class FilingEventSerializer(serializers.ModelSerializer):
    """One line of the history: who moved the filing from which state to which, when and why."""

    actor = serializers.SerializerMethodField()

    class Meta:
        model = FilingEvent
        fields = ["action", "from_status", "to_status", "actor", "at", "reason"]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_actor(self, event):
        return _person(event.actor)


class ApologySlipSerializer(serializers.ModelSerializer):
    issued_by = serializers.SerializerMethodField()

    class Meta:
        model = ApologySlip
        fields = ["new_due_date", "reason", "issued_by", "issued_at"]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField())
    def get_issued_by(self, slip):
        return _person(slip.issued_by)


class FilingSerializer(serializers.ModelSerializer):
    """A filing in a list: where it stands and by when it is due."""

    procedure = ProcedureSummarySerializer(read_only=True)
    agency = serializers.SlugRelatedField(slug_field="code", read_only=True)
    is_overdue = serializers.BooleanField(read_only=True)
    # Blank until the decision: documented as the enum or "".
    timeliness = serializers.ChoiceField(choices=Timeliness.choices, allow_blank=True, read_only=True)

    class Meta:
        model = Filing
        fields = [
            "code",
            "procedure",
            "agency",
            "channel",
            "status",
            "applicant_name",
            "created_at",
            "submitted_at",
            "received_at",
            "receipt_number",
            "due_date",
            "timeliness",
            "is_overdue",
            "fee",
            "fee_settled_at",
        ]
        read_only_fields = fields


class AvailableActionsSerializer(serializers.Serializer):
    """What the caller may do with the filing now: exactly what the services would accept from them."""

    steps = serializers.ListField(
        child=serializers.ChoiceField(choices=list(STEPS)),
        help_text="Các bước được thực hiện lúc này / the steps the caller may take now (POST filings/{code}/<step>/)",
    )
    pay_online = serializers.BooleanField(help_text="POST filings/{code}/payments/online/")
    counter_payment = serializers.BooleanField(help_text="POST filings/{code}/payments/counter/")
    apology_slip = serializers.BooleanField(help_text="POST filings/{code}/apology_slip/")
    rate = serializers.BooleanField(help_text="POST (or PUT to change) filings/{code}/rating/")


def available_actions(filing, user):
    """The steps, payments and apology slip ``user`` may take on ``filing``, asked of the rules' functions."""
    return {
        "steps": [step.name for step in available(filing, user)],
        "pay_online": rules.may_pay_online(filing, user),
        "counter_payment": rules.may_record_counter_payment(filing, user),
        "apology_slip": rules.may_issue_apology(filing, user),
        "rate": rules.may_rate(filing, user),
    }


class FilingDetailSerializer(FilingSerializer):
    """A filing with its documents, its history and its apology slips, and what the caller may do now."""

    documents = FilingDocumentSerializer(many=True, read_only=True)
    events = FilingEventSerializer(many=True, read_only=True)
    apology_slips = ApologySlipSerializer(many=True, read_only=True)
    missing_documents = serializers.SerializerMethodField()
    proposal = serializers.ChoiceField(choices=Proposal.choices, allow_blank=True, read_only=True)
    applicant_email = serializers.CharField(read_only=True, help_text="Có thể trống / may be blank")
    rating = serializers.SerializerMethodField()
    available_actions = serializers.SerializerMethodField()

    class Meta(FilingSerializer.Meta):
        fields = [
            *FilingSerializer.Meta.fields,
            "applicant_personal_id",
            "applicant_phone",
            "applicant_email",
            "applicant_address",
            "proposal",
            "decided_at",
            "result_returned_at",
            "documents",
            "missing_documents",
            "events",
            "apology_slips",
            "rating",
            "result_electronic",
            "available_actions",
        ]
        read_only_fields = fields

    @extend_schema_field(RequiredDocumentSerializer(many=True))
    def get_missing_documents(self, filing):
        return RequiredDocumentSerializer(filing.missing_mandatory_documents(), many=True).data

    @extend_schema_field(RatingSerializer(allow_null=True))
    def get_rating(self, filing):
        rating = getattr(filing, "rating", None)
        return RatingSerializer(rating).data if rating is not None else None

    @extend_schema_field(AvailableActionsSerializer)
    def get_available_actions(self, filing):
        request = self.context.get("request")
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return {
                "steps": [],
                "pay_online": False,
                "counter_payment": False,
                "apology_slip": False,
                "rate": False,
            }
        return available_actions(filing, user)


# --- requests -------------------------------------------------------------------------------------------
class FilingCreateSerializer(serializers.Serializer):
    """Open a draft (online, citizen) or enter a walk-in filing (counter, the agency's desk)."""

    # with its agency: the new filing's code and agency come from it (one query, not two)
    procedure = serializers.PrimaryKeyRelatedField(
        queryset=Procedure.objects.select_related("agency", "province")
    )
    channel = serializers.ChoiceField(
        choices=[Channel.ONLINE, Channel.COUNTER], default=Channel.ONLINE, required=False
    )
    applicant_name = serializers.CharField(
        max_length=200,
        required=False,
        help_text="Trực tuyến: lấy từ tài khoản, bỏ trống được / online: the account's, may be left out",
    )
    applicant_personal_id = serializers.CharField(
        max_length=12,
        required=False,
        help_text="Trực tuyến: lấy từ tài khoản, bỏ trống được / online: the account's, may be left out",
    )
    applicant_phone = serializers.CharField(max_length=20, required=False, allow_blank=True)
    applicant_email = serializers.EmailField(required=False, allow_blank=True)
    applicant_address = serializers.CharField(max_length=300, required=False, allow_blank=True)

    def validate(self, attrs):
        """A walk-in's identity is typed by the desk: both are then needed (online, the account has them)."""
        if attrs.get("channel") == Channel.COUNTER:
            missing = [name for name in ("applicant_name", "applicant_personal_id") if not attrs.get(name)]
            if missing:
                required = serializers.Field.default_error_messages["required"]
                raise serializers.ValidationError({name: [required] for name in missing})
        return attrs


class DocumentUploadSerializer(serializers.Serializer):
    file = serializers.FileField()
    required_document = serializers.PrimaryKeyRelatedField(
        queryset=RequiredDocument.objects.all(), required=False, allow_null=True
    )


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class ProposeSerializer(ReasonSerializer):
    proposal = serializers.ChoiceField(choices=Proposal.choices)


class ApologySlipCreateSerializer(serializers.Serializer):
    new_due_date = serializers.DateField()
    reason = serializers.CharField(max_length=2000, allow_blank=True)
