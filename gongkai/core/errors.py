"""The one domain error family.

Services raise these; views turn them into field errors or messages, the API into an error code
and HTTP status, the CLI into a one-line message and a non-zero exit.
"""

from __future__ import annotations


class GongkaiError(Exception):
    """A rule was broken. ``code`` is stable (API clients depend on it); ``message`` is for people."""

    code = "error"
    http_status = 400

    def __init__(self, message: str, *, code: str | None = None, field: str | None = None):
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        self.field = field

    def as_dict(self) -> dict:
        data = {"code": self.code, "message": self.message}
        if self.field:
            data["field"] = self.field
        return data


class InvalidInput(GongkaiError):
    code = "invalid"
    http_status = 422

    def __init__(
        self,
        message: str,
        *,
        code: str | None = None,
        field: str | None = None,
        errors: dict[str, list[str]] | None = None,
    ):
        super().__init__(message, code=code, field=field)
        self.errors = errors or ({field: [message]} if field else {})

    def as_dict(self) -> dict:
        data = super().as_dict()
        if self.errors:
            data["errors"] = self.errors
        return data

    @classmethod
    def from_django(cls, exc) -> InvalidInput:
        """Turn a model ``ValidationError`` into field errors, keeping every message."""
        errors = {
            ("__all__" if k == "__all__" else k): [str(m) for m in v]
            for k, v in getattr(exc, "message_dict", {"__all__": exc.messages}).items()
        }
        field, messages = next(iter(errors.items()))
        return cls(messages[0], field=None if field == "__all__" else field, errors=errors)


class NotAllowed(GongkaiError):
    """The actor lacks the capability for this organ."""

    code = "forbidden"
    http_status = 403


class NotFound(GongkaiError):
    code = "not_found"
    http_status = 404


class Conflict(GongkaiError):
    """The object's state does not allow the operation (e.g. a workflow transition)."""

    code = "conflict"
    http_status = 409
