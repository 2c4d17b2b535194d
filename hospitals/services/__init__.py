"""Use cases of the hospital network, one module per area: registry, pipeline, agreements, activity, expiry.

Every state change goes through workflow.services.perform_transition; the guards, clocks and notices of the
pipeline are declared in hospitals.workflows, not here.
"""
