"""The product's URLs and one view of the bench's own: the baseline of the submit path, one INSERT and a
small JSON answer through the same middleware, server and settings (``bench/submit.py``)."""

from django.db import connection
from django.http import JsonResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from config.urls import urlpatterns as product_urlpatterns

TABLE = "bench_one_insert"


@csrf_exempt
def one_insert(request):
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {TABLE} (body) VALUES (%s) RETURNING id", [request.body.decode()[:200]])
        (row_id,) = cursor.fetchone()
    return JsonResponse({"id": row_id}, status=201)


urlpatterns = [path("bench/one-insert/", one_insert), *product_urlpatterns]
