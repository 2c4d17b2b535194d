"""Read side of the injury-claims app, one module per area."""

from .mediators import get_mediator_for_user, mediators_for

__all__ = ["get_mediator_for_user", "mediators_for"]
