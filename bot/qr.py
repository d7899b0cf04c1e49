"""QR code images of links (PNG), pure Python (qrcode with pypng), for printing and forwarding."""
from __future__ import annotations

from io import BytesIO


def qr_png(text: str, box_size: int = 8) -> bytes:
    """A PNG of a QR code holding text, with the standard quiet zone."""
    import qrcode  # here, not at start-up: only announcements carry a QR code (qrcode also loads PIL, ~5 MB)
    from qrcode.image.pure import PyPNGImage

    image = qrcode.make(text, image_factory=PyPNGImage, box_size=box_size, border=4)
    buffer = BytesIO()
    image.save(buffer)
    return buffer.getvalue()
