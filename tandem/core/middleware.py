"""Request-wide rules: French first (the interface is French unless the person chose English), and no copy
of personal data left in caches."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import add_never_cache_headers


class FrenchFirstLocaleMiddleware:
    """Unlike Django's LocaleMiddleware, the browser's Accept-Language is not followed: a public service
    speaks French by default; English is an explicit choice (header switch or "my account")."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.available = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        if language not in self.available:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class NoStoreMiddleware:
    """`Cache-Control: no-store` on every response that may carry personal data.

    Rather than listing the pages that show a person (and forgetting the next one), the rule is broad:
    every response to a logged-in user and every API response, so that neither the browser's cache nor a
    shared proxy keeps a copy. Static files are left cacheable (WhiteNoise serves them before this runs).
    """

    API_PREFIX = "/api/"

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path_info.startswith(settings.STATIC_URL):
            return response
        user = getattr(request, "user", None)
        if request.path_info.startswith(self.API_PREFIX) or (user is not None and user.is_authenticated):
            add_never_cache_headers(response)
        return response
