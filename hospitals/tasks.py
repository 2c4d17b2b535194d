"""Celery tasks of the hospital network: thin wrappers taking ids."""

from __future__ import annotations

from celery import shared_task

from . import imports


@shared_task(acks_late=True, ignore_result=True)
def run_import(import_id: int, language: str | None = None) -> None:
    """Validate and run a registry import (all or nothing). Does nothing once the import is done or failed."""
    imports.process_import(import_id, language=language)


@shared_task(acks_late=True, ignore_result=True)
def agreement_expiry_reminders() -> int:
    """Daily (beat): reminders at 90, 60 and 30 days before an agreement ends; renewal due at 90 days."""
    from .services.expiry import send_expiry_reminders

    return send_expiry_reminders()
