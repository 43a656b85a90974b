"""Demo step for ``seed_demo``: the first reminder scan, so the bells already show what is due
(kits ending tomorrow and in a week, a review due tomorrow and one overdue, escalated upward)."""

from .models import Delivery
from .reminders import scan


def seed(context, stdout=None):
    result = scan()
    if stdout:
        stdout.write(f"Reminders: {result['claimed']} sent ({Delivery.objects.count()} deliveries)")
