"""Forms of the green channel's pages: every error translated and specific."""
