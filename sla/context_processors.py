from .selectors import calendar_gaps, is_hq_admin, unread_count


def clocks(request):
    """The bell's unread count for everyone; the missing-calendar banner for HQ administrators."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    context = {"unread_notifications": unread_count(user)}
    if is_hq_admin(user):
        context["calendar_gaps"] = calendar_gaps()
    return context
