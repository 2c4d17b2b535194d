"""Cross-cutting middleware: language choice, security policy and messages as htmx toasts."""

from __future__ import annotations

import json

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

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


class RequestSizeLimitMiddleware:
    """Refuse a request body larger than settings.MAX_REQUEST_BYTES before anything reads it (413).

    The reverse proxy enforces the same limit in production (README, "Production": nginx `client_max_body_size`;
    gunicorn sets no body limit of its own). Forms keep their own, smaller limits with field-specific messages
    (a 10 MB scan, a 5 MB import); this is the ceiling for everything. A body without a length (chunked) cannot be
    measured up front and is refused with 411: browsers always send the length of a form.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = settings.MAX_REQUEST_BYTES
        raw = request.META.get("CONTENT_LENGTH") or ""
        chunked = "chunked" in request.META.get("HTTP_TRANSFER_ENCODING", "").lower()
        try:
            length = int(raw) if raw else 0
        except ValueError:
            length = -1
        if chunked and not raw:
            return self._refuse(request, 411, _("Send the request with its length (Content-Length)."))
        if length < 0:
            return self._refuse(request, 400, _("The request's Content-Length is not a number."))
        if length > limit:
            return self._refuse(
                request,
                413,
                _("The upload is too large: at most %(mb)s MB can be sent at once.")
                % {"mb": limit // (1024 * 1024)},
            )
        return self.get_response(request)

    @staticmethod
    def _refuse(request, status: int, message: str) -> HttpResponse:
        # Rendered without the shell's context processors: nothing else has run (no session, no user).
        body = render_to_string("request_refused.html", {"status": status, "message": message})
        response = HttpResponse(body, status=status)
        if request.headers.get("HX-Request"):
            response.headers["HX-Trigger"] = json.dumps(
                {"toast": {"messages": [{"level": "error", "text": message}]}}
            )
        response["Connection"] = "close"
        return response


class PrivateCacheMiddleware:
    """Pages and downloads for a signed-in person carry personal and business data: no cache may keep them
    (neither a shared proxy nor the browser's back-button store)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response.headers["Cache-Control"] = "private, no-store"
        return response
