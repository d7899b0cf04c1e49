"""The sandbox in a real browser (Debian's Chromium, headless): a resident asks, the secretary answers."""
from __future__ import annotations

from playwright.async_api import expect

from tests.sandbox_harness import ChatPage, phone_browser, sandbox_on
from tests.telegram_harness import tiny_png

QUESTION = "Bao giờ đường vào thôn Lân Luông được đổ bê tông?"
ANSWER = "Xã đã bố trí vốn, tháng 3 năm 2027 sẽ thi công."


async def test_a_resident_asks_with_a_photo_and_the_secretary_answers_on_the_page(db, tmp_path):
    async with sandbox_on(db) as address, phone_browser() as page:
        chat = ChatPage(page, tmp_path)
        await page.goto(address)
        await expect(page.locator("h1")).to_contain_text("Đối thoại")
        await chat.be("Nguyễn Văn An")
        await chat.shot("01-resident-empty-chat")
        await chat.start()
        await chat.expect_bot_says("Kính chào Ông/Bà Nguyễn Văn An.")
        await chat.tap_key("Gửi câu hỏi")
        await chat.expect_bot_says("Hội nghị đối thoại quý IV")
        await chat.press("Đất đai")
        await chat.expect_bot_says("vui lòng nhập câu hỏi")
        photo = tmp_path / "giay-to.png"
        photo.write_bytes(tiny_png())
        await page.locator("#photo-input").set_input_files(str(photo))
        await chat.expect_bot_says("Đã nhận tệp (1)")
        await expect(page.locator(".msg.me img")).to_have_count(1)
        assert await page.locator(".msg.me img").evaluate("img => img.decode().then(() => img.naturalWidth)") == 1
        await chat.type(QUESTION)
        await chat.expect_bot_says("Tệp đính kèm: 1")
        await chat.shot("02-resident-reviews-question")
        await chat.press("Gửi")
        await chat.expect_bot_says("TT-0006")
        await chat.shot("03-resident-got-code")

        await chat.be("Lê Thị Thư")
        await chat.start()
        await page.locator("#menu-button").click()
        await page.locator("#commands button", has_text="/queue").click()
        await chat.expect_bot_says("chưa giải quyết: 4")
        await chat.press("TT-0006")
        await chat.expect_bot_says(QUESTION)
        await chat.press("Trả lời")
        await chat.expect_bot_says("Nhập nội dung trả lời câu hỏi TT-0006")
        await chat.type(ANSWER)
        await chat.expect_bot_says("Đã lưu. Người gửi câu hỏi TT-0006 sẽ nhận được thông báo.")
        await chat.shot("04-secretary-answered")

        await chat.be("Nguyễn Văn An")
        await chat.expect_bot_says("Câu hỏi TT-0006 của Ông/Bà đã được trả lời")
        await chat.expect_bot_says(ANSWER)
        await chat.shot("05-resident-reads-answer")


async def test_a_new_resident_registers_shares_a_contact_and_the_page_switches_to_english(db, tmp_path):
    async with sandbox_on(db) as address, phone_browser() as page:
        chat = ChatPage(page, tmp_path)
        await page.goto(address)
        await page.locator(".chip.new").click()
        await page.locator("#new-persona input[name=name]").fill("Vàng Thị Mai")
        await page.locator("#new-persona button.primary").click()
        await chat.expect_title_has("Vàng Thị Mai")
        await chat.press_exactly("Đồng ý")
        await chat.expect_bot_says("ra nước ngoài")
        await chat.press_exactly("Đồng ý")  # the transfer abroad (Telegram)
        await chat.type("Vàng Thị Mai")
        await chat.press("Thôn Bến Đá")
        await expect(page.locator(".reply-keyboard button", has_text="Gửi số điện thoại")).to_be_visible()
        await chat.shot("06-new-resident-phone-keyboard")
        await chat.tap_key("Gửi số điện thoại")
        await chat.expect_bot_says("Ông/Bà Vàng Thị Mai đã đăng ký xong")
        await expect(page.locator(".msg.me.contact, .msg.me .contact")).to_have_count(1)

        await page.locator(".chat-tabs button", has_text="Thôn Bến Đá").click()
        await chat.type("Chào bà con thôn Bến Đá!")
        await chat.be("Phạm Thị Hoa")
        await page.locator(".chat-tabs button", has_text="Thôn Bến Đá").click()
        await expect(page.locator(".msg.other", has_text="Chào bà con thôn Bến Đá!")).to_contain_text("Vàng Thị Mai")
        await chat.shot("07-village-group")

        await page.locator("button[data-lang=en]").click()
        await expect(page.locator("#text")).to_have_attribute("placeholder", "Type a message…")
        await expect(page.locator("html")).to_have_attribute("lang", "en")
        await expect(page.locator(".chip", has_text="Phạm Thị Hoa")).to_contain_text("Resident")
        await chat.shot("08-english")

