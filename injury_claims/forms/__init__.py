"""Forms of the injury-claims app, one module per area."""
