"""Use cases of the injury-claims app, one module per area."""

from .mediators import MEDIATOR_LETTER, issue_mediator_authorisation

__all__ = ["MEDIATOR_LETTER", "issue_mediator_authorisation"]
