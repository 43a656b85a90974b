"""Access to hot issues and misinformation, built on the user's scope (404 outside the user's reach).

Who sees a hot issue, its attachments, its line in a list, a search result or an export: officers
(officer, editor, admin roles) of the reporting unit and of its ancestors — never members, never
officers of sibling or lower units. The same rule holds for the misinformation log. The
assigned level is always on the reporting unit's chain, so one filter on ``unit__path`` covers both.
"""

from django.shortcuts import get_object_or_404

from unions.scope import scope_for

from .models import HotIssue, HotIssueAttachment, Misinformation, Rebuttal, TakedownRequest


def hot_issues_visible_to(user):
    return HotIssue.objects.filter(scope_for(user).filter("unit__path"))


def get_hot_issue_for_user(user, pk):
    qs = hot_issues_visible_to(user).select_related("unit", "assigned_unit__parent", "reported_by",
                                                    "acknowledged_by")
    return get_object_or_404(qs, pk=pk)


def get_attachment_for_user(user, pk, file_pk):
    qs = HotIssueAttachment.objects.filter(issue__in=hot_issues_visible_to(user).values("pk"))
    return get_object_or_404(qs, pk=file_pk, issue_id=pk)


def misinformation_visible_to(user):
    return Misinformation.objects.filter(scope_for(user).filter("unit__path"))


def get_misinformation_for_user(user, pk):
    qs = misinformation_visible_to(user).select_related("unit", "reported_by")
    return get_object_or_404(qs, pk=pk)


def get_takedown_for_user(user, pk):
    qs = TakedownRequest.objects.select_related("misinformation__unit").filter(
        misinformation__in=misinformation_visible_to(user).values("pk")
    )
    return get_object_or_404(qs, pk=pk)


def get_published_rebuttal(slug):
    """A published rebuttal (public), else 404."""
    return get_object_or_404(Rebuttal.objects.published().select_related("misinformation", "misinformation__unit"),
                             slug=slug)
