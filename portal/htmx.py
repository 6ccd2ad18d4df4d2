"""Pages that update in place with htmx: the fragment for an htmx request, the whole page otherwise.

Without JavaScript the same URL answers the full page, so every page keeps working as plain HTML. A
history restore (htmx asks again for a page it no longer has cached) wants the full page too.
"""

from django.shortcuts import render
from django.utils.cache import patch_vary_headers


def is_htmx(request):
    return request.headers.get("HX-Request") == "true" and "HX-History-Restore-Request" not in request.headers


def render_in_place(request, page, fragment, context, status=200):
    """``fragment`` for htmx, ``page`` (which includes the fragment) for everyone else."""
    response = render(request, fragment if is_htmx(request) else page, context, status=status)
    patch_vary_headers(response, ["HX-Request"])
    return response
