"""Files in Bot API calls: uploads, file_ids, and image sizes read from the bytes."""

from __future__ import annotations

import struct

from .errors import ApiError, bad_request
from .spec import Upload
from .state import BotState, StoredFile
from .world import World

MAX_PHOTO_BYTES = 10 * 1024 * 1024
MAX_UPLOAD_BYTES = 50 * 1024 * 1024
MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024


def resolve_file(world: World, bot: BotState, value: object, kind: str,
                 uploads: dict[str, Upload]) -> StoredFile:
    """The file a photo/document parameter names: an upload, attach://name, or a file_id."""
    if isinstance(value, str) and value.startswith("attach://"):
        value = uploads.get(value[len("attach://"):])
        if value is None:
            raise bad_request("wrong file identifier/HTTP URL specified")
    if isinstance(value, Upload):
        return store_upload(world, bot, value, kind)
    text = str(value).strip()
    if text.startswith(("http://", "https://")):
        raise bad_request("failed to get HTTP URL content")  # the fake never goes online
    stored = bot.files.get(text)
    if stored is None:
        raise bad_request("wrong file identifier/HTTP URL specified")
    if stored.kind != kind:
        raise bad_request("type of file mismatch")
    return stored


def store_upload(world: World, bot: BotState, upload: Upload, kind: str) -> StoredFile:
    if not upload.data:
        raise bad_request("file must be non-empty")
    if len(upload.data) > MAX_UPLOAD_BYTES:
        raise ApiError(413, "Request Entity Too Large")
    if kind == "document":
        return world.store_file(bot, "document", upload.data, filename=upload.filename,
                                mime_type=upload.content_type or "application/octet-stream")
    if kind in ("voice", "audio"):  # the fake does not decode sound: its length is not known (0)
        return world.store_file(bot, kind, upload.data, filename=upload.filename,
                                mime_type=upload.content_type or ("audio/ogg" if kind == "voice" else "audio/mpeg"))
    width, height = check_photo(upload.data)
    return world.store_file(bot, "photo", upload.data, width=width, height=height)


def check_photo(data: bytes) -> tuple[int, int]:
    """(width, height) of a photo Telegram would accept, else its 400."""
    if len(data) > MAX_PHOTO_BYTES:
        raise bad_request("PHOTO_TOO_LARGE")  # photos are limited to 10 MB
    size = image_size(data)
    if size is None:
        raise bad_request("IMAGE_PROCESS_FAILED")
    width, height = size
    if width + height > 10000 or max(width, height) > 20 * min(width, height):
        raise bad_request("PHOTO_INVALID_DIMENSIONS")
    return width, height


def image_size(data: bytes) -> tuple[int, int] | None:
    """Width and height of a PNG, JPEG, GIF, WebP or BMP image; None if it is none of them."""
    for reader in (_png_size, _gif_size, _bmp_size, _webp_size, _jpeg_size):
        try:
            size = reader(data)
        except (struct.error, IndexError):
            size = None
        if size and size[0] > 0 and size[1] > 0:
            return size
    return None


def _png_size(data: bytes) -> tuple[int, int] | None:
    if data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR":
        return struct.unpack(">II", data[16:24])
    return None


def _gif_size(data: bytes) -> tuple[int, int] | None:
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return struct.unpack("<HH", data[6:10])
    return None


def _bmp_size(data: bytes) -> tuple[int, int] | None:
    if data[:2] == b"BM" and len(data) >= 26:
        width, height = struct.unpack("<ii", data[18:26])
        return width, abs(height)
    return None


def _webp_size(data: bytes) -> tuple[int, int] | None:
    if data[:4] != b"RIFF" or data[8:12] != b"WEBP":
        return None
    chunk = data[12:16]
    if chunk == b"VP8X":
        return 1 + int.from_bytes(data[24:27], "little"), 1 + int.from_bytes(data[27:30], "little")
    if chunk == b"VP8 ":
        width, height = struct.unpack("<HH", data[26:30])
        return width & 0x3FFF, height & 0x3FFF
    if chunk == b"VP8L":
        bits = int.from_bytes(data[21:25], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    return None


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    if data[:2] != b"\xff\xd8":
        return None
    pos = 2
    while pos + 9 < len(data):
        if data[pos] != 0xFF:
            return None
        marker = data[pos + 1]
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", data[pos + 5 : pos + 9])
            return width, height
        pos += 2 + struct.unpack(">H", data[pos + 2 : pos + 4])[0]
    return None
