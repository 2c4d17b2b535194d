"""Cross-cutting middleware: language choice, security policy and messages as htmx toasts."""

from __future__ import annotations

import json

from django.conf import settings
from django.contrib import messages
from django.utils import translation
from django.utils.cache import patch_vary_headers

SUPPORTED = {code for code, _name in settings.LANGUAGES}


class LanguageMiddleware:
    """zh-hans unless the person chose otherwise with the switcher (a cookie).

    Deliberately ignores the browser's Accept-Language: staff use shared and English-configured browsers, and
    the product's working language is Chinese; English is an explicit choice.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in SUPPORTED:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ("Cookie",))
        return response


class ContentSecurityPolicyMiddleware:
    """Only our own scripts and styles run: htmx and the app script are vendored, nothing inline."""

    POLICY = (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
        "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'"
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith("/admin/"):
            response.headers.setdefault("Content-Security-Policy", self.POLICY)
        response.headers.setdefault("Permissions-Policy", "camera=(self), geolocation=(), microphone=()")
        return response


class HtmxMessagesMiddleware:
    """For htmx requests, Django messages travel as an HX-Trigger 'toast' event instead of waiting for a page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            not getattr(request, "htmx", False)
            or "HX-Redirect" in response.headers
            or (response.status_code >= 300 and response.status_code < 400)
        ):
            return response
        toasts = [{"level": m.level_tag, "text": str(m)} for m in messages.get_messages(request)]
        if not toasts:
            return response
        triggers = {}
        if "HX-Trigger" in response.headers:
            raw = response.headers["HX-Trigger"]
            try:
                triggers = json.loads(raw)
            except ValueError:
                triggers = {name.strip(): None for name in raw.split(",")}
        triggers["toast"] = {"messages": toasts}
        # ASCII only: HTTP headers are latin-1, Chinese travels as \\u escapes that JSON.parse restores.
        response.headers["HX-Trigger"] = json.dumps(triggers)
        return response
