"""The OpenAPI schema and its documentation pages."""

from django.core.management import call_command


def test_schema_generates_and_validates_without_warnings(db, tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))
    schema = (tmp_path / "schema.yaml").read_text()
    assert "/api/v1/filings/{code}/receive/:" in schema
    assert "Error:" in schema


def test_schema_endpoint_is_public(client, db):
    response = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert "/api/v1/queue/" in paths


def test_docs_pages_load_their_assets_locally_not_from_a_cdn(client, db):
    for url in ("/api/v1/docs/", "/api/v1/redoc/"):
        response = client.get(url)
        assert response.status_code == 200
        html = response.content.decode()
        assert "drf_spectacular_sidecar" in html
        assert "cdn." not in html and "jsdelivr" not in html and "unpkg" not in html
