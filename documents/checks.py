import shutil
import subprocess

from django.core.checks import Warning, register


@register()
def cjk_font_installed(app_configs, **kwargs):
    """Printed documents are Chinese: without a CJK font WeasyPrint would print empty boxes."""
    fc_list = shutil.which("fc-list")
    if not fc_list:
        return [Warning("fc-list not found: cannot check for a CJK font.", id="documents.W002")]
    out = subprocess.run(  # noqa: S603 -- fixed arguments, absolute path
        [fc_list, ":lang=zh", "family"], capture_output=True, text=True, check=False
    ).stdout
    if "Noto Sans CJK" not in out and "Noto Serif CJK" not in out:
        return [
            Warning(
                "No Noto CJK font installed: Chinese text in PDFs will not render.",
                hint="apt-get install fonts-noto-cjk (make run / make test do this).",
                id="documents.W001",
            )
        ]
    return []
