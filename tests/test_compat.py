"""scripts/compat.py's own logic, without building an environment: no network, nothing left behind.

The tracks themselves run with ``python tasks.py test-compat`` (CI, after ``make test``).
Also here: conftest.py's reading of which modules need PyTorch, which the torch-free
tracks leave out.
"""

import datetime
import importlib.util
import os
import sys
import tomllib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
THIS_PYTHON = f"{sys.version_info.major}.{sys.version_info.minor}"
TODAY = datetime.date(2026, 12, 1)


@pytest.fixture(scope="module")
def compat():
    sys.path.insert(0, str(REPO / "scripts"))
    try:
        import compat

        yield compat
    finally:
        sys.path.remove(str(REPO / "scripts"))


@pytest.fixture(scope="module")
def root_conftest():
    spec = importlib.util.spec_from_file_location("root_conftest", REPO / "conftest.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def pyproject(dependencies, notebooks=("ipywidgets>=8", "statsmodels>=0.14.6", "jupyterlab>=4"),
              requires_python=">=3.11") -> dict:
    return {"project": {"requires-python": requires_python, "dependencies": list(dependencies),
                        "optional-dependencies": {"notebooks": list(notebooks)}},
            "build-system": {"requires": ["setuptools>=77"]}}


def notebook(*cells) -> dict:
    """A notebook of code cells given as (source, outputs)."""
    return {"cells": [{"cell_type": "code", "source": source, "outputs": outputs} for source, outputs in cells]}


def result(text):
    return {"output_type": "execute_result", "data": {"text/plain": [text]}}


def stream(text, name="stdout"):
    return {"output_type": "stream", "name": name, "text": [text]}


# --------------------------------------------------------------------------- the tracks

def test_the_tracks_read_the_floors_and_the_oldest_python_from_pyproject(compat):
    oldest, *newest = compat.tracks(pyproject(["numpy>=1.26", "scikit-learn >= 1.8"]))
    assert (oldest.name, oldest.python) == ("oldest", "3.11")
    assert oldest.requirements == ("numpy==1.26", "scikit-learn==1.8", "ipywidgets==8", "statsmodels==0.14.6")
    assert [(t.name, t.python) for t in newest] == [("newest", "3.12"), ("newest", "3.13")]
    assert all(t.requirements == ("numpy", "scikit-learn", "ipywidgets", "statsmodels") for t in newest)
    assert "setuptools>=77" in oldest.tools and "pytest" in oldest.tools  # lrlib is built without isolation
    # a reference whose own floors are above lrlib's is left to the newest track
    assert "firthmodels" not in oldest.tools and all("firthmodels" in t.tools for t in newest)
    assert [t.folder.name for t in [oldest, *newest]] == ["oldest", "py3.12", "py3.13"]


def test_the_courses_own_pyproject_declares_a_floor_for_every_dependency(compat):
    declared = compat.floors(tomllib.loads((REPO / "pyproject.toml").read_text()))
    assert {"numpy", "scipy", "matplotlib", "scikit-learn", "statsmodels", "ipywidgets"} <= declared.keys()


@pytest.mark.parametrize("requirement", ["numpy", "numpy>=1.26,<3", "numpy==1.26", "numpy>=1.26; python_version<'4'"])
def test_a_requirement_without_a_plain_floor_is_refused_by_name(compat, requirement):
    with pytest.raises(ValueError, match="is not a plain floor"):
        compat.floors(pyproject([requirement]))


def test_the_oldest_python_must_be_a_plain_floor(compat):
    with pytest.raises(ValueError, match="requires-python"):
        compat.oldest_python(pyproject([], requires_python=">=3.11,<3.14"))


def test_the_fingerprint_follows_pyproject_the_requirements_python_and_for_newest_the_day(compat):
    oldest, newest, _ = compat.tracks(pyproject(["numpy>=1.26"]))
    base = compat.fingerprint(b"a", oldest, "3.11.7", TODAY)
    assert base == compat.fingerprint(b"a", oldest, "3.11.7", TODAY + datetime.timedelta(days=1))
    assert base != compat.fingerprint(b"b", oldest, "3.11.7", TODAY)
    assert base != compat.fingerprint(b"a", oldest, "3.11.8", TODAY)
    other, *_ = compat.tracks(pyproject(["numpy>=2.0"]))
    assert base != compat.fingerprint(b"a", other, "3.11.7", TODAY)
    assert (compat.fingerprint(b"a", newest, "3.12.1", TODAY)
            != compat.fingerprint(b"a", newest, "3.12.1", TODAY + datetime.timedelta(days=1)))


@pytest.mark.parametrize(("a", "b", "same"), [("1.26", "1.26.0", True), ("8", "8.0.0", True),
                                              ("1.26.0", "1.26.4", False), ("3.10", "3.1", False)])
def test_versions_compare_as_pip_compares_releases(compat, a, b, same):
    assert compat.same_version(a, b) is same


# --------------------------------------------------------------------------- chapters

def test_a_chapter_needs_torch_when_a_code_line_imports_it(compat):
    from course import uses_torch

    assert uses_torch(notebook(("import numpy as np\nimport torch.nn as nn", [])))
    assert uses_torch(notebook(("x = 1", []), ("from lrlib.pytorch import train", [])))
    assert uses_torch(notebook(("if True:\n    import torchvision", [])))
    assert not uses_torch(notebook(("# import torch is not needed here\nprint('torch')", [])))
    assert not uses_torch({"cells": [{"cell_type": "markdown", "source": "import torch"}]})


def test_the_course_has_chapters_with_and_without_torch(compat):
    import json

    from course import chapters, uses_torch

    needs = {path.name[:2]: uses_torch(json.loads(path.read_text())) for path in chapters()}
    assert needs["07"] and not needs["01"]  # chapter 7 is PyTorch on MNIST; chapter 1 is NumPy


def test_every_stored_tick_must_be_printed_again(compat):
    stored = notebook(("check(a)", [result("✔ Correct! a")]), ("check(b)", [stream("✔ Correct! b\n")]),
                      ("plot()", [stream("no tick\n")]), ("check(c)", [result("✔ Correct! c")]))["cells"]
    new = notebook(("check(a)", [result("✔ Correct! a, in other words")]),
                   ("check(b)", [result("✘ Not yet: b")]),
                   ("plot()", []), ("check(c)", [stream("✔\n")]))["cells"]
    assert compat.ticks(stored, new) == (2, [1])


def test_new_writes_to_stderr_are_found_with_their_first_line(compat):
    stored = notebook(("a", [stream("old warning\n", "stderr")]), ("b", []), ("c", []))["cells"]
    new = notebook(("a", [stream("old warning\n", "stderr")]),
                   ("b", [stream("x.py:1: FutureWarning: soon\n  warn()\n", "stderr")]),
                   ("c", [stream("fine\n")]))["cells"]
    assert compat.new_stderr(stored, new) == [(1, "x.py:1: FutureWarning: soon")]


def test_an_error_output_counts_as_text_but_not_as_a_tick(compat):
    cell = {"outputs": [{"output_type": "error", "ename": "AssertionError", "evalue": "", "traceback": []}]}
    assert "AssertionError" in compat.output_text(cell) and compat.TICK not in compat.output_text(cell)


def test_a_cells_time_is_read_from_nbclients_timestamps(compat):
    timed = {"metadata": {"execution": {"iopub.status.busy": "2026-12-01T10:00:00.250000Z",
                                        "shell.execute_reply": "2026-12-01T10:00:02.750000Z"}}}
    assert compat.cell_seconds(timed) == 2.5
    assert compat.cell_seconds({"metadata": {}}) == 0.0 and compat.cell_seconds({}) == 0.0


# --------------------------------------------------------------------------- finding a Python

def fake_pyenv(tmp_path, *versions) -> Path:
    for version in versions:
        folder = tmp_path / "pyenv" / "versions" / version / "bin"
        folder.mkdir(parents=True)
        (folder / f"python{version[:4]}").write_text("")
    return tmp_path / "pyenv"


def test_candidates_are_path_first_then_pyenv_newest_patch_first(compat, tmp_path):
    root = fake_pyenv(tmp_path, "3.12.1", "3.12.10", "3.12.9", "3.13.0", "3.13.0t")
    (tmp_path / "pyenv" / "versions" / "3.12-dev").mkdir()
    on_path = tmp_path / "bin"
    on_path.mkdir()
    (on_path / "python3.12").write_text("")
    (on_path / "python3.12").chmod(0o755)
    found = compat.candidates("3.12", str(on_path), root)
    assert [p.parent.parent.name if p.parent != on_path else "PATH" for p in found] == [
        "PATH", "3.12.10", "3.12.9", "3.12.1"]
    assert [p.parent.parent.name for p in compat.candidates("3.13", "", root)] == ["3.13.0"]  # not 3.13.0t
    assert compat.candidates("3.14", "", root) == [] and compat.candidates("3.12", "", None) == []


def test_find_python_skips_what_does_not_run_or_is_another_version(compat, tmp_path):
    shim = tmp_path / "shims"
    shim.mkdir()
    (shim / f"python{THIS_PYTHON}").write_text("#!/bin/sh\necho 'pyenv: not selected' >&2\nexit 127\n")
    (shim / f"python{THIS_PYTHON}").chmod(0o755)
    release = tmp_path / "pyenv" / "versions" / f"{THIS_PYTHON}.99" / "bin"
    release.mkdir(parents=True)
    (release / f"python{THIS_PYTHON}").symlink_to(sys.executable)
    python, full = compat.find_python(THIS_PYTHON, str(shim), tmp_path / "pyenv")
    assert python == release / f"python{THIS_PYTHON}"
    assert full == ".".join(map(str, sys.version_info[:3]))
    assert compat.find_python("3.99", str(shim), tmp_path / "pyenv") is None
    assert compat.probe(shim / f"python{THIS_PYTHON}") is None and compat.probe(tmp_path / "nothing") is None


# --------------------------------------------------------------------------- reading results, verdicts

def test_junit_counts_passed_failed_and_skipped(compat):
    xml = ('<testsuites><testsuite name="pytest" errors="1" failures="2" skipped="30" tests="1300">'
           '</testsuite></testsuites>')
    assert compat.test_counts(xml) == {"passed": 1267, "failed": 3, "skipped": 30}


def test_pip_failures_are_told_by_pips_error_lines_or_the_builds_exception(compat):
    conflict = ("Collecting x\nERROR: Cannot install scikit-learn==1.8.0 and threadpoolctl==3.1 because these "
                "package versions have conflicting dependencies.\n\nThe conflict is caused by:\n")
    assert compat.pip_errors(conflict).startswith("Cannot install scikit-learn==1.8.0 and threadpoolctl==3.1")
    build = "  ValueError: invalid pyproject.toml config: `project.license`.\n  [end of output]\nhint: See above\n"
    assert compat.pip_errors(build) == "ValueError: invalid pyproject.toml config: `project.license`."
    assert compat.pip_errors("") == "no message"


def outcome(compat, **fields):
    track = compat.Track("oldest", "3.11", ("numpy==1.26", "scipy==1.11"))
    defaults = {"python": "3.11.7", "versions": {"numpy": "1.26.0", "scipy": "1.11.0"},
                "tests": {"passed": 1234, "failed": 0, "skipped": 40}, "chapters": 7, "held": 26, "seconds": 185}
    return compat.Outcome(track, **{**defaults, **fields})


def test_a_passing_track_names_every_version_and_what_it_counted(compat):
    assert compat.verdict(outcome(compat), required=True) == (
        "oldest (Python 3.11.7; numpy 1.26.0, scipy 1.11.0): PASS - 1234 tests passed (40 skipped), "
        "7 chapters executed, 26 ✔ held; 3 min 5 s")


@pytest.mark.parametrize(("fields", "words"), [
    ({"tests": {"passed": 1230, "failed": 4, "skipped": 40}}, "FAIL - 4 of 1234 tests failed"),
    ({"chapters_failed": 1}, "FAIL - 1234 tests passed (40 skipped), 1 of 7 chapters failed"),
    ({"lost": 2, "held": 24}, "24 ✔ held, 2 lost"),
    ({"tests": {}, "chapters": 0, "versions": {}, "problems": ["pip cannot install numpy==1.20: no wheel"]},
     "oldest (Python 3.11.7): FAIL - pip cannot install numpy==1.20: no wheel;"),
    ({"problems": ["pytest stopped with exit status 5 (no test collected)"], "tests": {}},
     "FAIL - pytest stopped with exit status 5 (no test collected), 7 chapters executed"),
])
def test_a_failing_track_says_what_failed(compat, fields, words):
    found = outcome(compat, **fields)
    assert not found.passed(required=False)
    assert words in compat.verdict(found, required=False)


def test_a_missing_python_is_one_line_and_fails_only_when_required(compat):
    missing = compat.Outcome(compat.Track("newest", "3.13", ("numpy",)), missing="no python3.13 on PATH; "
                             "install it with `pyenv install 3.13`")
    assert missing.passed(required=False) and not missing.passed(required=True)
    line = compat.verdict(missing, required=False)
    assert line.startswith("newest (Python 3.13): MISSING - no python3.13") and "\n" not in line
    assert compat.verdict(missing, required=True).startswith("newest (Python 3.13): FAIL - no python3.13")
    assert compat.verdict(missing, required=True).endswith("(LRLIB_COMPAT_REQUIRED=1)")


def test_the_tracks_leave_out_the_modules_and_the_single_test_by_the_right_option(compat):
    assert compat.leave_out("tests/e2e") == "--ignore=tests/e2e"
    assert compat.leave_out("tests/a.py::test_b") == "--deselect=tests/a.py::test_b"
    for test in compat.LEFT_OUT:
        assert (REPO / test.split("::")[0]).exists(), f"{test} is left out but does not exist"


def test_the_tracks_tests_know_they_are_torch_free(compat, tmp_path):
    env = compat.child_env(tmp_path / "env")
    assert env["LRLIB_COMPAT"] == "torch-free"
    assert env["PATH"].split(os.pathsep)[0] == str(tmp_path / "env" / "bin")
    assert "PYTHONPATH" not in env and "VIRTUAL_ENV" not in env


# --------------------------------------------------------------------------- conftest.py, the torch-free collection

def test_module_level_imports_exclude_those_inside_functions(root_conftest):
    source = ("import numpy\nfrom lrlib.data import x\ntry:\n    import torch\nexcept ImportError:\n"
              "    import tqdm\n\ndef f():\n    import torchvision\n")
    assert root_conftest.module_level_imports(source) == {"numpy", "lrlib.data", "torch", "tqdm"}


def test_modules_that_need_torch_are_found_through_lrlib_and_their_package(root_conftest, tmp_path):
    files = {
        "lrlib/__init__.py": "import numpy\n",
        "lrlib/data/__init__.py": "from lrlib.data.mnist import load\n",
        "lrlib/data/mnist.py": "def load():\n    import torch\n",  # lazily: torch-free
        "lrlib/data/in_memory.py": "from torchvision.datasets import MNIST\n",
        "lrlib/pytorch/__init__.py": "from lrlib.data.in_memory import MNIST\n",
        "lrlib/pytorch/loss.py": "import math\n",  # needs torch through its package
        "tests/test_a.py": "from lrlib.pytorch import loss\n",
        "tests/test_b.py": "from lrlib.data import load\n",
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    assert root_conftest.torch_modules(tmp_path) == [
        "lrlib/data/in_memory.py", "lrlib/pytorch/__init__.py", "lrlib/pytorch/loss.py", "tests/test_a.py"]


def test_in_the_course_the_pytorch_layer_is_left_out_and_the_numpy_library_is_not(root_conftest):
    found = root_conftest.torch_modules()
    assert {"lrlib/pytorch/__init__.py", "lrlib/data/in_memory.py", "tests/pytorch/test_pytorch_model.py"} <= set(found)
    assert not {"lrlib/__init__.py", "lrlib/models.py", "lrlib/data/mnist.py", "tests/test_losses.py"} & set(found)


def test_a_doctest_skips_only_for_a_missing_torch(root_conftest):
    import doctest

    def unexpected(error):
        return doctest.UnexpectedException(None, None, (type(error), error, None))

    assert root_conftest.needs_missing_torch(unexpected(ModuleNotFoundError("No module named 'torch'")))
    assert root_conftest.needs_missing_torch(doctest.DocTestFailure(
        None, None, "✘ Not yet: f raised ModuleNotFoundError: No module named 'torch.nn'\n"))
    assert not root_conftest.needs_missing_torch(unexpected(ModuleNotFoundError("No module named 'torchaudio'")))
    assert not root_conftest.needs_missing_torch(unexpected(ValueError("torch")))
    assert not root_conftest.needs_missing_torch(doctest.DocTestFailure(None, None, "1.0\n"))
