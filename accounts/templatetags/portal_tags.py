from django import template

register = template.Library()


@register.filter
def bs_widget(field):
    """Render a form field's widget with Bootstrap's classes and its error state."""
    input_type = getattr(field.field.widget, "input_type", None)
    css = "form-select" if input_type == "select" else "form-control"
    if field.errors:
        css += " is-invalid"
    attrs = {"class": css}
    if field.errors:
        attrs["aria-invalid"] = "true"
    return field.as_widget(attrs=attrs)
