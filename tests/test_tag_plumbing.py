"""scripts/tag_plumbing.py: the chapters' plumbing cells carry the tag the website folds them by."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SCRIPT = REPO / "scripts" / "tag_plumbing.py"
CHAPTER = REPO / "notebooks" / "01-odds-and-maximum-likelihood.ipynb"


def run(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(SCRIPT), *map(str, args)], capture_output=True, text=True)


def test_every_chapter_has_its_plumbing_tagged():
    checked = run("--check")
    assert checked.returncode == 0, f"{checked.stdout}run `python scripts/tag_plumbing.py`"


def test_tagging_changes_only_tags_and_is_idempotent(tmp_path):
    nb = json.loads(CHAPTER.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        cell["metadata"].pop("tags", None)
    untagged = tmp_path / CHAPTER.name
    untagged.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    assert run("--check", untagged).returncode == 1
    assert run(untagged).returncode == 0
    once = untagged.read_text(encoding="utf-8")
    tagged = json.loads(once)
    first_code = next(cell for cell in tagged["cells"] if cell["cell_type"] == "code")
    assert first_code["metadata"]["tags"] == ["hide-input"]
    for before, after in zip(nb["cells"], tagged["cells"], strict=True):  # sources and outputs untouched
        assert {k: v for k, v in before.items() if k != "metadata"} == {k: v for k, v in after.items()
                                                                        if k != "metadata"}
    twice = tmp_path / "again.ipynb"
    shutil.copy(untagged, twice)
    assert run(twice).returncode == 0 and twice.read_text(encoding="utf-8") == once
