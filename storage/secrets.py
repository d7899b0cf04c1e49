"""Secrets at rest (channel tokens kept in the database): sealed with Fernet under DOITHOAI_SECRET_KEY.

A sealed value starts with "fernet:", so a plain value left by an older version is recognisable and can be
sealed in place. The key may list several comma-separated keys: the first seals, any of them opens, so a key
is rotated by putting the new one first, starting once (stored values are resealed), then dropping the old one.
"""
from __future__ import annotations

SEALED = "fernet:"
KEY_SETTING = "DOITHOAI_SECRET_KEY"
HOW_TO_MAKE = ('make one with: python -c "from cryptography.fernet import Fernet; '
               'print(Fernet.generate_key().decode())" (or: doithoai secret-key)')


class SecretKeyError(Exception):
    """The key is missing or malformed, or it cannot open what is stored; the message says what to do."""


def new_key() -> str:
    from cryptography.fernet import Fernet

    return Fernet.generate_key().decode()


def is_sealed(value: str) -> bool:
    return value.startswith(SEALED)


class SecretBox:
    """Seals and opens short secrets (tokens). The empty string stays empty: it means "none"."""

    def __init__(self, keys: str) -> None:
        from cryptography.fernet import Fernet, MultiFernet  # only deployments that store secrets load it

        parts = [key.strip() for key in keys.split(",") if key.strip()]
        if not parts:
            raise SecretKeyError(f"{KEY_SETTING} is not set: {HOW_TO_MAKE}.")
        try:
            self._fernet = MultiFernet([Fernet(key) for key in parts])
        except ValueError:
            raise SecretKeyError(f"{KEY_SETTING} is not a valid key (32 url-safe base64 bytes): "
                                 f"{HOW_TO_MAKE}.") from None

    def seal(self, plain: str) -> str:
        return SEALED + self._fernet.encrypt(plain.encode()).decode() if plain else ""

    def open(self, stored: str) -> str:
        """The plain value of a sealed one; a plain value is refused (reseal() first)."""
        from cryptography.fernet import InvalidToken

        if not stored:
            return ""
        if not is_sealed(stored):
            raise SecretKeyError("a stored secret is not encrypted; it is sealed at start-up")
        try:
            return self._fernet.decrypt(stored.removeprefix(SEALED).encode()).decode()
        except InvalidToken:
            raise SecretKeyError(f"{KEY_SETTING} cannot open the stored secrets: was the key changed? Put the new "
                                 "key first and the old one after it, comma-separated, for one start.") from None

    def reseal(self, stored: str) -> str:
        """A plain value sealed, a sealed one sealed again under the first key (after checking it opens)."""
        if not stored:
            return ""
        if not is_sealed(stored):
            return self.seal(stored)
        return self.seal(self.open(stored))
