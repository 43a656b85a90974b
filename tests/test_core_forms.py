"""core.forms.run_service: what a view shows when a service refuses."""

from django import forms

from core.errors import ServiceError
from core.forms import run_service


class NoteForm(forms.Form):
    note = forms.CharField(required=False)


def _refuse(message, field):
    def service(**kwargs):
        raise ServiceError(message, field=field)
    return service


def test_a_refusal_about_a_field_of_the_form_is_shown_beside_it():
    form = NoteForm({"note": "x"})
    assert form.is_valid()
    assert run_service(form, _refuse("Ghi chú quá ngắn.", "note")) == (False, None)
    assert form.errors["note"] == ["Ghi chú quá ngắn."]


def test_a_refusal_about_a_field_the_form_lacks_is_shown_for_the_whole_form():
    form = NoteForm({"note": "x"})
    assert form.is_valid()
    assert run_service(form, _refuse("Vụ việc đã đóng.", "status"))[0] is False
    assert form.non_field_errors() == ["Vụ việc đã đóng."]


def test_the_result_of_a_service_that_ran_is_returned():
    form = NoteForm({"note": "x"})
    assert form.is_valid()
    assert run_service(form, lambda **kw: kw["n"] + 1, n=41) == (True, 42)
