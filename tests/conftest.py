"""Shared test configuration: hypothesis profiles, and a guard that nothing outlives its test."""

import os
import re
import threading
import time

import psutil
import pytest
import tqdm
from hypothesis import HealthCheck, settings

# Derandomised in CI so a run is repeatable; a local `HYPOTHESIS_PROFILE=explore`
# run searches new examples.
settings.register_profile(
    "ci", derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("explore", deadline=None, max_examples=1000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

# tqdm starts a "tqdm_monitor" thread with its first bar, even a disabled one, and stops it
# only when a bar closes with none left open: whichever test first trains a model
# (lrlib.pytorch.train) would leave it running. The monitor only tunes refresh rates.
tqdm.tqdm.monitor_interval = 0

#: Seconds a thread or child process a test started may take to finish after the test.
LEAK_GRACE = 2.0

#: Threads a test may start that belong to a longer-lived owner: the workers of an asyncio
#: event loop's default executor (Playwright's loop in tests/e2e, a module-scoped fixture)
#: start on first use and end when that loop closes.
OWNED_ELSEWHERE = re.compile(r"asyncio_\d+")


def _live_children(pids_before: set[int]) -> list[psutil.Process]:
    """Child processes of this one started since ``pids_before``, with their descendants.

    Descendants of children that were already running belong to a longer-lived
    fixture (a JupyterLab server, a browser): that fixture answers for them.
    Zombies have exited already and are not counted.
    """
    found = []
    for child in psutil.Process().children():
        if child.pid in pids_before:
            continue
        try:
            family = [child, *child.children(recursive=True)]
        except psutil.NoSuchProcess:
            continue
        for process in family:
            try:
                if process.status() != psutil.STATUS_ZOMBIE:
                    found.append(process)
            except psutil.NoSuchProcess:
                pass
    return found


def _describe(process: psutil.Process) -> str:
    try:
        return f"process {process.pid} ({' '.join(process.cmdline())[:120] or process.name()})"
    except psutil.Error:
        return f"process {process.pid}"


def leftovers(threads_before: set[threading.Thread], pids_before: set[int], grace: float) -> list[str]:
    """What was started since the snapshot and is still running after ``grace`` seconds.

    Threads are joined and processes waited for until the grace runs out, so a
    test whose helpers finish promptly once it ends is not reported. Dummy threads
    (foreign threads that merely called into Python) cannot be joined and are skipped.
    Leftover processes are killed once reported; a thread cannot be.
    """
    deadline = time.monotonic() + grace
    still = []
    for thread in threading.enumerate():
        if (thread in threads_before or isinstance(thread, threading._DummyThread)
                or OWNED_ELSEWHERE.fullmatch(thread.name)):
            continue
        thread.join(max(0.0, deadline - time.monotonic()))
        if thread.is_alive():
            still.append(f"thread {thread.name!r} (daemon={thread.daemon})")
    children = _live_children(pids_before)
    _, alive = psutil.wait_procs(children, timeout=max(0.0, deadline - time.monotonic()))
    still += [_describe(process) for process in alive]
    for process in alive:  # reported; now stopped, so one leaky test does not disturb the next
        try:
            process.kill()
        except psutil.Error:
            pass
    psutil.wait_procs(alive, timeout=5)
    return still


@pytest.fixture(autouse=True)
def _nothing_outlives_the_test(request):
    """Fail the test (at teardown, naming it) if it leaves a thread or child process running.

    Autouse fixtures of this conftest are set up before the test's own fixtures and
    torn down after them, so a fixture that releases a stall or stops a server has
    done so by the time this looks.
    """
    threads_before = set(threading.enumerate())
    pids_before = {child.pid for child in psutil.Process().children()}
    yield
    still = leftovers(threads_before, pids_before, LEAK_GRACE)
    if still:
        pytest.fail(f"{request.node.nodeid} left running after it ended (waited {LEAK_GRACE:g} s): "
                    + "; ".join(still), pytrace=False)
