"""Every user-facing string has its zh-Hans text, and the catalogue holds every string the source uses."""

import shutil
from pathlib import Path

import polib
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

PO = Path(settings.BASE_DIR) / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


def test_catalogue_has_no_empty_or_fuzzy_entries():
    catalogue = polib.pofile(str(PO))
    missing = [e.msgid for e in catalogue if not e.obsolete and (not e.translated() or "fuzzy" in e.flags)]
    assert missing == []


def test_catalogue_covers_every_source_string(tmp_path, monkeypatch):
    """Extract the strings from a copy of the source (makemessages would otherwise merge into the real catalogue)."""
    source = tmp_path / "src"
    shutil.copytree(
        settings.BASE_DIR,
        source,
        ignore=shutil.ignore_patterns(
            ".*", "var", "tests", "bench", "locale", "*.egg-info", "__pycache__", "node_modules"
        ),
    )
    (source / "locale").mkdir()
    monkeypatch.chdir(source)
    with override_settings(LOCALE_PATHS=[str(source / "locale")]):
        call_command("makemessages", locale=["zh_Hans"], no_location=True, verbosity=0)
    fresh = polib.pofile(str(source / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"))
    committed = {(e.msgctxt, e.msgid) for e in polib.pofile(str(PO)) if e.translated() and not e.obsolete}
    untranslated = sorted(e.msgid for e in fresh if (e.msgctxt, e.msgid) not in committed)
    assert len(fresh) > 100
    assert untranslated == [], "run `make messages` and translate these"
