"""Exceptions that carry their exit code; the CLI maps them in one funnel."""


class ExitCode:
    OK = 0
    FOUND = 1
    ERROR = 2
    INTERRUPTED = 130       # as a shell reports a process ended by SIGINT


class SecmarkError(Exception):
    """A failure the user can act on; key names its words in messages.COMMAND_ERRORS."""
    exit_code = ExitCode.ERROR

    def __init__(self, key: str, **args):
        super().__init__(key)
        self.key = key
        self.args_ = args


class UsageError(SecmarkError):
    """Arguments, paths or files the user gave that cannot be used."""


class Interrupted(SecmarkError):
    """Stopped by the user (Ctrl-C) after saying what was kept."""
    exit_code = ExitCode.INTERRUPTED


class ExtractionError(Exception):
    """Raised by an extractor for input it cannot read; becomes a Problem, never a crash.

    key is a message key (scanner.messages), code the finding code it turns into."""

    def __init__(self, key: str, code: str = "UNREADABLE", **args):
        super().__init__(key)
        self.key = key
        self.code = code
        self.args_ = args


class EncryptedError(ExtractionError):
    def __init__(self, fmt: str):
        super().__init__("encrypted", fmt=fmt)
