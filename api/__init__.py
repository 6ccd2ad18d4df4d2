"""The `/api/v1/` root at project level: its URLconf, the one error shape, throttles, documented errors.

The domains' APIs (``services.api``, ``payments.api``, ``portal.reports.api``) import their shared helpers from
here, never from one another.
"""
