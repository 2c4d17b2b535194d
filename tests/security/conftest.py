"""The security review reuses the injury-claims records (a claim of Jilin with two injured persons)."""

from tests.injury_claims.conftest import claim, follow_up_handler  # noqa: F401
