"""The small error tree that handlers raise and dispatch turns into a polite reply."""


class DomainError(Exception):
    """Base: carries a message id already translated by the raiser, or a default."""

    def __init__(self, message: str = "") -> None:
        super().__init__(message)
        self.message = message


class InvalidInput(DomainError):
    pass


class NotAllowed(DomainError):
    pass


class NotFound(DomainError):
    pass


class StaleButton(InvalidInput):
    """Button data no kind accepts (forged, malformed, or from an older version): "this button is out of date"."""


class NotAChoice(InvalidInput):
    """Text where one of the offered options was expected: the options are shown again and nothing changes."""
