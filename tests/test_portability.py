"""scripts/portability.py: which kernels it runs, the environment it sets, how it reads nbval."""

import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def portability(monkeypatch):
    monkeypatch.syspath_prepend(str(REPO / "scripts"))  # scripts import `course` as their neighbour
    import portability

    return portability


AVX2_ONLY = {"SSE3": True, "AVX": True, "AVX2": True, "FMA3": True, "AVX512F": False}
AVX512 = {**AVX2_ONLY, **dict.fromkeys(["AVX512F", "AVX512CD", "AVX512BW", "AVX512DQ", "AVX512VL"], True)}
DISPATCHED = ["X86_V3", "X86_V4", "AVX512_ICL", "AVX512_SPR"]  # numpy 2.4's x86 dispatch targets


def test_each_kernel_caps_every_dispatcher_at_its_instruction_set(portability):
    by_name = {kernel.name: kernel for kernel in portability.KERNELS}
    haswell = portability.kernel_env(by_name["Haswell"], DISPATCHED)
    assert haswell == {
        "OPENBLAS_CORETYPE": "Haswell",
        "ATEN_CPU_CAPABILITY": "avx2",
        "MKL_ENABLE_INSTRUCTIONS": "AVX2",
        "ONEDNN_MAX_CPU_ISA": "AVX2",
        "NPY_DISABLE_CPU_FEATURES": "X86_V4 AVX512_ICL AVX512_SPR",
    }
    prescott = portability.kernel_env(by_name["Prescott"], DISPATCHED)
    assert prescott["NPY_DISABLE_CPU_FEATURES"] == "X86_V3 X86_V4 AVX512_ICL AVX512_SPR"
    assert prescott["ATEN_CPU_CAPABILITY"] == "default" and prescott["MKL_ENABLE_INSTRUCTIONS"] == "SSE4_2"
    # Skylake-X has AVX-512 but not Ice Lake's extensions; a target numpy lacks is never named
    skylake = portability.kernel_env(by_name["SkylakeX"], ["AVX512_ICL"])
    assert skylake["NPY_DISABLE_CPU_FEATURES"] == "AVX512_ICL"
    assert "NPY_DISABLE_CPU_FEATURES" not in portability.kernel_env(by_name["SkylakeX"], ["X86_V3"])


def test_kernels_the_cpu_cannot_run_or_openblas_does_not_take_are_skipped_with_the_reason(portability, monkeypatch):
    monkeypatch.setattr(portability, "cpu_features", lambda python: AVX2_ONLY)
    monkeypatch.setattr(portability, "numpy_dispatch", lambda python: DISPATCHED)
    # this OpenBLAS runs Haswell's kernels when asked for Zen's
    taken = {"Zen": "Haswell"}
    monkeypatch.setattr(
        portability, "blas_architectures",
        lambda python, env: {taken.get(env["OPENBLAS_CORETYPE"], env["OPENBLAS_CORETYPE"])},
    )
    runs = {run.label: run for run in portability.plan(Path(sys.executable), [k.name for k in portability.KERNELS], True)}
    assert list(runs) == ["Prescott", "Sandybridge", "Haswell", "Zen", "SkylakeX", "1 thread"]
    assert runs["SkylakeX"].skipped == "this CPU lacks AVX512F, AVX512CD, AVX512BW, AVX512DQ, AVX512VL"
    assert runs["Zen"].skipped == "this OpenBLAS runs Haswell kernels for Zen"
    assert not any(runs[name].skipped for name in ["Prescott", "Sandybridge", "Haswell", "1 thread"])
    assert runs["1 thread"].env == {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
    chosen = portability.plan(Path(sys.executable), ["Haswell"], False)
    assert [run.label for run in chosen] == ["Haswell"]


def test_openblas_names_prescotts_kernel_after_the_pentium_iii(portability):
    assert portability.kernel_name("Katmai") == "Prescott"
    assert portability.kernel_name("Prescott") == "Prescott"
    assert portability.kernel_name("Haswell") == "Haswell"


def test_the_table_counts_cells_per_chapter_and_marks_failures_and_skips(portability):
    report = "\n".join([
        "PASSED notebooks/09-regularisation-and-features.ipynb::Cell 0",
        "FAILED notebooks/09-regularisation-and-features.ipynb::Cell 4 - Notebook cell execution failed",
        "PASSED notebooks/01-odds-and-maximum-likelihood.ipynb::Cell 0",
        "PASSED tests/test_other.py::test_not_a_notebook",
    ])
    cells = portability.cell_results(report)
    assert cells == {"09": {"PASSED": ["Cell 0"], "FAILED": ["Cell 4"]}, "01": {"PASSED": ["Cell 0"], "FAILED": []}}
    runs = [portability.Run("Haswell", {}, cells=cells), portability.Run("SkylakeX", {}, skipped="lacks AVX512F")]
    lines = portability.table(runs, ["01-odds", "09-regularisation"]).splitlines()
    assert lines[0].split("|")[1:-1] == [" chapter           ", " Haswell ", " SkylakeX "]
    assert [cell.strip() for cell in lines[2].split("|")[1:-1]] == ["01-odds", "1/1", "skipped"]
    assert [cell.strip() for cell in lines[3].split("|")[1:-1]] == ["09-regularisation", "1/2 ✘1", "skipped"]


def test_pytests_own_summary_of_an_nbval_run_is_read(portability, tmp_path):
    # the summary format the table depends on, from a real strict nbval run in a kernel
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("print(1 + 1)", execution_count=1),
                nbformat.v4.new_code_cell("print(0.1 + 0.2)", execution_count=2)]
    nb.cells[0].outputs = [nbformat.v4.new_output("stream", name="stdout", text="2\n")]
    nb.cells[1].outputs = [nbformat.v4.new_output("stream", name="stdout", text="0.3\n")]  # it prints 0.30000000000000004
    nbformat.write(nb, tmp_path / "01-probe.ipynb")
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-p", "no:randomly", "-q", "-rA",
         "--color=no", "--nbval", "--nbval-current-env", "01-probe.ipynb"],
        cwd=tmp_path, capture_output=True, text=True, timeout=300,
    )
    assert portability.cell_results(done.stdout) == {"01": {"PASSED": ["Cell 0"], "FAILED": ["Cell 1"]}}, done.stdout
