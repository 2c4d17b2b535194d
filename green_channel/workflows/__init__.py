"""The green channel's processes, each declared once (DESIGN.md "Workflows")."""

from .deposit import DEPOSIT, DepositState, DepositTransitions

__all__ = ["DEPOSIT", "DepositState", "DepositTransitions"]
