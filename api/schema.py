"""What the schema documents of every operation's errors."""

from drf_spectacular.utils import OpenApiResponse

from api.errors import ErrorSerializer


def errors(*codes):
    """The documented error responses of an operation, all in the one ``Error`` shape."""
    return {code: OpenApiResponse(ErrorSerializer) for code in (*codes, 429)}
