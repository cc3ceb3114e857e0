"""Typed rejections: why a record could not go further, as data, not as an exception.

Pure functions return a ``Rejected`` instead of raising, so the stream can put the
original bytes on ``wire.deadletter`` with its stage and reason and move on. Reason
codes are short, bounded ``snake_case`` words: they become metric labels.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.models import DeadLetterStage

_REASON = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


@dataclass(frozen=True)
class Rejected:
    """A record refused at ``stage`` for ``reason`` (a bounded code), with a message for humans."""

    stage: DeadLetterStage
    reason: str
    message: str
    error_class: str = "Rejected"

    def __post_init__(self) -> None:
        if not _REASON.match(self.reason):
            raise ValueError(f"reason code {self.reason!r} is not a short snake_case word")

    @classmethod
    def from_exception(cls, stage: DeadLetterStage, reason: str, exc: BaseException) -> Rejected:
        return cls(
            stage=stage, reason=reason, message=str(exc)[:1000], error_class=type(exc).__name__
        )
