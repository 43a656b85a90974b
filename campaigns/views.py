from django.shortcuts import get_object_or_404, render

from .models import Campaign


def campaign_detail(request, slug):
    campaign = get_object_or_404(Campaign.objects.public(), slug=slug)
    return render(request, "campaigns/detail.html", {"campaign": campaign})
