"""The bad-input corpus (issue 14, point 2)."""
