from django.dispatch import Signal

# Sent inside the transaction, right after the event row is written: open and close the deadlines the new
# state implies (sla registers here). Arguments: instance, event.
transition_applied = Signal()

# Sent after the transaction commits: notifications (inbox, e-mail, SMS). Arguments: instance, event.
event_committed = Signal()
