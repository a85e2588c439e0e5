from __future__ import annotations

from ninja.security import HttpBearer, django_auth

from gongkai.api.services import api_token_user


class TokenAuth(HttpBearer):
    """``Authorization: Bearer gk_…`` — a personal access token."""

    def authenticate(self, request, token: str):
        user = api_token_user(token)
        if user is not None:
            request.user = user
        return user


# Either a bearer token or the staff session (CSRF-checked for unsafe methods).
STAFF_AUTH = [TokenAuth(), django_auth]
