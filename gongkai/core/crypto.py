"""Encryption of personal data at rest (AES-256-GCM via ``cryptography``), blind indexes for
matching without decrypting, and masking for lists.

Ciphertext format: ``v1:<base64url(nonce ‖ ciphertext ‖ tag)>``. The key is ``GONGKAI_DATA_KEY``
(32 bytes, base64); a separate key for blind indexes is derived from it with HKDF so an index
value never reveals the encryption key. Decryption happens only in selectors that check who is
asking and write an audit event.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import unicodedata
from functools import lru_cache

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from django.conf import settings

PREFIX = "v1:"


@lru_cache(maxsize=4)
def _keys(data_key: str) -> tuple[AESGCM, bytes]:
    raw = base64.urlsafe_b64decode(data_key.encode())
    index_key = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"gongkai-blind-index"
    ).derive(raw)
    return AESGCM(raw), index_key


def encrypt(value: str) -> str:
    if value in (None, ""):
        return ""
    aead, _ = _keys(settings.DATA_KEY)
    nonce = os.urandom(12)
    sealed = aead.encrypt(nonce, value.encode("utf-8"), b"gongkai")
    return PREFIX + base64.urlsafe_b64encode(nonce + sealed).decode()


def decrypt(token: str) -> str:
    if not token:
        return ""
    if not token.startswith(PREFIX):
        raise ValueError("unknown ciphertext format")
    aead, _ = _keys(settings.DATA_KEY)
    blob = base64.urlsafe_b64decode(token[len(PREFIX) :].encode())
    return aead.decrypt(blob[:12], blob[12:], b"gongkai").decode("utf-8")


def normalise_identifier(value: str) -> str:
    return unicodedata.normalize("NFKC", value or "").replace(" ", "").replace("-", "").upper()


def blind_index(value: str, *, purpose: str) -> str:
    """A keyed hash to find equal values (same ID number, same phone) without decrypting."""
    if not value:
        return ""
    _, index_key = _keys(settings.DATA_KEY)
    message = f"{purpose}:{normalise_identifier(value)}".encode()
    return hmac.new(index_key, message, hashlib.sha256).hexdigest()


# --- masking (脱敏) ------------------------------------------------------------------------------


def mask_name(name: str) -> str:
    name = (name or "").strip()
    if len(name) <= 1:
        return name
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


def mask_id_number(number: str) -> str:
    """``440***********1234``: the first three and last four characters."""
    number = normalise_identifier(number)
    if len(number) <= 7:
        return "*" * len(number)
    return number[:3] + "*" * (len(number) - 7) + number[-4:]


def mask_phone(phone: str) -> str:
    digits = normalise_identifier(phone)
    if len(digits) <= 7:
        return "*" * len(digits)
    return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]


def mask_address(address: str) -> str:
    address = (address or "").strip()
    return address[:6] + "****" if len(address) > 6 else "****" if address else ""


def mask_email(email: str) -> str:
    local, _, domain = (email or "").partition("@")
    if not domain:
        return mask_name(email)
    return (local[:1] + "***@" + domain) if local else email
