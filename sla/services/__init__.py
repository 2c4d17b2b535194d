"""Use cases of the SLA engine, one module per area: deadlines, sweep, reminders, calendar_import."""
