"""Pure rules for button-less channels: numbered options, picking by number or label, sentence splitting, phones."""
from __future__ import annotations

from bot.zalo.choices import pick, render_outcome, render_repeat, split_text
from handlers.conversation.events import ButtonPressed, ConversationRef, TextMessage
from handlers.conversation.i18n import translator
from handlers.conversation.replies import Button, Keyboard, Outcome, Reply
from handlers.people.phones import parse_phone

REF = ConversationRef("zalo_bot", "1", "c", "c")


def consent_outcome() -> Outcome:
    return Outcome(replies=[Reply("Xin chào"), Reply("Đồng ý?", buttons=((Button("✅ Tôi đồng ý", "consent:yes"),),
                                                                         (Button("✖ Không", "consent:no"),)))])


def test_buttons_become_numbered_lines_with_a_hint_and_are_remembered():
    rendered = render_outcome(consent_outcome(), translator("vi"))
    text = "\n".join(m.text for m in rendered.messages)
    assert "1. ✅ Tôi đồng ý" in text and "2. ✖ Không" in text and "số thứ tự" in text
    assert [c["data"] for c in rendered.choices] == ["consent:yes", "consent:no"]


def test_a_number_or_the_label_picks_an_option_and_anything_else_stays_text():
    choices = render_outcome(consent_outcome(), translator("vi")).choices
    assert pick(TextMessage(ref=REF, text=" 2 "), choices) == ButtonPressed(ref=REF, data="consent:no")
    assert pick(TextMessage(ref=REF, text="tôi đồng ý"), choices).data == "consent:yes"
    assert pick(TextMessage(ref=REF, text="3"), choices) == TextMessage(ref=REF, text="3")
    assert pick(TextMessage(ref=REF, text="0912345678"), choices).text == "0912345678"


def test_a_reply_that_picked_nothing_gets_the_same_options_again_with_the_range():
    choices = render_outcome(consent_outcome(), translator("vi")).choices
    again = render_repeat(choices, translator("vi"))
    text = "\n".join(m.text for m in again.messages)
    assert "Ông/Bà vui lòng trả lời bằng một số từ 1 đến 2." in text
    assert "1. ✅ Tôi đồng ý" in text and "2. ✖ Không" in text
    assert again.choices is None  # the numbers keep meaning what they meant


def test_the_contact_keyboard_offers_only_skip_since_the_number_is_typed():
    reply = Reply("Số điện thoại?", keyboard=Keyboard.REQUEST_CONTACT, keyboard_labels=("📱 Gửi số", "Bỏ qua"))
    rendered = render_outcome(Outcome(replies=[reply]), translator("vi"))
    assert rendered.choices == [{"label": "Bỏ qua", "text": "Bỏ qua"}]
    assert "📱" not in rendered.messages[0].text


def test_a_duplicate_update_leaves_the_offered_choices_alone():
    assert render_outcome(Outcome(), translator("vi")).choices is None


def test_long_text_is_cut_after_a_sentence_and_nothing_is_lost():
    text = "Một câu ngắn. " * 400
    parts = split_text(text, 2000)
    assert all(len(p) <= 2000 and p.endswith(".") for p in parts)
    assert " ".join(parts) == text.strip()
    assert [len(p) for p in split_text("x" * 4100, 2000)] == [2000, 2000, 100]


def test_vietnamese_mobile_numbers_are_accepted_in_their_usual_forms():
    assert parse_phone("0912 345 678") == parse_phone("+84 912.345.678") == parse_phone("84912345678") \
        == "+84912345678"
    assert parse_phone("12345") is None and parse_phone("0212345678") is None
