"""lrlib as a real package: its wheel, installed outside the checkout, works on its own,
and a chapter opened where lrlib is missing (Colab, a plain Jupyter) installs it itself,
changing no package that is installed already.

The wheel is built from a copy of the package's sources and installed into a fresh
virtual environment in a temporary folder. For speed that environment borrows the
course environment's third-party packages (numpy, scikit-learn, torch) through a
``.pth`` line naming its site-packages folder; such a line does not run that folder's
own ``.pth`` files, so the checkout's editable lrlib stays invisible, which
``lrlib.__file__`` confirms. The child runs in the temporary folder with a clean
environment: no PYTHONPATH, no LRLIB_MNIST_DIR, HOME and the cache folder fresh.
"""

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ["pyproject.toml", "README.md", "LICENSE", "lrlib"]


def readme_example() -> str:
    """The Python block of the README's "Using lrlib" section."""
    section = (ROOT / "README.md").read_text().split("## Using lrlib", 1)[1]
    match = re.search(r"```python\n(.*?)```", section, re.S)
    assert match, "the README's 'Using lrlib' section has no ```python block"
    return match[1]


def copy_sources(destination: Path) -> Path:
    """A copy of what builds lrlib: building in the checkout would leave build/ and *.egg-info there."""
    destination.mkdir(parents=True)
    for name in SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, destination / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(ROOT / name, destination / name)
    return destination


def run(args, **kwargs) -> subprocess.CompletedProcess:
    done = subprocess.run(args, capture_output=True, text=True, **kwargs)
    assert done.returncode == 0, f"{args} failed:\n{done.stdout}\n{done.stderr}"
    return done


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("wheel")
    source = copy_sources(work / "source")
    run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-index", "--no-build-isolation",
         "--wheel-dir", str(work / "dist"), str(source)])
    (built,) = (work / "dist").glob("lrlib-*.whl")
    return built


def fresh_venv(home: Path, wheel: Path | None) -> dict:
    """A fresh environment in ``home`` (outside the repository), with the wheel's lrlib or none."""
    assert ROOT not in home.parents
    env_dir = home / "venv"
    run([sys.executable, "-m", "venv", "--without-pip", str(env_dir)])
    python = env_dir / "bin" / "python"
    site = Path(run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"]).stdout.strip())
    (site / "course-packages.pth").write_text(sysconfig.get_path("purelib") + "\n")
    if wheel is not None:
        run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--no-deps",
             "--no-index", str(wheel)])
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(home / "home"),
           "XDG_CACHE_HOME": str(home / "cache"), "LANG": "C.UTF-8", "MPLBACKEND": "Agg"}
    (home / "home").mkdir()
    return {"python": python, "site": site, "cwd": home, "env": env}


@pytest.fixture(scope="module")
def venv(tmp_path_factory, wheel) -> dict:
    """A fresh environment outside the repository with only the wheel's lrlib; how to run in it."""
    return fresh_venv(tmp_path_factory.mktemp("outside"), wheel)


def run_outside(venv, name: str, code: str) -> str:
    script = venv["cwd"] / name
    script.write_text(code)
    return run([str(venv["python"]), str(script)], cwd=venv["cwd"], env=venv["env"], timeout=300).stdout


def test_the_wheel_holds_the_package_its_sample_and_the_licence(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    for file in ["train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
                 "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"]:
        assert f"lrlib/data/mnist_sample/{file}" in names
    assert any(re.fullmatch(r"lrlib-[^/]+\.dist-info/licenses/LICENSE", n) for n in names)
    assert not [n for n in names if n.startswith(("tests/", "notebooks/", "data/"))]


def test_the_installed_lrlib_is_the_wheels_not_the_checkouts(venv):
    out = run_outside(venv, "where.py", "import lrlib\nprint(lrlib.__file__)\nprint(lrlib.__version__)\n")
    location, version = out.split()
    assert Path(location).parent.parent == venv["site"]
    assert re.fullmatch(r"\d+\.\d+\.\d+", version)


def test_the_readmes_using_lrlib_example_runs_outside_the_checkout(venv):
    run_outside(venv, "example.py", readme_example())


def test_load_mnist_outside_the_checkout_falls_back_to_the_packaged_sample(venv):
    pytest.importorskip("torch")  # MNIST comes as tensors; the torch-free compatibility tracks skip this
    code = (
        "import lrlib.data.mnist as mnist\n"
        "mnist._internet_available = lambda **kwargs: False  # a test never reaches the network\n"
        "data = mnist.load_mnist()  # prints its message, as a learner sees it\n"
        "print(data.source, len(data.y_train), len(data.y_test))\n"
        "print(data.location)\n"
    )
    *message, first, location = run_outside(venv, "mnist.py", code).splitlines()
    assert first == "sample 5000 1000"
    assert Path(location).parent.parent.parent == venv["site"]  # site-packages/lrlib/data/mnist_sample
    cache = Path(venv["env"]["XDG_CACHE_HOME"]) / "lrlib" / "MNIST" / "raw"
    assert len(message) <= 3 and str(cache) in message[1] and "per-user cache" in message[1]
    assert message[-1] == "python -m lrlib.data"
    assert not (venv["cwd"] / "cache").exists()  # falling back writes nothing


def test_a_chapter_installs_lrlib_itself_where_it_is_missing(tmp_path, wheel):
    """Chapter 1 in an environment without lrlib (as on Colab): its first cell installs it and runs on.

    The install source is pointed at the wheel of this checkout (``LRLIB_SOURCE``), and pip
    may not use an index: nothing is downloaded.
    """
    bare = fresh_venv(tmp_path, wheel=None)
    missing = subprocess.run([str(bare["python"]), "-c", "import lrlib"], capture_output=True, env=bare["env"],
                             cwd=tmp_path)
    assert missing.returncode != 0, "lrlib must not be importable before the chapter runs"
    chapter = next((ROOT / "notebooks").glob("01-*.ipynb"))
    shutil.copy(chapter, tmp_path / chapter.name)
    env = {**bare["env"], "LRLIB_SOURCE": wheel.as_uri(), "PIP_NO_INDEX": "1",
           "PIP_DISABLE_PIP_VERSION_CHECK": "1", "JUPYTER_PLATFORM_DIRS": "1"}
    run([str(bare["python"]), "-m", "nbconvert", "--to", "notebook", "--execute", "--output", "ran.ipynb",
         chapter.name], cwd=tmp_path, env=env, timeout=600)
    assert (bare["site"] / "lrlib" / "__init__.py").is_file(), "the first cell did not install lrlib"
    assert (tmp_path / "ran.ipynb").is_file()


def test_every_chapter_starts_with_the_current_install_lines():
    checked = subprocess.run([sys.executable, str(ROOT / "scripts" / "notebook_bootstrap.py")],
                             capture_output=True, text=True)
    assert checked.returncode == 0, f"{checked.stdout}run `python scripts/notebook_bootstrap.py --write`"


def install_arguments(uses_torch: bool) -> list[str]:
    """The arguments of a chapter's ``%pip install`` line, as scripts/notebook_bootstrap.py writes it."""
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        from notebook_bootstrap import bootstrap
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    return shlex.split(re.search(r"^\s*%pip install (.+)$", bootstrap(uses_torch), re.M)[1])


@pytest.mark.parametrize("uses_torch", [False, True], ids=["lrlib", "lrlib[torch]"])
def test_a_chapters_install_line_adds_lrlib_alone_where_the_packages_are_installed(tmp_path, uses_torch):
    """On Colab, or in a learner's own environment with recent numpy, scikit-learn, PyTorch…,
    the first cell installs lrlib and upgrades or downgrades nothing, which would need a
    kernel restart. pip's dry run resolves the cell's own requirement (the ``{source}`` it
    names pointed at a copy of this checkout) against this environment with no index, so a
    floor above an installed version shows as an install. The course's environment has
    everything; the newest compatibility track has no PyTorch and tries the plain form only.
    """
    if uses_torch:
        pytest.importorskip("torch")
    source = copy_sources(tmp_path / "lrlib")
    arguments = install_arguments(uses_torch)
    assert any("{source}" in argument for argument in arguments), arguments
    arguments = [argument.replace("{source}", source.as_uri()) for argument in arguments]
    report = tmp_path / "report.json"
    # no index, no find-links, no configuration: only what is installed here and the copy
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("PIP_")}, "PIP_CONFIG_FILE": os.devnull}
    run([sys.executable, "-m", "pip", "install", *arguments, "--dry-run", "--report", str(report),
         "--no-index", "--no-build-isolation"], env=env, cwd=tmp_path)
    installs = [(item["metadata"]["name"], item["metadata"]["version"])
                for item in json.loads(report.read_text())["install"]]
    assert [name for name, _ in installs] == ["lrlib"], f"the cell would also install {installs}"
