"""Forms of the hospital network, one module per area."""
