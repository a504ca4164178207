"""The files that launch the course: Binder's environment and the README's links.

Binder (repo2docker) reads ``binder/``: ``requirements.txt`` is generated from the root
``requirements.txt`` (``make binder``) and must be current and pin the same versions (only
torch and torchvision differ, as PyTorch's CPU-only builds), ``runtime.txt`` the Python version, and ``postBuild`` must be an executable
script of exactly that name (repo2docker ignores ``postbuild`` or a non-executable
file). Every notebook the README links to, the Binder badge's included, must exist.
"""

import json
import os
import re
import runpy
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import jsonschema
import pytest

REPO = Path(__file__).resolve().parents[1]
BINDER = REPO / "binder"
README = REPO / "README.md"
CHAPTER_1 = "notebooks/01-odds-and-maximum-likelihood.ipynb"
CPU_INDEX = "--extra-index-url https://download.pytorch.org/whl/cpu"
CPU_ONLY = {"torch", "torchvision"}


def pins(text: str) -> dict[str, str]:
    """``name==version`` lines of a requirements file; option lines (``--...``) are skipped."""
    found: dict[str, str] = {}
    for raw in text.splitlines():
        line = raw.split(" #", 1)[0].strip()
        if not line or line.startswith(("#", "-")):
            continue
        match = re.fullmatch(r"([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)", line)
        if not match:
            raise ValueError(f"not an exact pin: {raw!r}")
        name = re.sub(r"[-_.]+", "-", match[1]).lower()
        if name in found:
            raise ValueError(f"{name} is pinned twice")
        found[name] = match[2]
    return found


def pin_differences(root: dict[str, str], binder: dict[str, str]) -> list[str]:
    """How Binder's pins differ from the root ones, a ``+cpu``-style local label aside."""
    public = {name: version.split("+", 1)[0] for name, version in binder.items()}
    problems = [f"{name}: missing in binder/requirements.txt" for name in sorted(root.keys() - public.keys())]
    problems += [f"{name}: only in binder/requirements.txt" for name in sorted(public.keys() - root.keys())]
    problems += [
        f"{name}: {root[name]} in requirements.txt but {binder[name]} in binder/requirements.txt"
        for name in sorted(root.keys() & public.keys())
        if root[name] != public[name]
    ]
    return problems


# --------------------------------------------------------------------------- requirements


def test_binder_pins_the_same_versions_as_the_course():
    root = pins((REPO / "requirements.txt").read_text())
    binder = pins((BINDER / "requirements.txt").read_text())
    assert len(root) > 10
    assert pin_differences(root, binder) == []


def test_binder_requirements_are_the_generated_ones():
    generate = runpy.run_path(str(REPO / "scripts" / "make_binder_requirements.py"))["binder_requirements"]
    committed = (BINDER / "requirements.txt").read_text()
    assert committed == generate((REPO / "requirements.txt").read_text()), "stale: run `make binder`"


def test_the_generator_keeps_every_pin_and_marks_only_torch_cpu_only():
    generate = runpy.run_path(str(REPO / "scripts" / "make_binder_requirements.py"))["binder_requirements"]
    root = "# header of the course file\n\n# section\nnumpy==2.4.6\ntorch==2.14.1\ntorchvision==0.29.1\n"
    text = generate(root)
    assert "header of the course file" not in text and "# section" in text
    assert pins(text) == {"numpy": "2.4.6", "torch": "2.14.1+cpu", "torchvision": "0.29.1+cpu"}
    assert pin_differences(pins(root), pins(text)) == []


def test_binder_takes_torch_from_pytorchs_cpu_only_index():
    text = (BINDER / "requirements.txt").read_text()
    assert CPU_INDEX in text.splitlines()
    binder = pins(text)
    for name in CPU_ONLY:
        assert binder[name].endswith("+cpu"), f"{name}=={binder[name]} is not the CPU-only build"


@pytest.mark.parametrize(
    ("root", "binder", "expected"),
    [
        ("torch==2.14.1\nnumpy==2.4.6", "--extra-index-url X\ntorch==2.14.1+cpu\nnumpy==2.4.6", []),
        (
            "numpy==2.4.6",
            "numpy==2.4.5",
            ["numpy: 2.4.6 in requirements.txt but 2.4.5 in binder/requirements.txt"],
        ),
        ("numpy==2.4.6\nscipy==1.17.1", "numpy==2.4.6", ["scipy: missing in binder/requirements.txt"]),
        ("numpy==2.4.6", "numpy==2.4.6\nrequests==2.0", ["requests: only in binder/requirements.txt"]),
        ("scikit-learn==1.9.1", "Scikit_Learn==1.9.1", []),
    ],
)
def test_pin_comparison_reports_each_kind_of_difference(root, binder, expected):
    assert pin_differences(pins(root), pins(binder)) == expected


def test_a_loose_requirement_is_refused():
    with pytest.raises(ValueError, match="not an exact pin"):
        pins("numpy>=2")


# --------------------------------------------------------------------------- runtime, postBuild


def test_runtime_is_the_python_the_makefile_uses():
    runtime = (BINDER / "runtime.txt").read_text().strip()
    assert runtime == "python-3.11"
    makefile_python = re.search(r"^PYTHON \?= python(\d+\.\d+)$", (REPO / "Makefile").read_text(), re.M)
    assert makefile_python and runtime == f"python-{makefile_python[1]}"


def test_postbuild_is_named_exactly_so():
    # repo2docker looks for "postBuild"; a case-insensitive file system would hide a typo.
    names = os.listdir(BINDER)
    assert "postBuild" in names
    assert [n for n in names if n.lower() == "postbuild"] == ["postBuild"]


def test_postbuild_is_executable_on_disk_and_in_git():
    postbuild = BINDER / "postBuild"
    assert os.access(postbuild, os.X_OK), "chmod +x binder/postBuild"
    if shutil.which("git") is None or not (REPO / ".git").exists():
        pytest.skip("not a git checkout: git's file mode cannot be read")
    staged = subprocess.run(
        ["git", "ls-files", "-s", "binder/postBuild"], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout.split()
    assert staged, "binder/postBuild is not committed"
    assert staged[0] == "100755", "git update-index --chmod=+x binder/postBuild"


def test_postbuild_stops_at_the_first_error_and_installs_lrlib_alone():
    lines = (BINDER / "postBuild").read_text().splitlines()
    assert re.fullmatch(r"#!\s*/(usr/)?bin/(env )?(bash|sh)", lines[0])
    commands = [line.strip() for line in lines[1:] if line.strip() and not line.strip().startswith("#")]
    assert re.fullmatch(r"set -[a-z]*e[a-z]*( [\w-]+)*", commands[0]), "the first command must be set -e"
    installs = [c for c in commands if re.search(r"\bpip install\b", c)]
    assert len(installs) == 1
    assert "--no-deps" in installs[0].split()
    assert installs[0].split()[-1] == "."


def test_jupyterlab_overrides_name_real_settings():
    """Every setting in binder/overrides.json exists, with a valid value, in this JupyterLab."""
    overrides = json.loads((BINDER / "overrides.json").read_text())
    assert overrides["@jupyterlab/apputils-extension:notification"]["fetchNews"] == "false"
    schemas = Path(sys.prefix) / "share" / "jupyter" / "lab" / "schemas"
    for plugin, settings in overrides.items():
        package, name = plugin.rsplit(":", 1)
        schema = json.loads((schemas / package / f"{name}.json").read_text())
        jsonschema.validate(settings, schema)


# --------------------------------------------------------------------------- README


def readme_links() -> list[str]:
    """Targets of the README's inline links ``[..](target)`` and definitions ``[id]: target``."""
    text = README.read_text()
    inline = re.findall(r"\]\(([^)\s]+)\)", text)
    defined = re.findall(r"^\s*\[[^\]]+\]:\s*(\S+)", text, re.M)
    return inline + defined


def binder_links() -> list[str]:
    return [link for link in readme_links() if urlsplit(link).netloc == "mybinder.org" and "/v2/" in link]


def test_every_notebook_the_readme_links_to_exists():
    local = [link.split("#", 1)[0] for link in readme_links() if not urlsplit(link).scheme]
    notebooks = [link for link in local if link.endswith(".ipynb")]
    missing = [link for link in local if link and not (REPO / link).exists()]
    assert missing == [], f"README links to files that do not exist: {missing}"
    assert all((REPO / link).is_file() for link in notebooks)


def test_binder_badge_opens_jupyterlab_on_chapter_1():
    links = binder_links()
    assert len(links) == 1, "one Binder link, defined in one place"
    url = urlsplit(links[0])
    assert re.fullmatch(r"/v2/gh/[\w.-]+/[\w.-]+/HEAD", url.path), url.path
    (urlpath,) = parse_qs(url.query)["urlpath"]
    assert urlpath.startswith("lab/tree/"), "opens JupyterLab, not the classic notebook"
    notebook = urlpath.removeprefix("lab/tree/")
    assert notebook == CHAPTER_1
    assert (REPO / notebook).is_file(), f"the Binder badge opens {notebook}, which does not exist"
    # The badge image ships with the course (docs/_static), so neither README nor the site loads it remotely.
    badge = re.search(r"^\[!\[Launch on Binder\]\(([^)]+)\)\]\[binder\]$", README.read_text(), re.M)
    assert badge and (REPO / badge[1]).is_file(), "the Binder badge's image must be a file in the repository"
