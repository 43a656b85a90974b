from drf_spectacular.extensions import OpenApiAuthenticationExtension


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.ApiTokenAuthentication"
    name = "apiKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A personal API key, created on the profile page: `Authorization: Bearer lt_…`.",
        }


# What every operation may answer besides its 200: DRF's error body, ``{"detail": "…"}``.
ERRORS = {
    "401": "No key, or a key that is unknown or revoked (`WWW-Authenticate: Bearer`).",
    "403": "The key's owner no longer holds an officer, editor or admin role.",
    "404": "No such object within the key owner's subtrees, a filter naming one, or a page past the end.",
}
THROTTLED = {"429": "Too many requests with this key (`API_THROTTLE_RATE`); `Retry-After` says when to retry."}


def document_errors(result, generator, request, public):
    """Postprocessing hook: the error answers of every operation, so clients (and the schema
    tests) know them (429 only when a rate limit is set); and path ids are positive, as the
    URLs' ``<int:pk>`` matches no sign (``/api/units/-1/`` is no API URL)."""
    from django.conf import settings

    errors = {**ERRORS, **(THROTTLED if settings.API_THROTTLE_RATE else {})}
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["Error"] = {
        "type": "object",
        "properties": {"detail": {"type": "string", "description": "What went wrong, in the portal's language."}},
        "required": ["detail"],
    }
    body = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    headers = {
        "401": {"WWW-Authenticate": {"schema": {"type": "string"}, "description": 'Bearer realm="api"'}},
        "429": {"Retry-After": {"schema": {"type": "string"}, "description": "Seconds to wait."}},
    }
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "path" and parameter["schema"].get("type") == "integer":
                    parameter["schema"].setdefault("minimum", 1)
            for code, description in errors.items():
                response = {"description": description, "content": body}
                if code in headers:
                    response["headers"] = headers[code]
                operation.setdefault("responses", {}).setdefault(code, response)
    return result
