"""PDF copies of generated documents through LibreOffice, when it is installed (otherwise no converter)."""
from __future__ import annotations

import asyncio
import logging
import shutil
import tempfile
from pathlib import Path
from typing import Awaitable, Callable

log = logging.getLogger(__name__)
Converter = Callable[[bytes], Awaitable[bytes | None]]


def pdf_converter(timeout: float = 60.0) -> Converter | None:
    """An async docx → PDF converter using `soffice --headless`, or None when LibreOffice is not installed."""
    binary = shutil.which("soffice") or shutil.which("libreoffice")
    if binary is None:
        return None

    async def convert(docx: bytes) -> bytes | None:
        with tempfile.TemporaryDirectory(prefix="doithoai-pdf-") as folder:
            source = Path(folder) / "document.docx"
            source.write_bytes(docx)
            # a private profile per run: concurrent conversions must not share LibreOffice's lock file
            process = await asyncio.create_subprocess_exec(
                binary, "--headless", f"-env:UserInstallation=file://{folder}/profile", "--convert-to", "pdf",
                "--outdir", folder, str(source), stdout=asyncio.subprocess.DEVNULL,
                stderr=asyncio.subprocess.DEVNULL)
            try:
                await asyncio.wait_for(process.wait(), timeout)
            except TimeoutError:
                process.kill()
                log.warning("PDF conversion timed out after %ss", timeout)
                return None
            result = Path(folder) / "document.pdf"
            return result.read_bytes() if result.exists() else None

    return convert
