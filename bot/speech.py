"""Speech to text for voice questions, when a commune has installed a model: optional, loaded once at start-up.

A Transcriber turns a recording's bytes into Vietnamese text. The one shipped here wraps faster-whisper, which is not
a dependency: it is imported only when SPEECH_MODEL_DIR is set, and the model is read from that folder alone
(local_files_only), never downloaded. Whatever goes wrong at loading (no folder, the package missing, a broken model)
is said once in the log, and voice questions are still taken: staff listen to them."""
from __future__ import annotations

import io
import logging
from pathlib import Path
from typing import Any, Protocol

log = logging.getLogger(__name__)
LANGUAGE = "vi"


class Transcriber(Protocol):
    def transcribe(self, audio: bytes) -> str:
        """The words spoken in the recording (OGG/Opus, MP3, M4A, …); blocking: run it in a thread."""
        ...


class WhisperTranscriber:
    """faster-whisper on the CPU, Vietnamese, with voice activity detection (silence is not transcribed)."""

    def __init__(self, model: Any) -> None:
        self.model = model

    def transcribe(self, audio: bytes) -> str:
        segments, _ = self.model.transcribe(io.BytesIO(audio), language=LANGUAGE, vad_filter=True, beam_size=5)
        return " ".join(segment.text.strip() for segment in segments).strip()


def load_transcriber(model_dir: str, *, compute_type: str = "int8") -> Transcriber | None:
    """The transcriber for the model in `model_dir`, or None (logged) when there is none to use."""
    if not model_dir:
        return None
    folder = Path(model_dir).expanduser()
    if not folder.is_dir():
        log.error("SPEECH_MODEL_DIR %s is not a folder: voice questions are kept without a transcript and staff "
                  "listen to them", folder)
        return None
    try:
        from faster_whisper import WhisperModel
    except ImportError:
        log.error("SPEECH_MODEL_DIR is set but faster-whisper is not installed (pip install faster-whisper): voice "
                  "questions are kept without a transcript and staff listen to them")
        return None
    try:
        model = WhisperModel(str(folder), device="cpu", compute_type=compute_type, local_files_only=True)
    except Exception as error:  # a folder that is not a CTranslate2 Whisper model, a truncated copy, …
        log.error("The speech model in %s could not be loaded (%s: %s): voice questions are kept without a "
                  "transcript and staff listen to them", folder, type(error).__name__, error)
        return None
    log.info("speech model loaded from %s: voice questions get a transcript the asker checks", folder)
    return WhisperTranscriber(model)
