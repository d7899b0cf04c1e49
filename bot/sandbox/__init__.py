"""The offline sandbox: embedded database, local Bot API server, the real bot and a phone-like web page."""
