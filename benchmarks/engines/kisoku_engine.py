"""kisoku: the rule file rules/ktq/dxlab/2025.kisoku, as a batch and one call per application."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional, Sequence, Union, overload

from common import RULES, Answer, Engine, whole_yen

if TYPE_CHECKING:
    import kisoku


class FrameRows(Sequence[tuple[object, object, object]]):
    """The rows of evaluate_many's DataFrame as (verdict, 助成額, error), read one at a time."""

    def __init__(self, frame: Any) -> None:
        self.frame = frame

    def __len__(self) -> int:
        return len(self.frame)

    @overload
    def __getitem__(self, i: int) -> tuple[object, object, object]: ...

    @overload
    def __getitem__(self, i: slice) -> Sequence[tuple[object, object, object]]: ...

    def __getitem__(self, i: Union[int, slice]) -> Any:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        row = self.frame.iloc[i]
        return (row["verdict"], row["助成額"], row["error"])


class KisokuBatch(Engine):
    """Program.evaluate_many over all the JSON texts at once; the result is a pandas DataFrame."""

    module = "kisoku"

    def __init__(self, threads: int = 1) -> None:
        self.threads = threads
        self.program: Optional[kisoku.Program] = None
        if threads == 1:
            self.key = "kisoku-batch"
            self.title = "kisoku Program.evaluate_many"
            self.notes = (
                "the reference; 1 thread; exact three-valued evaluation of every condition, check and "
                "document; each row: verdict, exact 助成額, failed conditions, missing inputs (a DataFrame)"
            )
        else:
            self.key = f"kisoku-batch-{threads}t" if threads else "kisoku-batch-all"
            self.title = f"kisoku Program.evaluate_many, {threads or 'all'} threads"
            self.notes = (
                f"for information, not used for the ratios: the same on {threads or 'one thread per core'} "
                "(reading and deciding the JSON texts run on the threads with the GIL released; making the "
                "result's Python objects does not)"
            )

    def prepare(self) -> None:
        import kisoku

        self.program = kisoku.load(RULES)

    def run(self, texts: Sequence[str]) -> Sequence[object]:
        assert self.program is not None
        frame = self.program.evaluate_many(list(texts), threads=self.threads or None)
        # The DataFrame is kisoku's own result; its rows are read only when answers are compared
        # (not timed), as other engines' results are.
        return FrameRows(frame)

    def answer(self, result: object) -> Answer:
        assert isinstance(result, tuple)
        verdict, amount, error = result
        if error:
            raise ValueError(f"kisoku refused the application: {error}")
        return Answer(str(verdict), whole_yen(amount))


class KisokuSingle(Engine):
    """Program.evaluate, one call per application: a full Decision each time."""

    key = "kisoku-single"
    title = "kisoku Program.evaluate (one call each)"
    notes = (
        "a full Decision per call (every condition, check, document, note and the explanation); "
        "verdict and amounts read, the rest written as JSON and parsed only if asked for"
    )
    module = "kisoku"

    def __init__(self) -> None:
        self.program: Optional[kisoku.Program] = None

    def prepare(self) -> None:
        import kisoku

        self.program = kisoku.load(RULES)

    def run(self, texts: Sequence[str]) -> Sequence[object]:
        assert self.program is not None
        evaluate = self.program.evaluate
        return [evaluate(t) for t in texts]

    def answer(self, result: object) -> Answer:
        import kisoku

        assert isinstance(result, kisoku.Decision)
        return Answer(result.verdict, whole_yen(result.amounts["助成額"]))
