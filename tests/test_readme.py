from pathlib import Path

from django.conf import settings

from organization.demo import DEMO_PASSWORD, demo_usernames

README = (Path(settings.BASE_DIR) / "README.md").read_text(encoding="utf-8")


def test_readme_documents_the_demo_password_and_logins():
    assert DEMO_PASSWORD in README
    for username, _org, _role in demo_usernames():
        if username.startswith(("hq_", "jilin_")):
            assert f"`{username}`" in README, username
    assert "make run" in README and "make test" in README
