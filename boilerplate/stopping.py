"""Stop signals: how a command takes SIGTERM and SIGHUP the way it takes Ctrl-C
(:func:`_stop_signals`, :func:`_stopped_how`: ``boilerplate clean``, ``label``, ``evaluate``
and ``train.py``), and how the runner holds Ctrl-C and those two back while it is inside
code that a stop must not cut short: the process pool's, and the opening of an output's
``.part`` file (:class:`_StopsHeld`, the one :data:`_HELD`).
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Callable, Iterator
from typing import Any


class _Stopped(KeyboardInterrupt):
    """SIGTERM or SIGHUP, taken the way Ctrl-C is: the run stops and removes its ``.part`` files."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


#: Signals that stop a command like Ctrl-C does (``timeout``, Slurm, systemd and
#: ``docker stop`` send SIGTERM; a closed terminal, SIGHUP), unless it started with them ignored (``nohup``).
STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))


def _stop(signum: int, frame: object) -> None:
    for s in STOP_SIGNALS:  # once: a second signal must not cut the clean-up short
        signal.signal(s, signal.SIG_IGN)
    raise _Stopped(signum)


@contextlib.contextmanager
def _stop_signals() -> Iterator[Callable[[], None]]:
    """Within the block, SIGTERM and SIGHUP stop the command as Ctrl-C does (:func:`_stop`) once
    the function it gives is called; leaving the block puts their handlers back as they were.

    A signal ignored from the start stays ignored (``nohup boilerplate clean …`` must outlive
    its terminal), so does one whose handler was set outside Python, and handlers are set only in the main thread (where Python lets them be
    set: ``main()`` may be called from a script's thread). The function is called first thing
    in the ``try`` that takes the stop, and the block holds that ``try`` whole: a stop landing
    as the handlers are set is taken as any other, and a second stop stays ignored until the
    command has said what stopped it (:func:`_stopped_how`).
    """
    main_thread = threading.current_thread() is threading.main_thread()
    # getsignal gives None for a handler set outside Python (an embedding program's): it could
    # not be put back, so that signal is left to it.
    stops = [s for s in STOP_SIGNALS if signal.getsignal(s) not in (signal.SIG_IGN, None)] if main_thread else []
    previous = {s: signal.getsignal(s) for s in stops}

    def take() -> None:
        for s in stops:
            signal.signal(s, _stop)

    try:
        yield take
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)


def _stopped_how(exc: KeyboardInterrupt) -> tuple[str, int]:
    """What stopped a command, as its message says it, and its exit code (128 + the signal's number).

    >>> _stopped_how(_Stopped(signal.SIGTERM)), _stopped_how(KeyboardInterrupt())
    (('stopped by SIGTERM', 143), ('interrupted', 130))
    """
    if isinstance(exc, _Stopped):
        return f"stopped by {signal.Signals(exc.signum).name}", 128 + exc.signum
    return "interrupted", 130


#: Signals whose Python handlers :class:`_StopsHeld` holds back: Ctrl-C, and the
#: SIGTERM and SIGHUP that ``boilerplate clean`` takes the way it takes Ctrl-C.
HELD_SIGNALS = (signal.SIGINT, *STOP_SIGNALS)

#: Seconds between two looks at a worker's result while the main thread waits for it:
#: a stop that arrives meanwhile is taken at the next look (see :class:`_StopsHeld`).
RESULT_POLL = 0.1


class _StopsHeld:
    """Stop signals held back while the main thread is inside the process pool's code.

    Python runs a signal's handler in the main thread between two bytecodes, wherever
    it is. Ctrl-C's ``KeyboardInterrupt`` (and ``boilerplate clean``'s SIGTERM and
    SIGHUP) raised inside ``ProcessPoolExecutor.submit`` or its shutdown can leave the
    pool half changed, and the run then hangs for good as it shuts the pool down (seen
    once, in a test run under load). Inside ``with held:`` such a signal is noted, and
    its handler runs as the outermost block ends: outside the pool's code. A wait for
    a worker's result is held in slices of :data:`RESULT_POLL` seconds
    (:meth:`result`), so a stop is still taken within a fraction of a second.

    :meth:`installed` puts the holding handler in front of each of
    :data:`HELD_SIGNALS` whose handler is a Python function (the main thread only: only
    there can handlers be set, and only there do they run).
    """

    def __init__(self) -> None:
        self.depth = 0  # of the main thread's held blocks: only there do handlers run
        self.handlers: dict[int, Callable[[int, Any], Any]] = {}
        self.pending: tuple[int, Any] | None = None

    @contextlib.contextmanager
    def installed(self) -> Iterator[None]:
        if threading.current_thread() is not threading.main_thread():
            yield
            return
        # Not this one's own handler: put in front once, by the outermost of nested installs.
        replaced = {s: h for s in HELD_SIGNALS if callable(h := signal.getsignal(s)) and h != self._handle}
        # Known before the holding handler is in front of them: a stop landing as it is put
        # there is passed on to them (or held), and their handlers are put back.
        self.handlers.update(replaced)
        try:
            for s in replaced:
                signal.signal(s, self._handle)
            yield
        finally:
            for s, handler in replaced.items():
                if signal.getsignal(s) == self._handle:  # not set aside by the handler itself (SIG_IGN)
                    signal.signal(s, handler)
                del self.handlers[s]

    def _handle(self, signum: int, frame: Any) -> None:
        if self.depth:
            self.pending = self.pending or (signum, frame)  # the first stop is the one taken
        else:
            self.handlers[signum](signum, frame)

    def __enter__(self) -> None:
        if threading.current_thread() is threading.main_thread():
            self.depth += 1

    def __exit__(self, *exc: object) -> None:
        if threading.current_thread() is not threading.main_thread():
            return  # a run in another thread holds nothing: no signal handler runs there
        self.depth -= 1
        if not self.depth and self.pending is not None:
            signum, frame = self.pending
            self.pending = None
            handler = self.handlers.get(signum)
            if handler is not None:
                handler(signum, frame)  # raises, as it would have inside

    def submit(self, pool: Any, fn: Callable[..., Any], *args: Any) -> Any:
        """``pool.submit(fn, *args)``, held."""
        with self:
            return pool.submit(fn, *args)

    def result(self, future: Any, between: Callable[[], None] | None = None) -> Any:
        """``future.result()``, held in slices of :data:`RESULT_POLL` seconds; ``between``,
        when given, is called (held too) after each slice that did not bring it."""
        from concurrent.futures import wait

        while True:
            with self:
                if wait([future], timeout=RESULT_POLL).done:
                    return future.result()
                if between is not None:
                    between()


_HELD = _StopsHeld()
