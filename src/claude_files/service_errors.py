"""ServiceError, and how SDK exceptions become one: plain words saying what happened and
what to do, never a key or token.

Apart from service.py so that code that only catches or shows a ServiceError never imports
the module that talks to the SDK. The SDK's exception classes are reached through the
`anthropic` module service.py hands in; this module does not import it.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum, auto
from typing import TYPE_CHECKING, Any

from .credentials import sanitise
from .text import clean

if TYPE_CHECKING:  # pragma: no cover - typing only
    from .service_types import Connection, Identity


class Then(Enum):
    """What the user does after a hint's advice, which each front end words its own way (the TUI
    with its keys, the CLI with commands): the errors never name a key."""

    NOTHING = auto()
    RETRY = auto()
    """Try again (the TUI's r reloads the list)."""
    LOOK_THEN_RETRY = auto()
    """It may have been done: see whether it was, then try again."""
    FREE_SPACE = auto()
    """Delete files no longer needed, then try again."""
    LIST_ALL = auto()
    """Files cannot be listed by session here: list them all instead."""


@dataclass(frozen=True)
class Hint:
    """What to do: `advice` in words every front end shows as they are, then a step it words."""

    advice: str = ""
    then: Then = Then.NOTHING

    def worded(self, steps: Mapping[Then, str]) -> str:
        """The hint in one front end's words: `steps` holds a template per step, `{advice}` in it."""
        if self.then is Then.NOTHING:
            return self.advice
        return steps[self.then].format(advice=self.advice)


TUI_STEPS: Mapping[Then, str] = {
    Then.RETRY: "{advice}, then press r to retry.",
    Then.LOOK_THEN_RETRY: "{advice}: press r to see, then retry.",
    Then.FREE_SPACE: "Delete files you no longer need (mark with space, then d), then retry.",
    Then.LIST_ALL: "Load all pages instead (End).",
}
"""The TUI's words (`ServiceError.text`); the CLI's are in commands/common.py."""


class ServiceError(Exception):
    """A failure told in the user's words: `message` says what happened, `hint` what to do
    (plain words, or a `Hint` whose step each front end words)."""

    def __init__(self, kind: str, message: str, hint: str | Hint = "", *, status: int | None = None) -> None:
        if isinstance(hint, str):
            hint = Hint(hint)
        message = clean(message)  # it carries the server's words: data, never control
        hint = Hint(clean(hint.advice), hint.then)
        super().__init__(f"{message} {hint.worded(TUI_STEPS)}".strip())
        self.kind = kind
        self.message = message
        self.hint = hint
        self.status = status

    @property
    def text(self) -> str:
        """The message and hint in the TUI's words."""
        return str(self)

    def worded(self, steps: Mapping[Then, str]) -> str:
        """The message and hint in another front end's words."""
        return f"{self.message} {self.hint.worded(steps)}".strip()


def describe_error(
    sdk: Any,
    error: BaseException,
    connection: Connection,
    identity: Identity,
    file_id: str | None = None,
    *,
    elapsed: float | None = None,
    waited: float | None = None,
) -> ServiceError:
    """Turn an SDK exception into words; the API key never survives into the text.

    `sdk` is the imported `anthropic` module, handed in so that this module never imports it.
    """
    key = connection.api_key
    if isinstance(error, ServiceError):
        return error
    if isinstance(error, sdk.CredentialsError):  # e.g. the profile's credentials file is missing
        return no_credentials(str(error), key)
    if type(error).__name__ == "WorkloadIdentityError":  # the token endpoint refused a refresh
        status = getattr(error, "status_code", None)
        why = f"the token endpoint answered {status}" if status else _redact(str(error), key)
        return ServiceError(
            "auth",
            f"The access token could not be refreshed ({why}).",
            Hint("Sign in again (`ant auth login`)", Then.RETRY),
            status=status,
        )
    unsendable = _unsendable_in(error, identity)
    if unsendable is not None:  # refused before sending (a line break) or by the server (a control character)
        return unsendable
    if isinstance(error, sdk.APIConnectionError):
        if isinstance(error, sdk.APITimeoutError):
            return _no_answer(identity, elapsed, waited)
        if _dropped(error):
            return ServiceError(
                "network",
                f"The connection to {identity.label} was dropped before it answered.",
                Hint("What was asked may have been done", Then.LOOK_THEN_RETRY),
            )
        return ServiceError(
            "network",
            f"Cannot reach {identity.label}.",
            Hint("Check the network or ANTHROPIC_BASE_URL", Then.RETRY),
        )
    if any(cls.__name__ == "TimeoutException" for cls in type(error).__mro__):
        return _no_answer(identity, elapsed, waited)  # a body that stopped flowing mid-stream
    if any(cls.__name__ == "TransportError" for cls in type(error).__mro__):
        # httpx errors while a body streams (download, answer) are not wrapped by the SDK.
        return ServiceError("network", f"The connection to {identity.label} broke off.", "Check the network, then retry.")
    if isinstance(error, sdk.APIStatusError):
        code = error.error_code
        api_message = sanitise(str(error.api_message or ""), (key, *_sent_secrets(error)))
        status = error.status_code
        subject = f"File {file_id}" if file_id else "The file"
        if code == "file_not_downloadable":
            return ServiceError(
                "not_downloadable",
                f"{subject} cannot be downloaded.",
                "Only files created by code execution or skills can be downloaded; uploads cannot.",
                status=status,
            )
        if code == "file_expired":
            return ServiceError(
                "expired", f"{subject} has expired; its content is gone.", "Delete it or upload it again.", status=status
            )
        if code == "storage_quota_exceeded":
            return ServiceError(
                "quota",
                "The organization's file storage is full.",
                Hint(then=Then.FREE_SPACE),
                status=status,
            )
        if status == 401:
            return _rejected(identity, status)
        if status == 403:
            return ServiceError("permission", "Permission denied (403).", api_message, status=status)
        if status == 404:
            return ServiceError("not_found", f"{subject} no longer exists (404).", "It was deleted elsewhere.", status=status)
        if status == 413:
            return ServiceError(
                "too_large", "The file is too large (413).", "The Files API takes files up to 500 MB.", status=status
            )
        if status == 429:
            return ServiceError(
                "rate_limited", "Rate limited (429), even after retries.", "Wait a moment, then retry.", status=status
            )
        if status == 529:
            return ServiceError("overloaded", "The API is overloaded (529).", "Wait a moment, then retry.", status=status)
        if status >= 500:
            return ServiceError("server", f"The server failed ({status}).", "Retry in a moment.", status=status)
        return ServiceError("bad_request", f"The request was refused ({status}): {api_message}", "", status=status)
    if isinstance(error, sdk.APIResponseValidationError):
        return ServiceError("server", "The server sent a response that could not be read.", "Retry in a moment.")
    if isinstance(error, OSError):
        return ServiceError("io", f"Local file error: {error.strerror or error}", "Check the path and permissions.")
    return ServiceError("unknown", f"Unexpected error: {_redact(type(error).__name__ + ': ' + str(error), key)}")


def _dropped(error: BaseException) -> bool:
    """The server was reached and the connection broke (reset, closed without a reply): unlike
    a refused or unresolved connect, the request may have been carried out."""
    cause = error.__cause__ or error.__context__
    names = {cls.__name__ for cls in type(cause).__mro__} if cause is not None else set()
    return bool(names & {"RemoteProtocolError", "ReadError", "WriteError"}) and not names & {"ConnectError"}


def _rejected(identity: Identity, status: int) -> ServiceError:
    """A 401, naming the credential that was sent (the key, the token, or the profile)."""
    if identity.credential == "ANTHROPIC_AUTH_TOKEN":
        return ServiceError(
            "auth",
            "The token in ANTHROPIC_AUTH_TOKEN was rejected (401).",
            Hint("Check ANTHROPIC_AUTH_TOKEN (and --workspace)", Then.RETRY),
            status=status,
        )
    if identity.profile in (None, "env"):
        return ServiceError(
            "auth",
            "The API key was rejected (401).",
            Hint("Check ANTHROPIC_API_KEY (and --workspace)", Then.RETRY),
            status=status,
        )
    return ServiceError(
        "auth",
        f"The token of profile {identity.profile} was rejected (401).",
        Hint("Sign in again (`ant auth login`) or check the profile's workspace", Then.RETRY),
        status=status,
    )


def header_flaw(value: str) -> str | None:
    """What stops `value` (a key or token) from going out in an HTTP header, in words; None if
    nothing does. Keys and tokens are visible ASCII only: a CRLF .env leaves a trailing CR."""
    if value.isascii() and value.isprintable() and " " not in value:
        return None
    if value != value.rstrip():
        return "a line break or space at its end (a .env file saved with CRLF line ends leaves one)"
    if value != value.lstrip():
        return "a space or line break at its start"
    if any(char in value for char in "\r\n"):
        return "a line break"
    if not value.isascii():
        return "a non-ASCII character"
    if " " in value:
        return "a space"
    return "a control character"


def unsendable_credential(name: str, flaw: str, *, kind: str = "no_key") -> ServiceError:
    """A key or token an HTTP header cannot carry: say which, never what it holds."""
    return ServiceError(
        kind,
        f"{name} holds characters an HTTP header cannot carry: {flaw}.",
        "Remove them (the value itself is not shown), then retry.",
    )


def _unsendable_in(error: BaseException, identity: Identity) -> ServiceError | None:
    """The credential the failed request carried, if a header could not carry it (a profile's
    token is only known once a request is built, so it is checked here, after the fact)."""
    headers = getattr(getattr(error, "request", None), "headers", None)
    if headers is None:
        return None
    sent = str(headers.get("x-api-key") or headers.get("authorization", "").removeprefix("Bearer ") or "")
    flaw = header_flaw(sent) if sent else None
    return unsendable_credential(identity.credential, flaw, kind="auth") if flaw else None


def _no_answer(identity: Identity, elapsed: float | None, waited: float | None) -> ServiceError:
    """A timeout, told as what the user saw: the server went silent, and for how long. Named as
    the SDK resolved it (the Connection has no URL when ANTHROPIC_BASE_URL gave it); the wait
    of each try only when there were several (a live check is one)."""
    how_long = f" for {_seconds(elapsed)}" if elapsed else ""
    retried = waited and (elapsed is None or elapsed > 1.5 * waited)
    quiet = f" (no data for {_seconds(waited)} on each try)" if retried and waited else ""
    return ServiceError(
        "timeout",
        f"{identity.label} did not answer{how_long}{quiet}.",
        "Check the network or the service's status, then retry.",
    )


def _seconds(value: float) -> str:
    if value < 10:
        return f"{value:.1f} s".replace(".0 ", " ")
    return f"{value:.0f} s" if value < 120 else f"{value / 60:.0f} min"


def _sent_secrets(error: Any) -> tuple[str, ...]:
    """The key or token that went out with the failed request (a profile's token is known
    to the SDK only), so a server repeating it back cannot get it shown."""
    request = getattr(error, "request", None)
    headers = getattr(request, "headers", None) or {}
    bearer = str(headers.get("authorization", ""))
    return tuple(value for value in (bearer.removeprefix("Bearer ").strip(), str(headers.get("x-api-key", ""))) if value)


def no_credentials(sdk_words: str, key: str | None) -> ServiceError:
    """Nothing the SDK could authenticate with; its own words (sanitised) say why."""
    words = _redact(sdk_words, key)
    message = f"No usable credentials: {words}" if words else "No API key, token or profile was found."
    return ServiceError("no_key", message, NO_CREDENTIALS_HINT)


def _redact(text: str, secret: str | None) -> str:
    """Known secrets (the key, a token from the environment) and anything shaped like one go."""
    return sanitise(text, (secret, os.environ.get("ANTHROPIC_API_KEY"), os.environ.get("ANTHROPIC_AUTH_TOKEN")))


NO_CREDENTIALS_HINT = "Export ANTHROPIC_API_KEY, run `ant auth login`, pick a profile with --profile, or try --demo."
