"""What every search engine answers to, and how it may fail."""


class EngineUnavailable(Exception):
    """The engine cannot be reached; callers degrade to the database."""


class EngineBusy(EngineUnavailable):
    """Another process holds the engine's single writer; try again shortly."""
