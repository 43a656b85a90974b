"""The read-only API (/api/): scoped to the key owner's subtrees, 401 without a valid key, flat
query counts, and every response as the OpenAPI schema says."""

import json
from decimal import Decimal

import pytest
from django.urls import reverse
from openapi_core import OpenAPI
from openapi_core.contrib.django import DjangoOpenAPIRequest, DjangoOpenAPIResponse

from accounts.services import api_token_create, api_token_revoke
from reports import services as report_services
from reports.models import ReportStatus, UnitReport
from tests.factories import UnionFactory

from .reports.helpers import open_period

SIGNED = {"signer_name": "Nguyễn Văn An", "signer_title": "Chủ tịch", "document_number": "12/BC-CĐ"}
DATA_URLS = ["api_units", "api_periods", "api_indicator_sets", "api_indicators", "api_reports"]


def key_for(user, name="Bảng tính tổng hợp"):
    return api_token_create(user=user, name=name)[1]


def get(client, url, key=None, **params):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"} if key else {}
    return client.get(url, params, **headers)


@pytest.fixture
def filed(personas, tree):
    """Officer's and sibling's units filed the 2026 report; upper's is a draft."""
    period = open_period()
    report_services.report_save(unit=tree.officer_unit, period=period, actor=personas.officer,
                                values={"pages": "2", "reach": "12.949"}, notes={}, submit=True, **SIGNED)
    report_services.report_save(unit=tree.sibling_unit, period=period, actor=personas.sibling,
                                values={"pages": "4", "reach": "500"}, notes={}, submit=True, **SIGNED)
    report_services.report_save(unit=tree.upper, period=period, actor=personas.upper,
                                values={"pages": "1"}, notes={})
    return period


@pytest.fixture
def schema(client):
    return OpenAPI.from_dict(json.loads(client.get(reverse("api_schema")).content))


def assert_matches_schema(schema, response):
    schema.validate_response(DjangoOpenAPIRequest(response.wsgi_request), DjangoOpenAPIResponse(response))


# --- Who gets in ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", DATA_URLS)
def test_anonymous_gets_401(client, db, name):
    response = client.get(reverse(name))
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_signed_in_session_is_not_a_key(client_for, officer):
    """The API reads keys only: a browser session (and its cookie) gets 401, so no CSRF question."""
    assert client_for(officer).get(reverse("api_units")).status_code == 401


def test_a_revoked_key_gets_401(client, officer):
    token, key = api_token_create(user=officer, name="Báo cáo Power BI")
    assert get(client, reverse("api_units"), key).status_code == 200
    api_token_revoke(token=token, actor=officer)
    response = get(client, reverse("api_units"), key)
    assert response.status_code == 401
    assert get(client, reverse("api_units"), "lt_khong-phai-khoa").status_code == 401


def test_a_key_whose_owner_lost_every_role_gets_403(client, officer):
    key = key_for(officer)
    officer.roles.all().delete()
    assert get(client, reverse("api_units"), key).status_code == 403


# --- Scope ----------------------------------------------------------------------------------------


def test_siblings_key_reads_only_siblings_subtree(client, personas, tree, filed, schema):
    key = key_for(personas.sibling)
    units = get(client, reverse("api_units"), key)
    assert [u["code"] for u in units.json()["results"]] == ["VIETTIEN"]
    assert_matches_schema(schema, units)
    reports = get(client, reverse("api_reports"), key)
    assert [r["unit_code"] for r in reports.json()["results"]] == ["VIETTIEN"]
    assert_matches_schema(schema, reports)
    officers_report = UnitReport.objects.get(unit=tree.officer_unit)
    for url in (reverse("api_unit", args=[tree.officer_unit.pk]),
                reverse("api_unit_values", args=[tree.officer_unit.pk]),
                reverse("api_unit_values", args=[tree.upper.pk]),
                reverse("api_report", args=[officers_report.pk])):
        assert get(client, url, key).status_code == 404, url
    assert get(client, reverse("api_reports"), key, unit=tree.officer_unit.pk).status_code == 404
    own = get(client, reverse("api_unit_values", args=[tree.sibling_unit.pk]), key, period=filed.pk).json()
    assert {r["code"]: r["total"] for r in own["rolled_up"]}["reach"] == 500  # none of officer's 12.949


def test_upper_sees_its_children_and_the_rollup_over_them(client, personas, tree, filed, schema):
    key = key_for(personas.upper)
    units = get(client, reverse("api_units"), key).json()["results"]
    assert [u["code"] for u in units] == ["DMVN", "MAY10", "VIETTIEN"]
    top = units[0]
    assert top["parent"] == tree.root.pk and top["parent_code"] == "CDCT" and top["depth"] == 1
    assert top["level"] == 3 and top["level_label"] == "Cấp trên trực tiếp cơ sở"
    response = get(client, reverse("api_unit_values", args=[tree.upper.pk]), key, period=filed.pk)
    assert_matches_schema(schema, response)
    body = response.json()
    assert body["report"]["status"] == "draft"
    assert {v["code"]: v["value"] for v in body["own"]}["pages"] == 1
    rolled = {r["code"]: r for r in body["rolled_up"]}
    # Filed reports only: officer's 2 and sibling's 4 pages; upper's draft is not counted.
    assert rolled["pages"]["total"] == 6 and rolled["pages"]["reports"] == 2
    assert Decimal(str(rolled["reach"]["total"])) == Decimal("13449")
    accepted = get(client, reverse("api_unit_values", args=[tree.upper.pk]), key, period=filed.pk,
                   accepted="1").json()
    assert accepted["accepted_only"] is True and accepted["rolled_up"] == []
    children = get(client, reverse("api_units"), key, parent=tree.upper.pk).json()["results"]
    assert [u["code"] for u in children] == ["MAY10", "VIETTIEN"]


def test_report_list_filters_and_values(client, personas, tree, filed, schema):
    key = key_for(personas.hq)
    response = get(client, reverse("api_reports"), key, period=filed.pk, status=ReportStatus.SUBMITTED)
    assert_matches_schema(schema, response)
    rows = response.json()["results"]
    assert {r["unit_code"] for r in rows} == {"MAY10", "VIETTIEN"}
    may10 = next(r for r in rows if r["unit_code"] == "MAY10")
    values = {v["code"]: v for v in may10["values"]}
    assert values["reach"]["value"] == 12949 and values["reach"]["entered_value"] == 12949
    assert may10["version_number"] == 1 and may10["is_late"] is False
    detail = get(client, reverse("api_report", args=[may10["id"]]), key)
    assert_matches_schema(schema, detail)
    assert detail.json()["unit_name"] == "Công đoàn Tổng Công ty May 10"


def test_periods_and_indicators(client, personas, filed, schema):
    key = key_for(personas.officer)
    periods = get(client, reverse("api_periods"), key)
    assert_matches_schema(schema, periods)
    assert periods.json()["results"][0]["title"] == "Báo cáo năm 2026"
    assert_matches_schema(schema, get(client, reverse("api_period", args=[filed.pk]), key))
    sets = get(client, reverse("api_indicator_sets"), key)
    assert_matches_schema(schema, sets)
    assert sets.json()["results"][0]["versions"][0]["number"] == 1
    response = get(client, reverse("api_indicators"), key, period=filed.pk, page_size=100)
    assert_matches_schema(schema, response)
    by_code = {i["code"]: i for i in response.json()["results"]}
    assert by_code["pages"]["label_vi"] == "Số trang (fanpage) đơn vị quản lý"
    assert by_code["pages"]["label_en"] and by_code["pages"]["label_en"] != by_code["pages"]["label_vi"]
    assert by_code["pages"]["mode"] == "entered" and by_code["pages"]["is_computed"] is False
    assert by_code["frame_uses"]["is_computed"] is True and by_code["prize_value"]["measure"] == "vnd"


def test_pagination(client, personas, tree):
    for i in range(5):
        UnionFactory(parent=tree.upper, name=f"Công đoàn Công ty May số {i + 1}", code=f"MAY-{i}")
    key = key_for(personas.upper)
    first = get(client, reverse("api_units"), key, page_size=3).json()
    assert first["count"] == 8 and len(first["results"]) == 3 and first["next"]
    last = get(client, reverse("api_units"), key, page_size=3, page=3).json()
    assert len(last["results"]) == 2 and last["next"] is None


def test_unusable_filter_numbers_name_nothing_and_never_fail(client, personas, tree, filed):
    """Regression: "²" (a digit to ``str.isdigit``, not to ``int``), a number past a 64-bit
    column (SQLite refuses it as a parameter) and a NUL byte in ``status`` (PostgreSQL refuses it)
    were answered 500. A filter that can name no object now matches nothing or is a 404."""
    key = key_for(personas.hq)
    huge = str(2**63)
    assert get(client, reverse("api_units"), key, parent=huge).json()["results"] == []
    assert get(client, reverse("api_units"), key, level=huge).json()["results"] == []
    assert get(client, reverse("api_units"), key, parent="0").json()["results"] == []
    assert len(get(client, reverse("api_units"), key, parent="²").json()["results"]) == 4  # not a number: ignored
    assert get(client, reverse("api_reports"), key, period=huge).json()["results"] == []
    assert get(client, reverse("api_reports"), key, status="submitted\x00").json()["results"] == []
    assert get(client, reverse("api_indicators"), key, version=huge).json()["results"] == []
    for url, params in ((reverse("api_indicators"), {"period": "²"}), (reverse("api_reports"), {"unit": "²"}),
                        (reverse("api_reports"), {"unit": huge}),
                        (reverse("api_unit_values", args=[tree.upper.pk]), {"period": huge})):
        assert get(client, url, key, **params).status_code == 404, (url, params)


def test_error_answers_are_in_the_schema(client, personas, tree, schema):
    """401, 403 and 404 are documented for every operation, with DRF's ``{"detail": …}`` body."""
    assert_matches_schema(schema, client.get(reverse("api_units")))
    assert_matches_schema(schema, get(client, reverse("api_unit", args=[tree.root.pk]), key_for(personas.sibling)))
    key = key_for(personas.officer)
    personas.officer.roles.all().delete()
    forbidden = get(client, reverse("api_reports"), key)
    assert forbidden.status_code == 403
    assert_matches_schema(schema, forbidden)
    paths = client.get(reverse("api_schema")).json()["paths"]
    for path, item in paths.items():
        assert {"200", "401", "403", "404"} <= set(item["get"]["responses"]), path
        assert all(p["schema"].get("minimum") == 1 for p in item["get"].get("parameters", []) if p["in"] == "path")


# --- Query counts -----------------------------------------------------------------------------------


def _grow(tree, period, personas, n):
    """``n`` more grassroots unions under upper, each with a submitted report of ``period``."""
    from reports.models import Indicator, ReportValue

    inds = list(Indicator.objects.filter(version=period.version)[:5])
    for i in range(n):
        unit = UnionFactory(parent=tree.upper, name=f"Công đoàn Công ty Dệt số {i + 1}", code=f"DET-{i}")
        report = UnitReport.objects.create(unit=unit, period=period, version=period.version,
                                           status=ReportStatus.SUBMITTED)
        ReportValue.objects.bulk_create([ReportValue(report=report, indicator=ind, entered_value=i) for ind in inds])


@pytest.mark.parametrize("name", ["api_units", "api_reports", "api_indicators", "api_periods", "api_indicator_sets"])
def test_query_counts_do_not_grow_with_the_page_size(client, personas, tree, filed, django_assert_num_queries,
                                                     name):
    key = key_for(personas.hq)
    get(client, reverse(name), key, page_size=1)  # warm up (last_used_at written once)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert len(get(client, reverse(name), key, page_size=1).json()["results"]) == 1
    _grow(tree, filed, personas, 12)
    with django_assert_num_queries(len(small.captured_queries)):
        rows = get(client, reverse(name), key, page_size=200).json()["results"]
    if name in ("api_units", "api_reports", "api_indicators"):
        assert len(rows) > 10


def test_unit_values_query_count_is_independent_of_the_subtree(client, personas, tree, filed,
                                                               django_assert_num_queries):
    key = key_for(personas.hq)
    url = reverse("api_unit_values", args=[tree.upper.pk])
    get(client, url, key, period=filed.pk)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        get(client, url, key, period=filed.pk)
    _grow(tree, filed, personas, 12)
    with django_assert_num_queries(len(small.captured_queries)):
        body = get(client, url, key, period=filed.pk).json()
    assert {r["code"]: r["reports"] for r in body["rolled_up"]}["pages"] == 14


# --- Schema and docs ----------------------------------------------------------------------------------


def test_schema_is_openapi_3_with_the_bearer_key(client, db):
    response = client.get(reverse("api_schema"))
    assert response.status_code == 200
    schema = json.loads(response.content)
    assert schema["openapi"].startswith("3.")
    assert schema["components"]["securitySchemes"]["apiKey"] == {
        "type": "http", "scheme": "bearer", "description": schema["components"]["securitySchemes"]["apiKey"][
            "description"]}
    assert {"/api/units/", "/api/units/{id}/values/", "/api/periods/", "/api/indicators/",
            "/api/reports/"} <= set(schema["paths"])
    assert all(op.get("get") and set(op) <= {"get", "parameters"} for op in schema["paths"].values())  # read-only


def test_not_found_says_the_same_vietnamese_sentence_and_names_no_model(client, personas, tree, filed, schema):
    """A unit outside the key's subtrees, a unit that does not exist, a period that does not exist
    and a page past the end all answer one translated sentence, never Django's "No Union matches
    the given query." (English, and naming the model behind the URL)."""
    key = key_for(personas.sibling)
    answers = [get(client, reverse("api_unit", args=[tree.root.pk]), key),
               get(client, reverse("api_unit", args=[10**9]), key),
               get(client, reverse("api_unit_values", args=[tree.sibling_unit.pk]), key, period=10**9),
               get(client, reverse("api_units"), key, page=99)]
    for response in answers:
        assert response.status_code == 404
        assert response.json() == {"detail": "Không tìm thấy dữ liệu này trong phạm vi đơn vị của khóa API."}
        assert_matches_schema(schema, response)
    client.cookies["django_language"] = "en"
    english = get(client, reverse("api_unit", args=[tree.root.pk]), key).json()["detail"]
    assert english == "Not found within the units this API key may see."
