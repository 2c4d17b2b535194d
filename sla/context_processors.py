import datetime

from django.utils import timezone

from .models import Delivery
from .selectors import calendar_gaps, is_hq_admin, unread_count


def clocks(request):
    """The bell's unread count for everyone; for HQ administrators, the missing-calendar banner and the
    deliveries that failed for good in the last week."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    context = {"unread_notifications": unread_count(user)}
    if is_hq_admin(user):
        context["calendar_gaps"] = calendar_gaps()
        context["failed_deliveries"] = Delivery.objects.filter(
            status=Delivery.Status.GAVE_UP, created_at__gte=timezone.now() - datetime.timedelta(days=7)
        ).count()
    return context
