"""Questions asked by voice: through the local Bot API server (a Voice object, getFile, sendVoice) and the Zalo OA
fake, with a speech model stood in for by a `faster_whisper` module the test makes."""
from __future__ import annotations

import io
import logging
import sys
import types
from datetime import datetime, timedelta, timezone

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from bot.admin import add_commune
from bot.speech import load_transcriber
from storage.models import Question, VoiceQuestion
from handlers.questions.buttons import VOICE_TRANSCRIPT
from handlers.questions.voice import offer_transcript
from tests.fixtures import Chat, make_deps, poll, staff, start_question, two_channels
from tests.fixtures import register as register_chat
from tests.fixtures import add_commune as fixture_commune
from tests.telegram_harness import TOKEN, resident_registers, running_bot, staff_joins
from tests.zalo_harness import BOT_TOKEN, OAUser, number_of, register, running_zalo

RECORDING = b"OggS\x00\x02" + bytes(range(256)) * 8  # what the phone uploads; the fake keeps it byte for byte
HEARD = "Đường vào thôn Lân Luông bị sạt lở, khi nào sửa?"


# --- a stand-in for faster-whisper, made by the test ---------------------------------------------------------------
class Segment:
    def __init__(self, text: str) -> None:
        self.text = text


def stand_in_whisper(heard: str | None, *, loads: bool = True) -> types.ModuleType:
    """A `faster_whisper` module whose model hears `heard` in any recording (None: transcription fails) and checks
    it is read from the folder only; loads=False: the folder holds no usable model."""
    module = types.ModuleType("faster_whisper")

    class WhisperModel:
        def __init__(self, path: str, device: str = "auto", compute_type: str = "default",
                     local_files_only: bool = False) -> None:
            assert local_files_only, "a model must never be downloaded at run time"
            if not loads:
                raise RuntimeError("Unable to open file 'model.bin' in model '%s'" % path)

        def transcribe(self, audio, language: str = "", **options):
            assert audio.read() == RECORDING and language == "vi"
            if heard is None:
                raise RuntimeError("decoding failed")
            return iter([Segment(" " + word) for word in heard.split()]), None  # word by word, as segments come

    module.WhisperModel = WhisperModel
    return module


@pytest.fixture
def whisper(monkeypatch, tmp_path):
    """Install a stand-in model that hears `heard`; returns the model folder to name in SPEECH_MODEL_DIR."""
    def install(heard: str | None, *, loads: bool = True) -> str:
        monkeypatch.setitem(sys.modules, "faster_whisper", stand_in_whisper(heard, loads=loads))
        return str(tmp_path)
    return install


# --- helpers ---------------------------------------------------------------------------------------------------------
async def add_session_ahead(db, days: int = 20) -> int:
    """A session taking questions, far enough ahead that its intake is open on the real clock the bot runs on."""
    async with db.unit_of_work() as uow:
        commune = await uow.repo.commune_by_code("25252")
        row = await uow.repo.save_session(None, None, commune_id=commune.id, title="Đối thoại quý IV",
                                          state="announced", starts_at=datetime.now(timezone.utc) + timedelta(days=days),
                                          venue="Hội trường xã")
        await uow.commit()
        return row.id


async def speak_question(phone, resident: int, seconds: int = 42, *, general: bool = True) -> str:
    """/ask, the field, then a voice note where the question is typed: the review."""
    await phone.say(resident, "/ask")
    if general:
        await phone.press(resident, "General questions", expect=0)
    await phone.press(resident, "Land", expect=0)
    before = len(phone.fake.sent(TOKEN, resident))
    phone.fake.inject_message(TOKEN, resident, voice=(RECORDING, seconds))
    return await phone.read_new(resident, before)


async def voice_row(db) -> VoiceQuestion | None:
    async with db.unit_of_work() as uow:
        return await uow.session.scalar(select(VoiceQuestion))


# --- Telegram ----------------------------------------------------------------------------------------------------------
async def test_a_voice_note_is_a_question_staff_hear_counted_in_the_queue_and_the_report(db):
    await add_commune(db, "25252", "Thiện Tân", ["Thôn Lân Luông"])
    session_id = await add_session_ahead(db)
    async with running_bot(db) as (phone, app):
        resident = phone.person(5301, "Bà Lụa")
        await resident_registers(phone, resident)
        review = await speak_question(phone, resident, 42, general=False)
        assert "Question: [Câu hỏi bằng giọng nói, 0:42]" in review
        assert "voice message is kept with the question" in review
        assert "write down what it heard" not in review  # no speech model here
        assert "TT-0001" in await phone.press(resident, "Send", expect=0)

        secretary = phone.person(5302, "Thư")
        await staff_joins(phone, db, secretary)
        queue = await phone.say(secretary, "/queue")
        assert "open: 1" in queue
        card = await phone.press(secretary, "TT-0001")
        assert "[Câu hỏi bằng giọng nói, 0:42]" in card
        assert "🎤 Asked by voice (0:42)." in card and "No transcript: listen to the recording." in card
        await phone.press(secretary, "Listen to the question")
        heard = phone.fake.sent(TOKEN, secretary)[-1]
        assert heard.kind == "voice" and heard.file_bytes == RECORDING and heard.text == "TT-0001 · 0:42"

        await phone.say(secretary, f"/report {session_id}", expect=2)
        sheet = next(m for m in phone.fake.sent(TOKEN, secretary) if (m.filename or "").endswith(".xlsx"))
        cells = [c.value for row in load_workbook(io.BytesIO(sheet.file_bytes)).active.iter_rows() for c in row]
        assert "TT-0001" in cells  # one line per question, as for a typed one
        assert "TT-0001" in await phone.say(resident, "/mytickets")
    row = await voice_row(db)
    assert (row.kind, row.duration, row.transcript_state) == ("voice", 42, "none")


async def test_a_voice_note_longer_than_the_policy_is_refused_politely_and_typing_still_works(db):
    await add_commune(db, "25252", "Thiện Tân", ["Thôn Lân Luông"])
    async with running_bot(db) as (phone, app):
        resident = phone.person(5311, "Ông Tư")
        await resident_registers(phone, resident)
        refusal = await speak_question(phone, resident, 301)
        assert "Your voice message is 5:01 long; a question can be at most 5:00 long." in refusal
        review = await phone.say(resident, "Bao giờ làm đường?")
        assert "Question: Bao giờ làm đường?" in review
        assert "TT-0001" in await phone.press(resident, "Send", expect=0)
    assert await voice_row(db) is None


async def test_a_voice_note_outside_ask_says_how_to_ask_by_voice(db):
    await add_commune(db, "25252", "Thiện Tân", ["Thôn Lân Luông"])
    async with running_bot(db) as (phone, app):
        resident = phone.person(5321, "Bà Năm")
        await resident_registers(phone, resident)
        before = len(phone.fake.sent(TOKEN, resident))
        phone.fake.inject_message(TOKEN, resident, voice=(RECORDING, 5))
        assert "first send /ask" in await phone.read_new(resident, before)
    async with db.unit_of_work() as uow:
        assert await uow.session.scalar(select(Question)) is None


async def test_the_asker_confirms_the_transcript_and_staff_read_it_with_the_recording(db, whisper):
    await add_commune(db, "25252", "Thiện Tân", ["Thôn Lân Luông"])
    async with running_bot(db, speech_model_dir=whisper(HEARD), voice_seconds=0.2) as (phone, app):
        resident = phone.person(5331, "Bà Sáu")
        await resident_registers(phone, resident)
        review = await speak_question(phone, resident)
        assert "write down what it heard" in review
        await phone.press(resident, "Send", expect=0)
        offer = await phone.wait_for_text(resident, "the assistant heard")
        assert f"Question TT-0001: the assistant heard:\n“{HEARD}”" in offer
        assert "Staff will see the transcript you confirmed" in await phone.press(resident, "That's right", expect=0)

        secretary = phone.person(5332, "Thư")
        await staff_joins(phone, db, secretary)
        card = await phone.say(secretary, "/q TT-0001")
        assert f"Transcript (confirmed by the asker): {HEARD}" in card
        assert phone.find_button(secretary, "Listen to the question")


async def test_the_asker_corrects_the_transcript_by_typing_and_the_recording_stays(db, whisper):
    await add_commune(db, "25252", "Thiện Tân", ["Thôn Lân Luông"])
    async with running_bot(db, speech_model_dir=whisper("Đường vào thôn bị sạt lở"), voice_seconds=0.2) as (phone, app):
        resident = phone.person(5341, "Ông Bảy")
        await resident_registers(phone, resident)
        await speak_question(phone, resident)
        await phone.press(resident, "Send", expect=0)
        await phone.wait_for_text(resident, "the assistant heard")
        assert "Please type your question as you said it" in await phone.press(resident, "Correct it", expect=0)
        assert "Staff will read: “Cầu treo bản Khuổi bị hỏng”" in await phone.say(resident, "Cầu treo bản Khuổi bị hỏng")
        secretary = phone.person(5342, "Thư")
        await staff_joins(phone, db, secretary)
        card = await phone.say(secretary, "/q TT-0001")
        assert "Transcript (corrected by the asker): Cầu treo bản Khuổi bị hỏng" in card
        await phone.press(secretary, "Listen to the question")
        assert phone.fake.sent(TOKEN, secretary)[-1].file_bytes == RECORDING
    row = await voice_row(db)
    assert (row.transcript_state, row.transcript) == ("corrected", "Cầu treo bản Khuổi bị hỏng")


async def test_a_failing_transcription_keeps_the_question_and_staff_listen(db, whisper):
    await add_commune(db, "25252", "Thiện Tân", ["Thôn Lân Luông"])
    async with running_bot(db, speech_model_dir=whisper(None), voice_seconds=0.2) as (phone, app):
        resident = phone.person(5351, "Bà Tám")
        await resident_registers(phone, resident)
        await speak_question(phone, resident)
        assert "TT-0001" in await phone.press(resident, "Send", expect=0)

        async def failed():
            row = await voice_row(db)
            return row is not None and row.transcript_state == "failed"
        await poll(failed, what="the transcription to fail")
        secretary = phone.person(5352, "Thư")
        await staff_joins(phone, db, secretary)
        card = await phone.say(secretary, "/q TT-0001")
        assert "[Câu hỏi bằng giọng nói, 0:42]" in card and "No transcript: listen to the recording." in card
        assert not any("assistant heard" in text for text in phone.texts(resident))


@pytest.mark.parametrize("case", ["missing folder", "package not installed", "broken model"])
async def test_a_speech_model_that_cannot_be_loaded_is_logged_at_start_and_voice_questions_still_work(
        db, whisper, monkeypatch, tmp_path, caplog, case):
    folder = str(tmp_path / "no-such-model")
    if case == "package not installed":
        folder = str(tmp_path)
        monkeypatch.setitem(sys.modules, "faster_whisper", None)  # import fails as when it is not installed
    elif case == "broken model":
        folder = whisper(HEARD, loads=False)
    await add_commune(db, "25252", "Thiện Tân", ["Thôn Lân Luông"])
    with caplog.at_level(logging.ERROR, logger="bot.speech"):
        async with running_bot(db, speech_model_dir=folder, voice_seconds=0.2) as (phone, app):
            assert app.transcriber is None and not app.deps.transcripts
            resident = phone.person(5361, "Ông Chín")
            await resident_registers(phone, resident)
            review = await speak_question(phone, resident)
            assert "staff will listen to it" in review and "write down what it heard" not in review
            assert "TT-0001" in await phone.press(resident, "Send", expect=0)
    [line] = [r.getMessage() for r in caplog.records if r.name == "bot.speech"]
    assert "voice questions are kept without a transcript and staff listen to them" in line
    assert {"missing folder": "is not a folder", "package not installed": "faster-whisper is not installed",
            "broken model": "could not be loaded"}[case] in line
    assert (await voice_row(db)).transcript_state == "none"


def test_no_setting_no_model_and_nothing_logged(caplog):
    with caplog.at_level(logging.INFO, logger="bot.speech"):
        assert load_transcriber("") is None
    assert caplog.records == []


# --- Zalo Official Account ------------------------------------------------------------------------------------------
async def test_a_voice_message_to_the_communes_oa_is_a_question_whose_recording_is_kept(db):
    await add_commune(db, "25252", "Thiện Tân", ["Thôn Lân Luông", "Thôn Bến Đá"])
    async with running_zalo(db, settings_update={"voice_seconds": 0.2}) as (bot, oa, app):
        url = oa.recorded(RECORDING)
        user = OAUser(oa, "1840000000000000009")
        await register(user, start=False)
        sessions = await user.say("/ask")
        topics = await user.say(number_of(sessions, "Câu hỏi chung"))
        await user.say(number_of(topics, "Đất đai"))
        before = len(oa.sent(user.user_id))
        assert await oa.send_audio(user.user_id, url) == 200
        review = "\n".join(s.text for s in (await oa.wait_for_sent(user.user_id, before + 1))[before:])
        assert "Câu hỏi: [Câu hỏi bằng giọng nói]" in review
        assert "TT-0001" in await user.say(number_of(review, "Gửi"))

        async def kept():
            row = await voice_row(db)
            return row if row is not None and row.keep_state == "kept" else None
        row = await poll(kept, what="the Zalo recording to be kept")  # its address may expire: the bytes stay
        oa.expire_media()
    assert (row.channel, row.kind, row.file_id, row.duration, row.audio) == ("zalo_oa", "voice", url, 0, RECORDING)
    async with db.unit_of_work() as uow:
        question = await uow.session.scalar(select(Question))
        assert question.text == "[Câu hỏi bằng giọng nói]"


async def test_the_recording_is_in_the_askers_data_export_and_goes_when_they_withdraw(db):
    await add_commune(db, "25252", "Thiện Tân", ["Thôn Lân Luông"])
    async with running_bot(db) as (phone, app):
        resident = phone.person(5371, "Bà Mười")
        await resident_registers(phone, resident)
        await speak_question(phone, resident)
        await phone.press(resident, "Send", expect=0)
        async with db.unit_of_work() as uow:
            question = await uow.session.scalar(select(Question))
            exported = await uow.repo.personal_data(question.asker_id)
            assert [row["file_id"] for row in exported["voice_question"]] == [(await voice_row(db)).file_id]
            person = await uow.repo.get_person(question.asker_id)
            account = (await uow.repo.accounts_of(person.id))[0]
            await uow.repo.forget_person(person, account, datetime.now(timezone.utc))
            await uow.commit()
        secretary = phone.person(5372, "Thư")
        await staff_joins(phone, db, secretary)
        card = await phone.say(secretary, "/q TT-0001")
        assert "the recording was deleted" in card
        with pytest.raises(AssertionError):
            phone.find_button(secretary, "Listen to the question")
    assert (await voice_row(db)).file_id == ""


# --- one commune on two messengers ----------------------------------------------------------------------------------
async def test_a_kept_zalo_recording_reaches_a_telegram_staffer_as_a_sound_file(db):
    await fixture_commune(db)
    deps = await two_channels(db)
    secretary = await staff(db, deps, "8002", "secretary", "Lê Thư Ký")
    resident = Chat(deps, "z-7001", channel="zalo_bot")
    await register_chat(resident)
    await start_question(resident)
    review = await resident.attach("voice", "https://voice-talk.zdn.vn/a1/ghi-am.aac")
    assert "[Câu hỏi bằng giọng nói]" in review
    await resident.press("Send")
    async with db.unit_of_work() as uow:
        question = await uow.session.scalar(select(Question))
        voice = await uow.repo.voice_of(question.id)
        assert voice.keep_state == "waiting"
        await uow.repo.keep_audio(voice, RECORDING, "kept")
        await uow.commit()
    assert "🎤 Asked by voice." in await secretary.send(f"/q {question.code}")
    await secretary.press("Listen to the question")
    [reply] = secretary.outcomes[-1].replies
    assert (reply.attachment.kind, reply.attachment.content, reply.attachment.file_name) == \
        ("audio", RECORDING, "ghi-am.aac")


async def test_only_the_asker_answers_their_transcript_and_only_once(db):
    await fixture_commune(db)
    deps = await make_deps(db)
    deps.transcripts = True
    asker, other = Chat(deps, "7101"), Chat(deps, "7102")
    await register_chat(asker)
    await register_chat(other, "Trần Thị Bình")
    await start_question(asker)
    await asker.attach("voice", "AwACAgIAAxkBAAI-recording")
    await asker.press("Send")
    async with db.unit_of_work() as uow:
        voice = await uow.session.scalar(select(VoiceQuestion))
        assert voice.transcript_state == "pending"
        assert await offer_transcript(uow.repo, voice, "  Khi nào làm đường?  ", datetime.now(timezone.utc))
        await uow.commit()
    right = VOICE_TRANSCRIPT.build(answer="ok", id=voice.id)
    assert "no longer active" in await other.press_data(right)  # forged: someone else's transcript
    assert "Staff will see the transcript you confirmed" in await asker.press("That's right")
    assert "no longer active" in await asker.press_data(right)  # pressed again
    row = await voice_row(db)
    assert (row.transcript_state, row.transcript) == ("confirmed", "Khi nào làm đường?")


async def test_a_sound_file_is_a_question_too_and_goes_back_as_a_sound_file(db):
    await add_commune(db, "25252", "Thiện Tân", ["Thôn Lân Luông"])
    async with running_bot(db) as (phone, app):
        resident = phone.person(5381, "Ông Mười Một")
        await resident_registers(phone, resident)
        await phone.say(resident, "/ask")
        await phone.press(resident, "General questions", expect=0)
        await phone.press(resident, "Land", expect=0)
        before = len(phone.fake.sent(TOKEN, resident))
        phone.fake.inject_message(TOKEN, resident, audio=("cau-hoi.mp3", RECORDING, 75))
        assert "[Câu hỏi bằng giọng nói, 1:15]" in await phone.read_new(resident, before)
        await phone.press(resident, "Send", expect=0)
        secretary = phone.person(5382, "Thư")
        await staff_joins(phone, db, secretary)
        await phone.say(secretary, "/q TT-0001")
        await phone.press(secretary, "Listen to the question")
        heard = phone.fake.sent(TOKEN, secretary)[-1]
        assert (heard.kind, heard.file_bytes) == ("audio", RECORDING)


async def test_the_zalo_bot_platform_passes_no_recording_and_the_resident_is_asked_to_type(db):
    async with running_zalo(db) as (bot, oa, app):
        bot.bots[BOT_TOKEN].chats.add("5ab")  # the person has written to the bot before
        before = len(bot.sent(BOT_TOKEN, "5ab"))
        bot.inject_update(BOT_TOKEN, {"event_name": "message.voice.received",
                                      "message": {"from": {"id": "5ab", "display_name": "A", "is_bot": False},
                                                  "chat": {"id": "5ab", "chat_type": "PRIVATE"},
                                                  "message_id": "v-1", "date": 1}})
        sent = await bot.wait_for_sent(BOT_TOKEN, "5ab", before + 1)
        assert "tin nhắn thoại không chuyển được đến Trợ lý" in sent[-1].text
