"""The course as a learner meets it: JupyterLab in a real (headless) browser.

Each test starts from a clean copy of a chapter in a temporary folder (outputs cleared,
so nothing stale can pass for a result and the committed notebook is never touched),
opens it in JupyterLab, clicks Run > Run All Cells like a learner, waits for the kernel
to go idle, saves, and reads back what JupyterLab itself stored: every code cell must
have run and none may hold an error. Chapter 2 also has its logistic-function sliders
moved, and the plot must be redrawn.

The server is JupyterLab from this environment on 127.0.0.1 with a free port, a random
token and throwaway Jupyter config/data/runtime/settings/workspace folders (so nothing
from the user's own Jupyter set-up leaks in), with JupyterLab's news pop-up switched off
by a settings override. The browser is Debian's Chromium, driven by Playwright for
Python with ``executable_path``: nothing is downloaded. Both are always shut down, also
when a test fails. Screenshots and the server's log go to ``tests/e2e/screenshots/``
(git-ignored).

``make e2e`` runs only these tests. Where Chromium is missing they are skipped with a
one-line reason, unless ``LRLIB_E2E_REQUIRED=1`` (set by ``.ci/run``): then they fail.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest
from chromium import chromium_context, fail_if_missing, skip_module_without_browser

pytestmark = pytest.mark.e2e

REPO = Path(__file__).resolve().parents[2]
CHAPTER_1 = REPO / "notebooks" / "01-odds-and-maximum-likelihood.ipynb"
CHAPTER_2 = REPO / "notebooks" / "02-the-logistic-function.ipynb"
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"


# JupyterLab settings for the test server: Binder's (no "fetch news?" toast over the
# cells, no update check), plus every cell attached to the page (no virtual scrolling)
# so all of a notebook's outputs are there to look at.
SETTINGS_OVERRIDES = {
    **json.loads((REPO / "binder" / "overrides.json").read_text()),
    "@jupyterlab/notebook-extension:tracker": {"windowingMode": "none"},
}
SERVER_CONFIG = {
    "LabApp": {"news_url": None, "check_for_updates_class": "jupyterlab.NeverCheckForUpdate"},
}

SERVER_START_TIMEOUT = 60  # s
RUN_ALL_TIMEOUT = 120  # s, per notebook (chapters 1-6 must run in < 20 s each)


skip_module_without_browser()


# --------------------------------------------------------------------------- server


@dataclass
class JupyterLab:
    url: str
    token: str
    root: Path  # the folder JupyterLab serves: notebooks are copied here
    log: Path

    def open_url(self, name: str) -> str:
        # A workspace of its own per notebook, so no tab of an earlier test comes back.
        workspace = Path(name).stem
        return f"{self.url}/lab/workspaces/{workspace}/tree/{name}?token={self.token}"

    def api(self, method: str, path: str) -> object:
        request = urllib.request.Request(
            f"{self.url}/api/{path}", method=method, headers={"Authorization": f"token {self.token}"}
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            body = response.read()
        return json.loads(body) if body else None

    def shut_down_kernels(self) -> None:
        for kernel in self.api("GET", "kernels"):
            self.api("DELETE", f"kernels/{kernel['id']}")

    def log_tail(self, lines: int = 40) -> str:
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        return "\n".join(text.splitlines()[-lines:])


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _server_env(home: Path) -> dict[str, str]:
    """This process's environment with every Jupyter folder pointed into ``home``."""
    env = {k: v for k, v in os.environ.items() if k not in ("JUPYTER_PATH", "JUPYTER_CONFIG_PATH")}
    dirs = {
        "JUPYTER_CONFIG_DIR": home / "config",
        "JUPYTER_DATA_DIR": home / "data",
        "JUPYTER_RUNTIME_DIR": home / "runtime",
        "JUPYTERLAB_SETTINGS_DIR": home / "user-settings",
        "JUPYTERLAB_WORKSPACES_DIR": home / "workspaces",
        "MPLCONFIGDIR": home / "matplotlib",
        "IPYTHONDIR": home / "ipython",
    }
    for name, path in dirs.items():
        path.mkdir(parents=True, exist_ok=True)
        env[name] = str(path)
    env["JUPYTER_PLATFORM_DIRS"] = "1"
    env["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"  # debugpy's note about frozen modules
    return env


@pytest.fixture(scope="module")
def jupyterlab() -> Iterator[JupyterLab]:
    """JupyterLab from this environment on 127.0.0.1, stopped at the end whatever happens."""
    fail_if_missing()
    home = Path(tempfile.mkdtemp(prefix="lrlib-e2e-"))
    root = home / "course"
    root.mkdir()
    env = _server_env(home)
    (Path(env["JUPYTER_CONFIG_DIR"]) / "jupyter_server_config.json").write_text(json.dumps(SERVER_CONFIG))
    app_settings = home / "app-settings"
    app_settings.mkdir()
    (app_settings / "overrides.json").write_text(json.dumps(SETTINGS_OVERRIDES))

    port, token = _free_port(), secrets.token_hex(24)
    lab = JupyterLab(url=f"http://127.0.0.1:{port}", token=token, root=root, log=home / "jupyterlab.log")
    cmd = [
        sys.executable, "-m", "jupyterlab",
        "--no-browser",
        "--allow-root",  # harmless as a user; CI runs as root
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root}",
        f"--LabApp.app_settings_dir={app_settings}",
    ]  # fmt: skip
    with lab.log.open("wb") as log:
        server = subprocess.Popen(cmd, env=env, cwd=root, stdout=log, stderr=subprocess.STDOUT)
    try:
        _wait_for_server(lab, server)
        yield lab
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)
        SCREENSHOTS.mkdir(exist_ok=True)
        shutil.copy(lab.log, SCREENSHOTS / "jupyterlab.log")  # beside the screenshots, for a failed run
        shutil.rmtree(home, ignore_errors=True)


def _wait_for_server(lab: JupyterLab, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    status = f"{lab.url}/api/status?token={lab.token}"
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"JupyterLab exited with code {server.returncode}:\n{lab.log_tail()}")
        try:
            with urllib.request.urlopen(status, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.25)
    pytest.fail(f"JupyterLab did not answer within {SERVER_START_TIMEOUT} s:\n{lab.log_tail()}")


# --------------------------------------------------------------------------- browser


@pytest.fixture(scope="module")
def browser_context(jupyterlab):
    """Headless Debian Chromium with a fresh profile, closed at the end whatever happens."""
    with chromium_context() as context:
        yield context


@pytest.fixture
def page(browser_context, jupyterlab, request):
    """A new tab; a screenshot of where it ended up is saved also when the test fails.

    Afterwards the tab is closed and the test's kernels are shut down.
    """
    tab = browser_context.new_page()
    try:
        yield tab
    finally:
        try:
            SCREENSHOTS.mkdir(exist_ok=True)
            tab.screenshot(path=str(SCREENSHOTS / f"{request.node.name}-end.png"))
        finally:
            tab.close()
            jupyterlab.shut_down_kernels()


# --------------------------------------------------------------------------- helpers


def clean_copy(source: Path, lab: JupyterLab) -> str:
    """Copy a notebook into the server's folder without outputs; return its name there."""
    nb = nbformat.read(source, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    nb.metadata.pop("widgets", None)
    nbformat.write(nb, lab.root / source.name)
    return source.name


KERNEL_IDLE_JS = r"""() => {
    const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
    if (!panel) return false;
    const prompts = [...panel.querySelectorAll('.jp-CodeCell .jp-InputPrompt')];
    const queued = prompts.some(p => p.textContent.includes('*'));
    const indicators = [...panel.querySelectorAll('.jp-Notebook-ExecutionIndicator')];
    const idle = indicators.length > 0 && indicators.every(i => i.dataset.status === 'idle');
    // The indicator also says idle before any kernel is there; the status bar tells.
    const connected = [...document.querySelectorAll('.jp-StatusBar-TextItem')]
        .some(t => /^(?!No Kernel).+ \| Idle$/.test(t.textContent.trim()));
    return !queued && idle && connected;
}"""


def open_notebook(page, lab: JupyterLab, name: str) -> None:
    """Open a notebook and wait until its kernel is up and idle."""
    page.goto(lab.open_url(name))
    page.locator(".jp-NotebookPanel .jp-Cell").first.wait_for()
    page.wait_for_function(KERNEL_IDLE_JS, timeout=60_000)


def menu_command(page, menu: str, item: str) -> None:
    """Click a main-menu entry the way a learner would, e.g. Run > Run All Cells."""
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(f"^{re.escape(menu)}$")).click()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile(f"^{re.escape(item)}$")).click()


def run_all_cells(page, timeout: float = RUN_ALL_TIMEOUT) -> float:
    """Run > Run All Cells, then wait until nothing is queued and the kernel is idle.

    Returns the seconds it took. JupyterLab marks every queued cell ``[*]`` as soon as
    the command runs; they turn into numbers (or back to blank after an error) and the
    execution indicator to ``idle`` when the kernel is done.
    """
    start = time.monotonic()
    menu_command(page, "Run", "Run All Cells")
    page.wait_for_function(KERNEL_IDLE_JS, timeout=timeout * 1000)
    return time.monotonic() - start


def save_and_read(page, lab: JupyterLab, name: str) -> nbformat.NotebookNode:
    """File > Save Notebook, wait until saved, and read what JupyterLab wrote."""
    menu_command(page, "File", "Save Notebook")
    page.wait_for_function("() => !document.querySelector('.lm-TabBar-tab.jp-mod-current.jp-mod-dirty')")
    return nbformat.read(lab.root / name, as_version=4)


def wait_until(page, predicate: str, arg: object, timeout: float = 20) -> bool:
    """Whether the JavaScript ``predicate(arg)`` becomes true within ``timeout`` seconds."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

    try:
        page.wait_for_function(predicate, arg=arg, timeout=timeout * 1000)
    except PlaywrightTimeoutError:
        return False
    return True


def problems(nb: nbformat.NotebookNode) -> list[str]:
    """Errors in a notebook JupyterLab ran and saved, one line each; [] when all is well.

    A code cell that holds an error output, or that never ran (Run All stops at the
    first error), is a problem; a cell tagged ``raises-exception`` may raise on purpose.
    """
    found = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        head = cell.source.strip().splitlines()[0][:60] if cell.source.strip() else "<empty>"
        may_raise = "raises-exception" in cell.metadata.get("tags", [])
        for out in cell.outputs:
            if out.output_type == "error" and not may_raise:
                found.append(f"cell {index} ({head!r}) raised {out.ename}: {out.evalue}")
        if cell.execution_count is None and cell.source.strip():
            found.append(f"cell {index} ({head!r}) did not run")
    return found


def run_chapter(page, lab: JupyterLab, source: Path, shot: str) -> tuple[nbformat.NotebookNode, float]:
    """Open a clean copy of ``source``, run all its cells; return the saved notebook and seconds."""
    assert source.is_file(), f"{source} is missing"
    name = clean_copy(source, lab)
    open_notebook(page, lab, name)
    seconds = run_all_cells(page)
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{shot}-after-run-all.png"))
    return save_and_read(page, lab, name), seconds


# --------------------------------------------------------------------------- tests


def test_chapter_2_runs_and_its_sliders_redraw_the_plot(page, jupyterlab):
    nb, seconds = run_chapter(page, jupyterlab, CHAPTER_2, "chapter-2")
    failures = problems(nb)
    assert not failures, f"chapter 2 in JupyterLab ({seconds:.1f} s):\n" + "\n".join(failures)

    # The interact cell: one widget with the three sliders of f(x) = L / (1 + e^(-k(x - x0))).
    def label(text: str):
        return page.locator(".widget-label", has_text=re.compile(f"^{re.escape(text)}$"))

    rendered = wait_until(
        page, "() => document.querySelector('.widget-interact .widget-slider') !== null", None
    )
    assert rendered, "no slider widget is rendered (is ipywidgets' JupyterLab extension there?)"
    interact = page.locator(".widget-interact").filter(
        has=page.locator(".widget-slider").filter(has=label("x0"))
    )
    assert interact.count() == 1, "the logistic-function slider widget (L, k, x0) is not rendered"
    labels = interact.locator(".widget-slider .widget-label").all_inner_texts()
    assert sorted(labels) == sorted(["L", "k", "x0"]), f"sliders: {labels}"
    image = interact.locator(".widget-output img, .jp-OutputArea-output img").first
    image.wait_for()
    before = image.get_attribute("src")
    assert before and before.startswith("data:image/png"), "the slider's plot is not an inline PNG"

    # Move k with the keyboard on its handle, as a learner can (to the left if k is at its maximum).
    slider = interact.locator(".widget-slider").filter(has=label("k"))
    readout = slider.locator(".widget-readout")
    old_value = readout.inner_text()
    handle = slider.locator(".noUi-handle")
    changed = "([el, old]) => el.textContent.trim() !== old.trim()"
    moved = False
    for key in ("ArrowRight", "ArrowLeft"):
        handle.focus()
        for _ in range(5):
            handle.press(key)
        moved = wait_until(page, changed, [readout.element_handle(), old_value], timeout=5)
        if moved:
            break
    new_value = readout.inner_text()
    assert moved, f"the k slider did not move with the arrow keys (stayed at {old_value})"
    redrawn = wait_until(
        page,
        """([box, old]) => {
            const img = box.querySelector('.widget-output img, .jp-OutputArea-output img');
            return img !== null && img.src.startsWith('data:image/png') && img.src !== old;
        }""",
        [interact.element_handle(), before],
    )
    page.wait_for_function(KERNEL_IDLE_JS)
    interact.screenshot(path=str(SCREENSHOTS / "chapter-2-after-slider.png"))
    after = image.get_attribute("src")
    assert redrawn and after != before, (
        f"moving the k slider ({old_value} -> {new_value}) did not redraw the plot"
    )
    # By now (seconds after the page loaded) JupyterLab would have asked; the override stops it.
    assert page.get_by_text("official Jupyter news").count() == 0, "the news pop-up is not switched off"


# Chapter 1, and Parts II and III (chapters 8 on): every chapter of them is run as a learner runs it.
RUN_ALL = [CHAPTER_1, *sorted(p for p in (REPO / "notebooks").glob("[0-9][0-9]-*.ipynb") if int(p.name[:2]) >= 8)]


@pytest.mark.parametrize("chapter", RUN_ALL, ids=lambda p: p.name[:2])
def test_chapter_runs_without_error(page, jupyterlab, chapter):
    nb, seconds = run_chapter(page, jupyterlab, chapter, f"chapter-{chapter.name[:2]}")
    failures = problems(nb)
    assert not failures, f"{chapter.name} in JupyterLab ({seconds:.1f} s):\n" + "\n".join(failures)


def test_a_notebook_that_raises_is_caught(page, jupyterlab, tmp_path):
    """The check above can fail: a notebook whose second cell raises is reported."""
    source = tmp_path / "raises.ipynb"
    broken = "raise RuntimeError('broken on purpose')"
    nb = nbformat.v4.new_notebook(
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
        cells=[
            nbformat.v4.new_code_cell("x = 1"),
            nbformat.v4.new_code_cell(broken),
            nbformat.v4.new_code_cell("y = 2"),
        ],
    )
    nbformat.write(nb, source)
    saved, _ = run_chapter(page, jupyterlab, source, "raises")
    assert problems(saved) == [
        f"cell 1 ({broken!r}) raised RuntimeError: broken on purpose",
        "cell 2 ('y = 2') did not run",
    ]
