"""Checks on reply_markup the way Telegram refuses keyboards."""

from __future__ import annotations

from .errors import bad_request

_INLINE_ACTIONS = (
    "url", "callback_data", "web_app", "login_url", "switch_inline_query",
    "switch_inline_query_current_chat", "switch_inline_query_chosen_chat",
    "copy_text", "callback_game", "pay",
)
_MAX_CALLBACK_BYTES = 64


def check_reply_markup(markup: dict, inline_only: bool = False) -> dict:
    """The markup unchanged, or the 400 Telegram answers for it."""
    if "inline_keyboard" in markup:
        _check_inline_keyboard(markup["inline_keyboard"])
        return markup
    if inline_only:
        raise bad_request("can't parse inline keyboard markup JSON object")
    if "keyboard" in markup:
        _check_reply_keyboard(markup["keyboard"])
    elif not (markup.get("remove_keyboard") or markup.get("force_reply")):
        raise bad_request("can't parse reply keyboard markup JSON object")
    return markup


def callback_data(markup: dict | None) -> set[str]:
    """Every callback_data of an inline keyboard (empty for anything else)."""
    rows = (markup or {}).get("inline_keyboard") or []
    return {button.get("callback_data") for row in rows for button in row} - {None}


def _check_inline_keyboard(rows: object) -> None:
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad_request("can't parse inline keyboard markup JSON object")
    for row in rows:
        for button in row:
            _check_inline_button(button)


def _check_inline_button(button: object) -> None:
    if not isinstance(button, dict) or not isinstance(button.get("text"), str):
        raise bad_request('can\'t parse inline keyboard button: Field "text" must be of type String')
    actions = [name for name in _INLINE_ACTIONS if name in button]
    if not actions:
        raise bad_request("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard")
    if "callback_data" in button:
        data = button["callback_data"]
        if not isinstance(data, str) or not 1 <= len(data.encode("utf-8")) <= _MAX_CALLBACK_BYTES:
            raise bad_request("BUTTON_DATA_INVALID")
    if not button["text"]:
        raise bad_request("BUTTON_TEXT_INVALID")


def _check_reply_keyboard(rows: object) -> None:
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad_request("can't parse reply keyboard markup JSON object")
    for row in rows:
        for button in row:
            text = button if isinstance(button, str) else (button or {}).get("text")
            if not isinstance(text, str):
                raise bad_request('can\'t parse keyboard button: Field "text" must be of type String')
