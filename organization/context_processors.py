from .navigation import navigation_for


def shell(request):
    """What the base layout needs: the navigation for the user's roles and their org."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    return {"nav_items": navigation_for(user, request.path)}
