"""What views do with a bound form and a service."""

from .errors import ServiceError


def run_service(form, service, /, **kwargs):
    """Call ``service(**kwargs)`` for a valid form; a :class:`ServiceError` becomes the form's
    error, beside the field it names when the form has that field (else on the form as a whole).

    Returns ``(True, result)`` when the service ran, ``(False, None)`` when it refused::

        if form.is_valid():
            done, issue = run_service(form, services.hot_issue_report, actor=request.user, **data)
            if done:
                return redirect(issue)
    """
    try:
        return True, service(**kwargs)
    except ServiceError as exc:
        form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        return False, None
