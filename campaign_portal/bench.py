"""The floor view and the query counter of the benchmark settings (``settings_bench``)."""

from django.db import connection
from django.shortcuts import render


def floor(request):
    """The base template for the same user, with no content: the floor a page is compared with."""
    return render(request, "base.html", {})


class QueryCountMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        count = [0]

        def counter(execute, sql, params, many, context):
            count[0] += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counter):
            response = self.get_response(request)
            if getattr(response, "streaming", False) is False and hasattr(response, "render") and not response.is_rendered:
                response.render()
        response["X-Bench-Queries"] = str(count[0])
        return response
