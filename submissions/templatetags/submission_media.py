"""Filters that split a submission's files for display: the video or audio player first, then the photos."""

from django import template

register = template.Library()


@register.filter
def players(media):
    """The video and audio files of ``media`` (a list or queryset of SubmissionMedia), in order."""
    return [m for m in media if m.kind != "image"]


@register.filter
def photos(media):
    """The photos of ``media``, in order."""
    return [m for m in media if m.kind == "image"]
