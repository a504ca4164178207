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


@pytest.fixture
def release_copy(tasks, monkeypatch, tmp_path):
    """tasks.py's release files pointed at copies in tmp_path."""
    for name, source in [("VERSION_FILE", REPO / "lrlib" / "__init__.py"), ("CITATION", REPO / "CITATION.cff"),
                         ("CHANGELOG", REPO / "CHANGELOG.md")]:
        copy = tmp_path / source.name
        copy.write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
        monkeypatch.setattr(tasks, name, copy)
    return tasks


@pytest.mark.parametrize("version, words", [("1.2", "is not a version"), ("9.9.9", "no section '## 9.9.9'")])
def test_release_refuses_a_bad_version_or_one_the_changelog_lacks(release_copy, capsys, version, words):
    with pytest.raises(SystemExit, match=re.escape(words)):
        release_copy.check_release(version)


def test_release_sets_the_version_in_lrlib_and_in_the_citation(release_copy):
    import datetime

    release_copy.CHANGELOG.write_text("## [0.2.0] - 2027-01-05\n", encoding="utf-8")
    release_copy.check_release("0.2.0")
    files = release_copy.release_files("0.2.0", datetime.date(2027, 1, 5))
    assert '__version__ = "0.2.0"' in files[release_copy.VERSION_FILE]
    assert 'version: "0.2.0"' in files[release_copy.CITATION]
    assert 'date-released: "2027-01-05"' in files[release_copy.CITATION]
    assert files[release_copy.CITATION].count("0.2.0") == 1  # cff-version is left alone


def test_the_current_version_can_be_released(tasks):
    tasks.check_release(tasks.current_version())  # CI runs the whole of it: tasks.py release --dry-run
