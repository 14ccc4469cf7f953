"""What every engine of the comparison shares: the answer compared, and the interface timed."""

from __future__ import annotations

import abc
from decimal import Decimal
from pathlib import Path
from typing import NamedTuple, Optional, Sequence

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
RULES = ROOT / "rules" / "ktq" / "dxlab" / "2025.kisoku"

VERDICTS = ("eligible", "ineligible", "undetermined")


class Answer(NamedTuple):
    """What is compared between engines: the verdict and 助成額 in whole yen (None when unknown)."""

    verdict: str
    amount: Optional[int]

    def __str__(self) -> str:
        return f"{self.verdict}, 助成額 {'unknown' if self.amount is None else f'{self.amount}円'}"


def whole_yen(value: object) -> Optional[int]:
    """An engine's amount as whole yen; refuses a value with a fraction rather than rounding it."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise TypeError(f"an amount of yen, not {value!r}")
    if isinstance(value, int):
        return value
    if not isinstance(value, (float, Decimal)):
        raise TypeError(f"an amount of yen, not {value!r}")
    whole = int(value)
    if whole != value:
        raise ValueError(f"an amount of yen with a fraction: {value!r}")
    return whole


def pair(result: object) -> tuple[object, object]:
    """An engine's result that is a pair (a tuple or a list of two)."""
    if not isinstance(result, (tuple, list)) or len(result) != 2:
        raise TypeError(f"a pair, not {result!r}")
    return result[0], result[1]


class Engine(abc.ABC):
    """One way of deciding the DX LAB FY2025 applications.

    `prepare` loads and compiles the rules (not timed). `run` is what is timed: it takes every
    application as the JSON text the generator wrote and returns the engine's own results, one per
    application, without interpreting them; `answer` reads one result as an Answer (not timed).
    """

    key: str  # The name given to --only.
    title: str  # The row of the table.
    notes: str  # What the engine computes, and how it differs from kisoku.
    module: Optional[str] = None  # The Python package the engine needs.

    @abc.abstractmethod
    def prepare(self) -> None: ...

    @abc.abstractmethod
    def run(self, texts: Sequence[str]) -> Sequence[object]: ...

    @abc.abstractmethod
    def answer(self, result: object) -> Answer: ...
