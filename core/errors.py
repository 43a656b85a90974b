"""The one error type of the portal's services."""


class ServiceError(Exception):
    """A rule stopped the action; the message is for the user.

    ``field`` names the form field the message is about (``None``: the form as a whole), so a view
    can put it beside that field: ``form.add_error(exc.field, str(exc))``.
    """

    def __init__(self, message, *, field=None):
        super().__init__(message)
        self.field = field
