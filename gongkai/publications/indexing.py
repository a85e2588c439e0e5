"""The one place the search integration hooks into (issue: search).

Every service that makes a document appear in, change in, or disappear from the public catalogue
calls :func:`document_changed` with the saved document, inside the same transaction. It does
nothing yet; the search app replaces its body with a call to its index backend (index the
document when ``document.is_public``, remove it otherwise) — ideally deferred with
``transaction.on_commit`` so that a rolled-back publication is never indexed.
"""

from __future__ import annotations


def document_changed(document) -> None:
    """Called after ``document`` was published, updated while public, re-validated or
    withdrawn (``document.is_public`` says which)."""
    return None
