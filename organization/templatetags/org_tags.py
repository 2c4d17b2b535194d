from decimal import Decimal, InvalidOperation

from django import template

from organization.roles import Role

register = template.Library()


@register.filter
def role_label(code: str) -> str:
    try:
        return Role(code).label
    except ValueError:
        return code


@register.filter
def mask_phone(phone: str) -> str:
    """Personal data is masked in lists: 138****5678."""
    if not phone or len(phone) < 7:
        return phone or "—"
    return f"{phone[:3]}****{phone[-4:]}"


@register.filter
def mask_email(email: str) -> str:
    """w***@example.com"""
    if not email or "@" not in email:
        return email or "—"
    name, domain = email.split("@", 1)
    return f"{name[:1]}***@{domain}"


@register.filter
def yuan(value) -> str:
    """Amounts as ¥1,234.00 in every language (DESIGN.md); empty for None."""
    if value is None or value == "":
        return ""
    try:
        amount = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return str(value)
    return f"¥{amount:,.2f}"
