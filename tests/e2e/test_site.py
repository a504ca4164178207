"""The course website as a reader meets it: built, served locally, read in Chromium.

The site is built once for this module by ``scripts/build_site.py`` into a temporary
folder (the committed notebooks, nothing executed), served by a local HTTP server on
127.0.0.1 and opened page by page in headless Chromium. Every page must load with no
console error and without a single request leaving 127.0.0.1, its math must be typeset
(no raw ``$$`` left), every image must have alternative text and every link inside the
site must resolve, down to the anchor, and show one search box. Each chapter page must
carry Binder and Colab launch buttons for its own notebook, from the repository README's
Binder line names, and open with its plumbing (the install cell) folded. Switched to the
dark theme, one page of each part of the table of contents shows every figure on a
light background (no dark text on a transparent one).

The server and the browser are always shut down, also when a test fails. Screenshots
of the landing page and of a chapter go to ``tests/e2e/screenshots/`` (git-ignored).
"""

from __future__ import annotations

import functools
import html.parser
import re
import subprocess
import sys
import threading
import urllib.parse
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from chromium import REQUIRED, chromium_context, skip_module_without_browser

pytestmark = pytest.mark.e2e
skip_module_without_browser()

REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
# The chapters, then the appendices (A1, ...): scripts/course.py's order
CHAPTERS = sorted(p.stem for pattern in ("[0-9][0-9]-*.ipynb", "A[0-9]-*.ipynb")
                  for p in (REPO / "notebooks").glob(pattern))
PAGES = ["index", "api", *(f"notebooks/{c}" for c in CHAPTERS)]
REPOSITORY = re.search(
    r"^\[binder\]: https://mybinder\.org/v2/gh/([^/\s]+/[^/\s]+)/", (REPO / "README.md").read_text(), re.M
)[1]
MATHJAX_TIMEOUT = 30_000  # ms


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The website, built from the committed notebooks into a temporary folder."""
    if not (REPO / "docs" / "node_modules" / "mathjax" / "es5" / "tex-chtml.js").is_file():
        reason = "the site's MathJax is not installed (npm ci --prefix docs; make test does it where npm is)"
        pytest.fail(reason) if REQUIRED else pytest.skip(reason)
    out = tmp_path_factory.mktemp("site") / "html"
    build = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "build_site.py"), "--out", str(out)],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert build.returncode == 0, f"the site did not build:\n{build.stdout}\n{build.stderr}"
    return out


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 (the base class's name)
        pass


@pytest.fixture(scope="module")
def server(site) -> Iterator[str]:
    """The built site over HTTP on 127.0.0.1; stopped and joined at the end whatever happens."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(site)))
    thread = threading.Thread(target=httpd.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser(server):
    with chromium_context() as context:
        yield context


class Visit:
    """One page opened in a new tab: what it asked for, and what its console said."""

    def __init__(self, context, url: str):
        self.external: list[str] = []
        self.errors: list[str] = []
        self.page = context.new_page()
        self.page.route("**/*", self._only_local)
        self.page.on("console", lambda msg: msg.type == "error" and self.errors.append(msg.text))
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.response = self.page.goto(url, wait_until="load")

    def _only_local(self, route):
        host = urllib.parse.urlsplit(route.request.url).hostname
        if host == "127.0.0.1":
            route.continue_()
        else:  # refused, and remembered: the site must work without any of it
            self.external.append(route.request.url)
            route.abort()

    def close(self):
        self.page.close()


@pytest.fixture
def visit(browser, server):
    opened: list[Visit] = []

    def open_page(name: str) -> Visit:
        opened.append(Visit(browser, f"{server}/{name}.html"))
        return opened[-1]

    try:
        yield open_page
    finally:
        for v in opened:
            v.close()


def wait_for_math(page) -> None:
    """Wait until MathJax has typeset every formula Sphinx marked on the page."""
    if page.locator(".math").count():
        page.wait_for_function(
            "() => document.querySelectorAll('.math').length <= document.querySelectorAll('mjx-container').length",
            timeout=MATHJAX_TIMEOUT,
        )


# Text a reader sees that still holds LaTeX source: outside code, a $$ or a \begin{...}.
RAW_MATH_JS = r"""() => {
    const body = document.querySelector('main') || document.body;
    const copy = body.cloneNode(true);
    copy.querySelectorAll('pre, code, script, style, mjx-container, .MathJax, mjx-assistive-mml')
        .forEach(e => e.remove());
    const text = copy.textContent;
    const found = [];
    for (const pattern of [/\$\$/g, /\\begin\{/g, /\\frac\{/g]) {
        for (const m of text.matchAll(pattern)) found.push(text.slice(Math.max(0, m.index - 40), m.index + 40));
    }
    return found;
}"""


def describes(alt: str | None, src: str) -> bool:
    """Whether ``alt`` is a description, not empty and not the file name Sphinx falls back to."""
    alt = (alt or "").strip()
    return bool(alt) and Path(alt).name != Path(src or "").name and not alt.endswith((".png", ".svg", ".jpg"))


class _Anchors(html.parser.HTMLParser):
    """The ids and names of a page (the targets of #fragments)."""

    def __init__(self):
        super().__init__()
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        for key, value in attrs:
            if key in ("id", "name") and value:
                self.ids.add(value)


@functools.cache
def anchors_of(path: Path) -> frozenset[str]:
    parser = _Anchors()
    parser.feed(path.read_text(encoding="utf-8", errors="replace"))
    return frozenset(parser.ids)


def broken_links(page, site: Path, server: str) -> list[str]:
    """Links of the page that point inside the site at a file or an anchor that is not there."""
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
    broken = []
    for href in hrefs:
        parts = urllib.parse.urlsplit(href)
        if f"{parts.scheme}://{parts.netloc}" != server:
            continue  # outside the site (launch buttons, GitHub): not a request the page makes
        target = site / urllib.parse.unquote(parts.path).lstrip("/")
        if target.is_dir():
            target = target / "index.html"
        if not target.is_file():
            broken.append(f"{href}: no such file")
        elif parts.fragment and target.suffix == ".html":
            if urllib.parse.unquote(parts.fragment) not in anchors_of(target):
                broken.append(f"{href}: no such anchor")
    return broken


@pytest.mark.parametrize("name", PAGES)
def test_page_loads_offline_with_math_alt_text_and_working_links(name, visit, site, server):
    v = visit(name)
    assert v.response is not None and v.response.ok, f"{name}.html: HTTP {v.response and v.response.status}"
    wait_for_math(v.page)
    assert v.errors == [], f"{name}.html: console errors: {v.errors}"
    assert v.external == [], f"{name}.html requested outside 127.0.0.1: {v.external}"
    raw = v.page.evaluate(RAW_MATH_JS)
    assert raw == [], f"{name}.html: math left as LaTeX source: {raw[:3]}"
    images = v.page.eval_on_selector_all("img", "els => els.map(e => [e.getAttribute('src'), e.alt])")
    no_alt = [src for src, alt in images if not describes(alt, src)]
    assert no_alt == [], f"{name}.html: {len(no_alt)} of {len(images)} images without alt text: {no_alt[:3]}"
    broken = broken_links(v.page, site, server)
    assert broken == [], f"{name}.html: broken links: {broken[:5]}"
    searches = visible_search_boxes(v.page)
    assert len(searches) == 1, f"{name}.html: {len(searches)} search boxes: {searches}"


# What a reader can type a search into, or click to get one: the theme's search field and button.
SEARCH_BOXES = ".search-button-field, .search-button, input[type=search], #searchbox input"


def visible_search_boxes(page) -> list[str]:
    boxes = page.locator(SEARCH_BOXES)
    return [boxes.nth(i).evaluate("e => e.outerHTML.slice(0, 80)")
            for i in range(boxes.count()) if boxes.nth(i).is_visible()]


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_chapter_page_launches_its_own_notebook_and_links_its_neighbours(chapter, visit):
    page = visit(f"notebooks/{chapter}").page
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
    notebook = f"notebooks/{chapter}.ipynb"
    binder = [h for h in hrefs if h.startswith("https://mybinder.org/")]
    colab = [h for h in hrefs if h.startswith("https://colab.research.google.com/")]
    assert any(f"/gh/{REPOSITORY}/" in h and h.endswith(f"urlpath=lab/tree/{notebook}") for h in binder), binder
    assert any(h.endswith(f"/github/{REPOSITORY}/blob/main/{notebook}") for h in colab), colab
    # Solutions stay folded on the page, as they are collapsed in JupyterLab.
    unfolded = page.eval_on_selector_all(
        "div.cell", "els => els.filter(e => /def \\w+_solution\\(/.test(e.textContent)"
        " && !e.classList.contains('tag_hide-input')).length",
    )
    assert unfolded == 0, f"{unfolded} solution cells are shown unfolded"
    # The install cell that opens the chapter (for Colab) is folded: the lesson comes first.
    first = page.locator("div.cell").first
    assert "tag_hide-input" in (first.get_attribute("class") or "").split(), "the first cell is not folded"
    assert not first.locator(".cell_input").is_visible(), "the install cell's code is shown"
    # Previous / next: every chapter links on; the last one back to the previous chapter.
    neighbours = page.eval_on_selector_all(".prev-next-area a", "els => els.map(e => e.getAttribute('href'))")
    index = CHAPTERS.index(chapter)
    if index + 1 < len(CHAPTERS):
        assert any(CHAPTERS[index + 1] in h for h in neighbours), neighbours
    if index > 0:
        assert any(CHAPTERS[index - 1] in h for h in neighbours), neighbours


def test_landing_page_lists_every_chapter_in_order_and_the_api(visit):
    v = visit("index")
    wait_for_math(v.page)
    toc = v.page.eval_on_selector_all(
        "nav.bd-docs-nav a.reference.internal", "els => els.map(e => e.getAttribute('href'))"
    )
    listed = [c for href in toc for c in CHAPTERS if href.endswith(f"{c}.html")]
    assert listed == CHAPTERS, f"table of contents: {toc}"
    assert any(href.endswith("api.html") for href in toc), toc
    SCREENSHOTS.mkdir(exist_ok=True)
    v.page.screenshot(path=str(SCREENSHOTS / "site-landing.png"))
    chapter = visit(f"notebooks/{CHAPTERS[0]}")
    wait_for_math(chapter.page)
    chapter.page.screenshot(path=str(SCREENSHOTS / "site-chapter-1.png"))


def test_api_reference_documents_the_public_functions(visit):
    text = visit("api").page.inner_text("main")
    for name in ("sigmoid", "binary_cross_entropy", "gradient_descent", "LogisticRegressionGD", "load_mnist"):
        assert name in text, f"{name} is missing from the API reference"


# The figures on the page that a dark background would make unreadable: an image with
# transparent pixels whose own background (or the nearest ancestor's) is dark.
UNREADABLE_IN_THE_DARK_JS = r"""async () => {
    const luminance = colour => {
        const [r, g, b] = colour.match(/[\d.]+/g).map(Number);
        return 0.299 * r + 0.587 * g + 0.114 * b;
    };
    const transparent = colour => colour === 'transparent' || /rgba\(.*,\s*0\)$/.test(colour);
    const found = [];
    for (const img of document.querySelectorAll('main img')) {
        await img.decode().catch(() => {});
        const canvas = document.createElement('canvas');
        canvas.width = img.naturalWidth;
        canvas.height = img.naturalHeight;
        const context = canvas.getContext('2d');
        context.drawImage(img, 0, 0);
        const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
        let seeThrough = false;
        for (let i = 3; i < pixels.length && !seeThrough; i += 4) seeThrough = pixels[i] < 255;
        if (!seeThrough) continue;
        let element = img, background = getComputedStyle(img).backgroundColor;
        while (transparent(background) && element.parentElement) {
            element = element.parentElement;
            background = getComputedStyle(element).backgroundColor;
        }
        if (transparent(background) || luminance(background) < 128) found.push(img.getAttribute('src'));
    }
    return found;
}"""


def switch_to_dark(page) -> None:
    """Choose the dark theme with the theme switcher, as a reader would."""
    page.locator(".theme-switch-button").first.click()
    dark = page.locator('.theme-change-button[data-mode="dark"]')
    if dark.count():  # a menu of modes; older themes cycle through them on each click instead
        dark.first.click()
    else:
        while page.evaluate("document.documentElement.dataset.theme") != "dark":
            page.locator(".theme-switch-button").first.click()
    page.wait_for_function("document.documentElement.dataset.theme === 'dark'")


def first_page_of_each_part(page) -> dict[str, str]:
    """{caption: first page listed under it} from the sidebar's table of contents."""
    return page.evaluate("""() => Object.fromEntries([...document.querySelectorAll('nav.bd-docs-nav p.caption')]
        .map(caption => [caption.textContent.trim(),
                         caption.nextElementSibling?.querySelector('a.reference.internal')?.getAttribute('href')])
        .filter(([, href]) => href))""")


def test_in_the_dark_theme_every_figure_is_readable_on_one_page_of_each_part(visit):
    parts = first_page_of_each_part(visit("index").page)
    chapters = {caption: href for caption, href in parts.items() if "notebooks/" in href}
    assert len(chapters) >= 3, f"table of contents: {parts}"
    for caption, href in chapters.items():
        page = visit(href.removesuffix(".html").lstrip("./")).page
        switch_to_dark(page)
        assert page.locator("main img").count(), f"{href} ({caption}) has no figure to check"
        unreadable = page.evaluate(UNREADABLE_IN_THE_DARK_JS)
        assert unreadable == [], f"{href} ({caption}): figures unreadable in the dark theme: {unreadable}"
        SCREENSHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"site-dark-{Path(href).stem}.png"))
