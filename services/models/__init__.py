from services.models.calendar import CalendarDay
from services.models.catalog import Agency, Procedure, Province, RequiredDocument
from services.models.filings import (
    ApologySlip,
    Filing,
    FilingDocument,
    FilingEvent,
    ReceiptCounter,
)
from services.models.history import ProcedureVersion
from services.models.outbox import OutboxEvent
from services.models.people import User
from services.models.publication import ProcedurePublication
from services.models.ratings import SatisfactionRating

__all__ = [
    "Agency",
    "ApologySlip",
    "CalendarDay",
    "Filing",
    "FilingDocument",
    "FilingEvent",
    "OutboxEvent",
    "Procedure",
    "ProcedurePublication",
    "ProcedureVersion",
    "Province",
    "ReceiptCounter",
    "RequiredDocument",
    "SatisfactionRating",
    "User",
]
