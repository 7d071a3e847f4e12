"""The features' typed errors, in a module of their own so that the error table can name them
without importing the search or the routine planner."""


class EmptyQuery(ValueError):
    """The query has nothing to search for."""


class NoStepsLeft(ValueError):
    """The options removed every step of the routine (e.g. --position standing)."""


class UnknownRoutine(LookupError):
    """No routine has that id; `known` lists the ids that exist."""

    def __init__(self, name: str, known: list[str]) -> None:
        super().__init__(f"no routine named {name!r}")
        self.name = name
        self.known = known


class NotForSelfCare(LookupError):
    """The query asks for something acupoint never suggests points for (starting labour); the
    message, from the catalogue's safety data, says why and whom to ask."""

    def __init__(self, topic: str, message: str) -> None:
        super().__init__(message)
        self.topic = topic
        self.message = message
