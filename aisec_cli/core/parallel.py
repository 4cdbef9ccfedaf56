"""Spread per-file work over the machine's cores (process pool, fork where available).

The worker function and its state are set once per process by an initializer, so compiled
rules are built once per worker, not once per file. :func:`beside` runs one long call (the
checklist's history scan) in a process of its own while the caller does other work.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from aisec_cli.core import evidence

if TYPE_CHECKING:  # the pool modules are imported only when a pool starts (not by a small run)
    from concurrent.futures import Future, ProcessPoolExecutor

T = TypeVar("T")
R = TypeVar("R")

# Below this many items a pool costs more than it saves.
MIN_PARALLEL_ITEMS = 64


def cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


# Workers per core at most: the work is CPU-bound, and ``jobs`` may come from the scanned
# repository's own config (``jobs = 1024`` would fork that many processes at once).
MAX_WORKERS_PER_CORE = 4


def workers(jobs: int) -> int:
    """How many worker processes ``jobs`` asks for (0: one per core), bounded by the cores."""
    cores = cpu_count()
    return min(jobs or cores, MAX_WORKERS_PER_CORE * cores)


def batched(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _pool(jobs: int, initializer: Callable[..., Any] | None, initargs: tuple[Any, ...]) -> ProcessPoolExecutor:
    """A process pool of ``jobs`` workers (fork where available)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    # a spawned worker does not inherit the masking net's key finder: hand it over
    setup = (evidence.key_finder(), initializer, initargs)
    return ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_start_worker, initargs=setup)


def _start_worker(
    finder: evidence.KeyFinder | None, initializer: Callable[..., Any] | None, initargs: tuple[Any, ...]
) -> None:
    if finder is not None:
        evidence.register_key_finder(finder)
    if initializer is not None:
        initializer(*initargs)


def run_batches(
    work: Callable[[Sequence[T]], R],
    items: Sequence[T],
    jobs: int = 0,
    initializer: Callable[..., Any] | None = None,
    initargs: tuple[Any, ...] = (),
    batch_size: int = 64,
) -> Iterator[R]:
    """``work`` over batches of ``items``, in order, in ``jobs`` processes (0: all cores)."""
    jobs = workers(jobs)
    if jobs <= 1 or len(items) < MIN_PARALLEL_ITEMS:
        if initializer is not None:
            initializer(*initargs)
        for batch in batched(items, batch_size):
            yield work(batch)
        return
    with _pool(jobs, initializer, initargs) as pool:
        yield from pool.map(work, batched(items, batch_size))


def map_stream(
    work: Callable[[T], R],
    items: Iterable[T],
    jobs: int = 0,
    initializer: Callable[..., Any] | None = None,
    initargs: tuple[Any, ...] = (),
    window: int = 0,
) -> Iterator[tuple[T, R]]:
    """``(item, work(item))`` for a stream of ``items``, in order, in ``jobs`` processes.

    At most ``window`` items (default: two per process) are in flight, so a stream of any
    length (the chunks of a large file) is handled in flat memory. ``jobs`` <= 1 runs inline.
    """
    jobs = workers(jobs)
    if jobs <= 1:
        if initializer is not None:
            initializer(*initargs)
        for item in items:
            yield item, work(item)
        return
    pending: deque[tuple[T, Future[R]]] = deque()
    limit = window or 2 * jobs
    pool = _pool(jobs, initializer, initargs)
    try:
        for item in items:
            pending.append((item, pool.submit(work, item)))
            if len(pending) >= limit:
                done, future = pending.popleft()
                yield done, future.result()
        while pending:
            done, future = pending.popleft()
            yield done, future.result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


class Beside(Generic[R]):
    """A call running beside the caller's own work; :meth:`result` waits for its value."""

    def __init__(self, future: Future[R]) -> None:
        self._future = future

    def result(self) -> R:
        """The call's value; its exception, or ``BrokenProcessPool`` when its process died."""
        return self._future.result()


_BESIDE: Callable[[], Any] | None = None  # the call, in the process forked for it


def _set_beside(call: Callable[[], Any]) -> None:
    global _BESIDE
    _BESIDE = call


def _run_beside() -> Any:
    assert _BESIDE is not None
    return _BESIDE()


def beside(call: Callable[[], R], jobs: int = 0, name: str = "aisec-beside") -> Beside[R]:
    """Start ``call`` beside the caller: in a process of its own when ``jobs`` (0: all cores)
    allows more than one and processes can be forked (the call and what it reaches are
    inherited, never pickled; its value is pickled back), else in a thread named ``name``.

    In a process it shares no lock and no interpreter with the caller: it takes a core of its
    own while the caller's pool works, and a pool forked later cannot inherit a lock it holds.
    Fork it once the caller's own pool runs (a worker forked while it holds a lock waits forever).
    """
    import multiprocessing
    from concurrent.futures import ThreadPoolExecutor

    jobs = workers(jobs)
    pool: ProcessPoolExecutor | ThreadPoolExecutor
    if jobs > 1 and "fork" in multiprocessing.get_all_start_methods():
        pool = _pool(1, _set_beside, (call,))
        future = pool.submit(_run_beside)
    else:
        pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix=name)
        future = pool.submit(call)
    pool.shutdown(wait=False)  # the worker ends with the call
    return Beside(future)
