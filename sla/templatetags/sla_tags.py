from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def span(remaining) -> str:
    """A Remaining as "2 d 3 h 5 min" (only the parts that matter)."""
    days, hours, minutes = remaining.parts
    if days:
        return _("%(d)s d %(h)s h") % {"d": days, "h": hours}
    if hours:
        return _("%(h)s h %(m)s min") % {"h": hours, "m": minutes}
    return _("%(m)s min") % {"m": minutes}
