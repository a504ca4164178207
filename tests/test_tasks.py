"""tasks.py, the cross-platform implementation of the Makefile's targets."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def tasks(monkeypatch):
    monkeypatch.syspath_prepend(str(REPO))
    import tasks

    return tasks


def test_every_make_target_is_a_task_of_tasks_py(tasks):
    makefile = (REPO / "Makefile").read_text()
    phony = re.search(r"^\.PHONY:(.*)$", makefile, re.M)[1].split()
    listed = subprocess.run([sys.executable, str(REPO / "tasks.py"), "--help"], capture_output=True, text=True)
    assert listed.returncode == 0, listed.stderr
    for target in phony:
        assert re.search(rf"^[\w ]*\b{target}\b[\w ]*:", makefile, re.M), f"no rule for {target}"
        assert target in listed.stdout, f"make {target} has no `python tasks.py {target}`"
    # Every recipe goes through tasks.py: one implementation for make and for Windows.
    recipes = [line.strip() for line in makefile.splitlines() if line.startswith("\t")]
    assert recipes and all(r.startswith("$(PYTHON) tasks.py ") for r in recipes), recipes


def test_set_up_runs_again_when_the_torch_build_or_the_pins_change(tasks, monkeypatch, tmp_path):
    monkeypatch.delenv("LRLIB_TORCH", raising=False)
    monkeypatch.setattr(tasks, "TORCH_STAMP", tmp_path / "no-such-stamp")
    default = tasks.fingerprint()
    monkeypatch.setenv("LRLIB_TORCH", "cpu")
    assert tasks.torch_build() == "cpu" and tasks.fingerprint() != default
    monkeypatch.setenv("LRLIB_TORCH", "")  # `make` without TORCH= exports an empty value
    assert tasks.torch_build() == "default" and tasks.fingerprint() == default
    (tmp_path / "requirements.txt").write_text("numpy==1\n")
    (tmp_path / "pyproject.toml").write_text("")
    monkeypatch.setattr(tasks, "ROOT", tmp_path)
    assert tasks.fingerprint() != default


def test_without_a_choice_set_up_keeps_the_torch_build_it_was_made_with(tasks, monkeypatch, tmp_path):
    monkeypatch.setattr(tasks, "TORCH_STAMP", tmp_path / ".torch-build")
    tasks.TORCH_STAMP.write_text("cpu\n")
    monkeypatch.setenv("LRLIB_TORCH", "")  # `make test` after `make lab TORCH=cpu`
    assert tasks.torch_build() == "cpu"
    monkeypatch.setenv("LRLIB_TORCH", "default")
    assert tasks.torch_build() == "default"


def test_an_unknown_torch_build_is_refused_by_name(tasks, monkeypatch):
    monkeypatch.setenv("LRLIB_TORCH", "cuda")
    with pytest.raises(SystemExit, match="LRLIB_TORCH must be 'cpu' or 'default', not 'cuda'"):
        tasks.torch_build()


@pytest.mark.parametrize(("seed", "option"), [("random", []), ("1234", ["--randomly-seed=1234"])])
def test_test_random_shuffles_the_unit_tests_with_a_given_or_a_new_seed(tasks, monkeypatch, seed, option):
    ran = []
    monkeypatch.setattr(tasks, "setup", lambda: None)
    monkeypatch.setattr(tasks, "run", lambda *command, **kwargs: ran.append([str(c) for c in command]))
    tasks.main(["test-random", f"--seed={seed}"])
    assert ran == [[str(tasks.PYTHON), "-m", "pytest", "-p", "randomly", *option, "tests", "lrlib"]]


@pytest.mark.parametrize("options", [[], ["--fresh", "--tracks", "oldest"]])
def test_test_compat_runs_the_tracks_with_this_python_and_needs_no_venv(tasks, monkeypatch, options):
    ran = []
    monkeypatch.setattr(tasks, "setup", lambda: pytest.fail("test-compat set up .venv"))
    monkeypatch.setattr(tasks, "run", lambda *command, **kwargs: ran.append([str(c) for c in command]))
    tasks.main(["test-compat", *options])
    assert ran == [[sys.executable, "scripts/compat.py", *options]]
