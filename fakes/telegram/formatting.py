"""Message text as Telegram renders it: HTML parse mode, entities, UTF-16 offsets.

The HTML parser follows tdlib's `parse_html`, including its error texts and its leniency:
an `&` that does not start a known entity (`&lt; &gt; &amp; &quot;` or `&#...;`) is kept as is,
while a stray `<` or an unknown tag is an error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import bad_request

_SPACE = {" ", "\t", "\r", "\n", "\v", ""}  # "" is the end of the text, a space to tdlib
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_TAGS = {
    "a", "b", "strong", "i", "em", "s", "strike", "del", "u", "ins", "span",
    "tg-spoiler", "tg-emoji", "pre", "code", "blockquote",
}
_SIMPLE = {
    "b": "bold", "strong": "bold", "i": "italic", "em": "italic", "u": "underline",
    "ins": "underline", "s": "strikethrough", "strike": "strikethrough",
    "del": "strikethrough", "span": "spoiler", "tg-spoiler": "spoiler",
}
_COMMAND = re.compile(r"(?<![\w/])/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?(?![\w/])")


class HtmlError(ValueError):
    """Text Telegram refuses with "can't parse entities: <message>"."""


def utf16_length(text: str) -> int:
    """Length in UTF-16 code units, the unit of Telegram's entity offsets."""
    return len(text.encode("utf-16-le")) // 2


def render(text: str, parse_mode: str | None, entities: list | None = None) -> tuple[str, list]:
    """(plain text, entities) of a text sent with `parse_mode` or explicit `entities`."""
    mode = (parse_mode or "").lower()
    if mode == "html":
        try:
            return parse_html(text)
        except HtmlError as error:
            raise bad_request(f"can't parse entities: {error}")
    if mode in ("", "none"):
        return text, list(entities or [])
    if mode in ("markdown", "markdownv2"):
        # Markdown modes are passed through unparsed: only HTML is emulated.
        return text, []
    raise bad_request("unsupported parse_mode")


def command_entities(text: str) -> list[dict]:
    """bot_command entities for every /command in a user's text, as Telegram adds them."""
    return [
        {"type": "bot_command", "offset": utf16_length(text[: m.start()]),
         "length": utf16_length(m.group())}
        for m in _COMMAND.finditer(text)
    ]


@dataclass
class _Open:
    tag: str
    argument: str
    offset: int
    start: int


def parse_html(html: str) -> tuple[str, list[dict]]:
    """Plain text and entities of Telegram-flavoured HTML, or HtmlError like Telegram's."""
    parser = _HtmlParser(html)
    parser.run()
    text = "".join(parser.out)
    for entity in parser.entities:
        if entity["type"] == "code":
            entity.pop("language", None)  # only pre keeps a language, as in tdlib
    if any("\ud800" <= ch <= "\udfff" for ch in text):
        raise HtmlError(
            "Text contains invalid Unicode characters after decoding HTML entities, "
            "check for unmatched surrogate code units"
        )
    return text, sorted(parser.entities, key=lambda e: (e["offset"], -e["length"]))


class _HtmlParser:
    def __init__(self, html: str):
        self.s = html
        self.i = 0
        self.out: list[str] = []
        self.units = 0
        self.open: list[_Open] = []
        self.entities: list[dict] = []

    def at(self, pos: int) -> str:
        return self.s[pos] if pos < len(self.s) else ""

    def byte(self, pos: int) -> int:
        return len(self.s[:pos].encode("utf-8", "surrogatepass"))

    def emit(self, ch: str) -> None:
        self.out.append(ch)
        self.units += 2 if ord(ch) > 0xFFFF else 1

    def run(self) -> None:
        while self.i < len(self.s):
            ch = self.s[self.i]
            if ch == "&":
                decoded, end = decode_entity(self.s, self.i)
                if decoded:
                    self.emit(decoded)
                    self.i = end
                    continue
            if ch != "<":
                self.emit(ch)
                self.i += 1
            elif self.at(self.i + 1) == "/":
                self.end_tag()
            else:
                self.start_tag()
        if self.open:
            raise HtmlError(f'Can\'t find end tag corresponding to start tag "{self.open[-1].tag}"')

    def start_tag(self) -> None:
        begin = self.i
        i = begin + 1
        while self.at(i) not in _SPACE and self.at(i) != ">":
            i += 1
        if self.at(i) == "":
            raise HtmlError(f"Unclosed start tag at byte offset {self.byte(begin)}")
        tag = self.s[begin + 1 : i].lower()
        if tag not in _TAGS:
            raise HtmlError(f'Unsupported start tag "{tag}" at byte offset {self.byte(begin)}')
        self.i = i
        attributes = self.attributes(tag, begin)
        self.i += 1
        argument = self.tag_argument(tag, attributes, begin)
        self.open.append(_Open(tag, argument, self.units, len(self.out)))

    def attributes(self, tag: str, begin: int) -> dict[str, str]:
        found: dict[str, str] = {}
        where = f'the tag "{tag}" at byte offset {self.byte(begin)}'
        while self.at(self.i) != ">":
            self.skip_spaces()
            if self.at(self.i) == ">":
                break
            name_start = self.i
            while self.at(self.i) not in _SPACE and self.at(self.i) not in ("=", ">"):
                self.i += 1
            name = self.s[name_start : self.i]
            if not name:
                raise HtmlError(f"Empty attribute name in {where}")
            self.skip_spaces()
            if self.at(self.i) != "=":
                if tag == "blockquote" and name == "expandable":
                    found[name] = "1"
                    continue
                raise HtmlError(f"Expected equal sign in declaration of an attribute of {where}")
            self.i += 1
            self.skip_spaces()
            if self.at(self.i) == "":
                raise HtmlError(f'Unclosed start tag "{tag}" at byte offset {self.byte(begin)}')
            found[name] = self.attribute_value()
            if self.at(self.i) == "":
                raise HtmlError(f"Unclosed start tag at byte offset {self.byte(begin)}")
        return found

    def attribute_value(self) -> str:
        quote = self.at(self.i)
        if quote not in ("'", '"'):
            start = self.i
            while _is_name_char(self.at(self.i)):
                self.i += 1
            if self.at(self.i) not in _SPACE and self.at(self.i) != ">":
                raise HtmlError(f"Unexpected end of name token at byte offset {self.byte(start)}")
            return self.s[start : self.i].lower()
        self.i += 1
        value: list[str] = []
        while self.at(self.i) not in (quote, ""):
            decoded, end = decode_entity(self.s, self.i) if self.s[self.i] == "&" else ("", 0)
            if decoded:
                value.append(decoded)
                self.i = end
            else:
                value.append(self.s[self.i])
                self.i += 1
        if self.at(self.i) == quote:
            self.i += 1
        return "".join(value)

    def skip_spaces(self) -> None:
        while self.at(self.i) != "" and self.at(self.i) in _SPACE:
            self.i += 1

    def tag_argument(self, tag: str, attributes: dict[str, str], begin: int) -> str:
        if tag == "a":
            return attributes.get("href", "")
        if tag == "code":
            css = attributes.get("class", "")
            return css[len("language-"):] if css.startswith("language-") else ""
        if tag == "span" and attributes.get("class") != "tg-spoiler":
            raise HtmlError(f'Tag "span" must have class "tg-spoiler" at byte offset {self.byte(begin)}')
        if tag == "tg-emoji":
            emoji_id = attributes.get("emoji-id", "")
            if not emoji_id.isdigit():
                raise HtmlError("Invalid custom emoji identifier specified")
            return emoji_id
        if tag == "blockquote":
            return attributes.get("expandable", "")
        return ""

    def end_tag(self) -> None:
        begin = self.i
        if not self.open:
            raise HtmlError(f"Unexpected end tag at byte offset {self.byte(begin)}")
        i = begin + 2
        while self.at(i) not in _SPACE and self.at(i) != ">":
            i += 1
        name = self.s[begin + 2 : i]
        while self.at(i) != "" and self.at(i) in _SPACE:
            i += 1
        if self.at(i) != ">":
            raise HtmlError(f"Unclosed end tag at byte offset {self.byte(begin)}")
        top = self.open[-1]
        if name and name != top.tag:
            raise HtmlError(
                f'Unmatched end tag at byte offset {self.byte(begin)}, '
                f'expected "</{top.tag}>", found "</{name}>"'
            )
        self.i = i + 1
        self.open.pop()
        if self.units > top.offset:
            self.close_entity(top)

    def close_entity(self, top: _Open) -> None:
        entity = {"offset": top.offset, "length": self.units - top.offset}
        last = self.entities[-1] if self.entities else None
        same_span = last is not None and (last["offset"], last["length"]) == (
            entity["offset"], entity["length"])
        if top.tag in _SIMPLE:
            entity["type"] = _SIMPLE[top.tag]
        elif top.tag == "blockquote":
            entity["type"] = "expandable_blockquote" if top.argument else "blockquote"
        elif top.tag == "tg-emoji":
            entity.update(type="custom_emoji", custom_emoji_id=top.argument)
        elif top.tag == "a":
            url = top.argument or "".join(self.out[top.start :])
            if not url or any(ch in _SPACE for ch in url):
                return
            entity.update(type="text_link", url=_absolute_url(url))
        elif top.tag == "pre" and same_span and last["type"] == "code" and last.get("language"):
            last["type"] = "pre"  # <code class="language-x"><pre>: one pre with a language
            return
        elif top.tag == "code" and same_span and last["type"] == "pre" and top.argument:
            last["language"] = top.argument  # <pre><code class="language-x">
            return
        else:
            entity["type"] = top.tag
            if top.argument:
                entity["language"] = top.argument
        self.entities.append(entity)


def decode_entity(text: str, pos: int) -> tuple[str, int]:
    """(character, end) of the HTML entity at `pos`, or ("", pos) when it is not one."""
    end = pos + 1
    if text[end : end + 1] == "#":
        end += 1
        hexadecimal = text[end : end + 1] == "x"
        end += hexadecimal
        digits = "0123456789abcdefABCDEF" if hexadecimal else "0123456789"
        start = end
        while end < len(text) and text[end] in digits:
            end += 1
        code = int(text[start:end], 16 if hexadecimal else 10) if end > start else 0
        if code == 0 or code >= 0x10FFFF or end - pos >= 10:
            return "", pos
        char = chr(code)
    else:
        while end < len(text) and text[end].isascii() and text[end].isalpha():
            end += 1
        char = _NAMED.get(text[pos + 1 : end], "")
        if not char:
            return "", pos
    return char, end + 1 if text[end : end + 1] == ";" else end


def _is_name_char(ch: str) -> bool:
    return (ch.isascii() and ch.isalnum()) or ch in (".", "-")


def _absolute_url(url: str) -> str:
    return url if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", url) else f"http://{url}"
