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
