"""Property-based fuzzing of the read-only API (/api/) from its own OpenAPI schema.

Schemathesis reads ``/api/openapi.json`` from the portal's WSGI application and generates requests
for every operation in it: valid ones, whose answers must have a documented status code, content
type and headers and a body that matches the schema, and invalid ones, which must never be a
server error. It runs with HQ's key and anonymously, on a small tree with filed reports; half of
the path and filter ids are those of objects that exist, so 200 answers are checked, not only
404s. Bounded and derandomised: every run sends the same requests.
"""

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from accounts.services import api_token_create
from reports.models import UnitReport

from .reports.helpers import file_report, open_period

CONFORMANCE = [not_a_server_error, status_code_conformance, content_type_conformance,
               response_headers_conformance, response_schema_conformance]
FUZZ = settings(max_examples=40, derandomize=True, database=None, deadline=None,
                suppress_health_check=list(HealthCheck))
# The query filters that name an object, and which objects they name.
ID_FILTERS = {"period": "periods", "unit": "units", "parent": "units", "version": "versions"}
# Query values that made the API answer 500 and that random generation seldom hits: digits that
# are not ASCII ("²".isdigit() is true, int("²") fails), numbers past a 64-bit column (SQLite
# refuses them as parameters), a NUL byte (PostgreSQL refuses it in a string).
HOSTILE = ["²", "١٢", str(2**63), str(2**64 + 1), "-" + str(2**63 + 1), "1\x00", "\x00"]
# The ids of the objects the current test made (set by the ``known`` fixture).
KNOWN = {}


def _load(modes):
    """The schema as the portal serves it (generating it reads no table)."""
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", WSGIHandler())
    schema.config.generation.update(modes=modes, deterministic=True, database="none",
                                    with_security_parameters=False)

    def or_existing(generated, ids):
        return st.one_of(st.just(generated), st.sampled_from(ids)) if ids else st.just(generated)

    @schema.hook
    def flatmap_path_parameters(ctx, path_parameters):
        if not isinstance(path_parameters, dict) or "id" not in path_parameters:
            return st.just(path_parameters)
        kind = ctx.operation.path.split("/")[2]  # /api/<kind>/{id}/…
        return or_existing(path_parameters["id"], KNOWN.get(kind)).map(lambda pk: {**path_parameters, "id": pk})

    @schema.hook
    def flatmap_query(ctx, query):
        if not isinstance(query, dict):
            return st.just(query)
        return st.fixed_dictionaries({
            name: or_existing(value, KNOWN.get(ID_FILTERS.get(name))) for name, value in query.items()})

    return schema


valid = _load([GenerationMode.POSITIVE])
invalid = _load([GenerationMode.NEGATIVE])


@pytest.fixture(autouse=True)
def _requests_keep_the_test_connection():
    """The WSGI handler runs in the test's transaction: as in Django's test client, the request
    signals must not close the connection that holds it."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture(autouse=True)
def known(personas, tree):
    """Two annual periods with the reports of officer's and sibling's units (2025 closed)."""
    last = open_period(year=2025)
    current = open_period(year=2026)
    for period in (last, current):
        file_report(personas.officer, tree.officer_unit, period, {"pages": "2", "reach": "12.949"},
                    accept_by=personas.upper)
        file_report(personas.sibling, tree.sibling_unit, period, {"pages": "4"})
    last.is_open = False
    last.save()
    KNOWN.update(units=[tree.root.pk, tree.upper.pk, tree.officer_unit.pk, tree.sibling_unit.pk],
                 periods=[last.pk, current.pk], versions=[current.version_id],
                 reports=list(UnitReport.objects.values_list("pk", flat=True)))
    yield KNOWN
    KNOWN.clear()


@pytest.fixture
def hq_key(personas):
    return api_token_create(user=personas.hq, name="Kiểm thử API")[1]


@valid.parametrize()
@FUZZ
def test_api_with_hqs_key_answers_as_its_schema_says(case, hq_key):
    case.call_and_validate(headers={"Authorization": f"Bearer {hq_key}"}, checks=CONFORMANCE)


@valid.parametrize()
@FUZZ
def test_api_without_a_key_answers_401_as_its_schema_says(case):
    response = case.call_and_validate(checks=CONFORMANCE)
    assert response.status_code == 401


@invalid.parametrize()
@FUZZ
def test_api_never_fails_on_invalid_input(case, hq_key):
    case.call_and_validate(headers={"Authorization": f"Bearer {hq_key}"}, checks=[not_a_server_error])


def test_every_api_url_is_in_the_fuzzed_schema():
    from api.urls import urlpatterns

    urls = {"/" + str(p.pattern).replace("<int:pk>", "{id}") for p in urlpatterns if "docs" not in p.name
            and "redoc" not in p.name and p.name != "api_schema"}
    operations = {(op.ok().method, op.ok().path) for op in valid.get_all_operations()}
    assert operations == {("get", url) for url in urls}


def test_api_never_fails_on_hostile_query_values(client, hq_key, known):
    """Every query parameter of every operation, one at a time, with each value of ``HOSTILE``."""
    client.raise_request_exception = False
    schema = client.get("/api/openapi.json").json()
    failures, sent = [], 0
    for path, operations in schema["paths"].items():
        kind = path.split("/")[2]
        url = path.replace("{id}", str(known[kind][-1])) if "{id}" in path else path
        names = [p["name"] for p in operations["get"].get("parameters", []) if p["in"] == "query"]
        for name in names:
            for value in HOSTILE:
                response = client.get(url, {name: value}, HTTP_AUTHORIZATION=f"Bearer {hq_key}")
                if response.status_code >= 500:
                    failures.append(f"{url}?{name}={value!r}: {response.status_code}")
                sent += 1
    assert not failures
    assert sent > 100
