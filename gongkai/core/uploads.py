"""Uploaded files: size-limited, type sniffed from the content (never trusted from the name or
the browser's Content-Type), stored through Django storages under a random name.

A disguised file (an executable renamed ``.pdf``, a PDF named ``.docx``) is refused, and nothing
is stored for a refused file.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from pathlib import PurePath

import filetype

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from gongkai.core.errors import InvalidInput

MB = 1024 * 1024

# Allowed kinds: the extensions a user may give for each sniffed MIME type.
KINDS: dict[str, tuple[str, ...]] = {
    "application/pdf": (".pdf",),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": (".docx",),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": (".xlsx",),
    "image/jpeg": (".jpg", ".jpeg"),
    "image/png": (".png",),
    "image/gif": (".gif",),
    "image/webp": (".webp",),
}
DOCUMENT_KINDS = frozenset(KINDS)
IDENTITY_KINDS = frozenset({"application/pdf", "image/jpeg", "image/png"})


@dataclass(frozen=True)
class StoredFile:
    name: str  # storage path
    original_name: str
    content_type: str
    size: int
    sha256: str


def sniff(data: bytes) -> str | None:
    kind = filetype.guess(data)
    return kind.mime if kind else None


def validate_upload(
    *,
    data: bytes,
    filename: str,
    allowed: frozenset[str] = DOCUMENT_KINDS,
    max_bytes: int = 20 * MB,
) -> str:
    """Return the sniffed MIME type or raise InvalidInput naming the problem."""
    if not data:
        raise InvalidInput("文件为空", field="file", code="file_empty")
    if len(data) > max_bytes:
        raise InvalidInput(
            f"文件过大：{len(data) / MB:.1f} MB，上限为 {max_bytes // MB} MB",
            field="file",
            code="file_too_large",
        )
    mime = sniff(data)
    if mime not in allowed:
        names = "、".join(sorted({ext.lstrip(".").upper() for m in allowed for ext in KINDS[m]}))
        raise InvalidInput(f"不支持的文件类型（仅接受 {names}）", field="file", code="file_type")
    suffix = PurePath(filename).suffix.lower()
    if suffix not in KINDS[mime]:
        raise InvalidInput(
            f"文件内容与扩展名不符：内容为 {KINDS[mime][0].lstrip('.').upper()}，扩展名为 {suffix or '（无）'}",
            field="file",
            code="file_disguised",
        )
    return mime


def store_upload(
    *,
    data: bytes,
    filename: str,
    folder: str,
    allowed: frozenset[str] = DOCUMENT_KINDS,
    max_bytes: int = 20 * MB,
) -> StoredFile:
    """Validate, then save under ``folder/<random>.<ext>``; the original name is kept as data only."""
    mime = validate_upload(data=data, filename=filename, allowed=allowed, max_bytes=max_bytes)
    extension = KINDS[mime][0]
    name = default_storage.save(f"{folder}/{uuid.uuid4().hex}{extension}", ContentFile(data))
    return StoredFile(
        name=name,
        original_name=PurePath(filename).name[:200],
        content_type=mime,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
    )
