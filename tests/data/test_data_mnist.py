"""lrlib.data.load_mnist: every source, bad files, failed downloads, no hang offline.

The tests write their own tiny MNIST files (IDX format, written here with ``struct``
independently of lrlib's writer) and point the loader's checksum table at them.
"""

import gzip
import hashlib
import socket
import struct
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pytest
import torch
from torchvision import transforms
from torchvision.datasets import MNIST

from lrlib.data import MNISTData, MNISTFileError, load_mnist
from lrlib.data import mnist as mnist_module
from lrlib.data.__main__ import main as get_full_mnist
from lrlib.data.mnist import (
    ENV_VAR,
    FILE_NAMES,
    SAMPLE_DIR,
    _find_files,
    _internet_available,
    _read_idx,
    _write_idx,
    data_folder,
    user_cache_folder,
)

ROOT = Path(__file__).resolve().parents[2]
OFFICIAL_RAW = ROOT / "data" / "MNIST" / "raw"
HAVE_OFFICIAL = all((OFFICIAL_RAW / f"{name}.gz").is_file() for name in FILE_NAMES)


def idx_bytes(array: np.ndarray) -> bytes:
    """An IDX file of unsigned bytes, written by the format's definition (magic 0x08, ndim, big-endian sizes)."""
    header = struct.pack(">BBBB", 0, 0, 0x08, array.ndim) + struct.pack(f">{array.ndim}I", *array.shape)
    return header + array.astype(np.uint8).tobytes()


def write_tiny_mnist(folder: Path, *, gz: bool = True, n_train: int = 30, n_test: int = 12, seed: int = 0):
    """Write the four files with random images and labels; return the arrays."""
    rng = np.random.default_rng(seed)
    arrays = [
        rng.integers(0, 256, size=(n_train, 28, 28), dtype=np.uint8),
        rng.integers(0, 10, size=n_train, dtype=np.uint8),
        rng.integers(0, 256, size=(n_test, 28, 28), dtype=np.uint8),
        rng.integers(0, 10, size=n_test, dtype=np.uint8),
    ]
    folder.mkdir(parents=True, exist_ok=True)
    for name, array in zip(FILE_NAMES, arrays, strict=True):
        data = idx_bytes(array)
        (folder / (f"{name}.gz" if gz else name)).write_bytes(gzip.compress(data) if gz else data)
    return arrays


def md5(path: Path) -> str:
    return hashlib.md5(path.read_bytes(), usedforsecurity=False).hexdigest()


def trust(monkeypatch, folder: Path) -> None:
    """Make the loader accept the files now in ``folder`` as the official ones."""
    table = {p.name: md5(p) for p in folder.iterdir() if p.is_file()}
    monkeypatch.setattr(mnist_module, "MNIST_MD5", table)


@pytest.fixture(autouse=True)
def no_env_and_no_network(monkeypatch):
    """No test sees the developer's LRLIB_MNIST_DIR, and none may reach the network."""
    monkeypatch.delenv(ENV_VAR, raising=False)

    def forbidden(*args, **kwargs):
        raise AssertionError("a test tried to reach the network")

    monkeypatch.setattr(mnist_module, "_internet_available", forbidden)
    monkeypatch.setattr(mnist_module, "_torchvision_download", forbidden)


def assert_matches(data: MNISTData, arrays) -> None:
    X_train, y_train, X_test, y_test = arrays
    assert data.X_train.dtype == torch.float32 and data.y_train.dtype == torch.int64
    assert data.X_train.shape == (len(X_train), 784) and data.X_test.shape == (len(X_test), 784)
    np.testing.assert_array_equal(data.X_train.numpy(), X_train.reshape(len(X_train), -1) / np.float32(255))
    np.testing.assert_array_equal(data.X_test.numpy(), X_test.reshape(len(X_test), -1) / np.float32(255))
    np.testing.assert_array_equal(data.y_train.numpy(), y_train)
    np.testing.assert_array_equal(data.y_test.numpy(), y_test)


# ----------------------------------------------------------------------------- source 1: files

@pytest.mark.parametrize("gz", [True, False], ids=["gz", "extracted"])
def test_official_files_in_data_mnist_raw_are_used_first(tmp_path, monkeypatch, capsys, gz):
    raw = tmp_path / "MNIST" / "raw"
    arrays = write_tiny_mnist(raw, gz=gz)
    trust(monkeypatch, raw)
    data = load_mnist(tmp_path)
    assert data.source == "files" and data.is_full and data.location == raw
    assert_matches(data, arrays)
    out = capsys.readouterr().out
    assert "official files" in out and "MD5 verified" in out and "30 training and 12 test" in out


def test_gz_is_preferred_when_both_forms_are_present(tmp_path, monkeypatch):
    raw = tmp_path / "MNIST" / "raw"
    write_tiny_mnist(raw, gz=False, seed=1)
    arrays = write_tiny_mnist(raw, gz=True, seed=2)
    trust(monkeypatch, raw)
    assert_matches(load_mnist(tmp_path, verbose=False), arrays)


def test_environment_variable_names_the_folder(tmp_path, monkeypatch):
    elsewhere = tmp_path / "my-mnist"
    arrays = write_tiny_mnist(elsewhere)
    trust(monkeypatch, elsewhere)
    monkeypatch.setenv(ENV_VAR, str(elsewhere))
    data = load_mnist(verbose=False)
    assert data.source == "files" and data.location == elsewhere
    assert ENV_VAR in data.message
    assert_matches(data, arrays)


def test_environment_variable_may_name_a_folder_in_torchvisions_layout(tmp_path, monkeypatch):
    arrays = write_tiny_mnist(tmp_path / "MNIST" / "raw")
    trust(monkeypatch, tmp_path / "MNIST" / "raw")
    monkeypatch.setenv(ENV_VAR, str(tmp_path))
    assert_matches(load_mnist(verbose=False), arrays)


def test_the_root_argument_comes_before_the_environment_variable(tmp_path, monkeypatch):
    arrays = write_tiny_mnist(tmp_path / "root" / "MNIST" / "raw", seed=1)
    write_tiny_mnist(tmp_path / "env", seed=2)
    trust(monkeypatch, tmp_path / "root" / "MNIST" / "raw")
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "env"))
    data = load_mnist(tmp_path / "root", verbose=False)
    assert data.location == tmp_path / "root" / "MNIST" / "raw"
    assert_matches(data, arrays)


def test_the_data_folder_is_chosen_in_the_documented_order(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    assert data_folder(tmp_path / "r") == (tmp_path / "r", "the root argument")
    assert data_folder()[0] == ROOT / "data"  # the tests run from the checkout
    monkeypatch.setattr(mnist_module, "_course_checkout", lambda: None)  # as an installed lrlib
    folder, why = data_folder()
    assert folder == tmp_path / "cache" / "lrlib" and "per-user cache" in why
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "e"))
    assert data_folder() == (tmp_path / "e", ENV_VAR)
    assert data_folder(tmp_path / "r")[0] == tmp_path / "r"


def test_the_cache_folder_follows_xdg_and_ignores_a_relative_value(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert user_cache_folder() == tmp_path / "lrlib"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/dir")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert user_cache_folder() == tmp_path / "home" / ".cache" / "lrlib"


def test_environment_variable_without_the_files_is_an_error_not_a_silent_fallback(tmp_path, monkeypatch):
    (tmp_path / "empty").mkdir()
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "empty"))
    with pytest.raises(FileNotFoundError, match=rf"{ENV_VAR}.*train-images-idx3-ubyte.gz.*unset"):
        load_mnist(download=False)


@pytest.mark.skipif(not HAVE_OFFICIAL, reason="the official files are not in data/MNIST/raw (CI copies them)")
def test_the_real_official_files_load_with_their_published_checksums():
    data = load_mnist(verbose=False, download=False)
    assert data.source == "files"
    assert data.X_train.shape == (60_000, 784) and data.X_test.shape == (10_000, 784)
    # Test-set class counts, as documented for MNIST (e.g. in torchvision's and Keras' docs).
    assert torch.bincount(data.y_test).tolist() == [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]
    assert float(data.X_train.min()) == 0.0 and float(data.X_train.max()) == 1.0


# ----------------------------------------------------------------------------- bad files

def test_wrong_md5_names_the_file_and_the_fix(tmp_path):
    raw = tmp_path / "MNIST" / "raw"
    write_tiny_mnist(raw)  # valid IDX files, but not the official ones
    with pytest.raises(MNISTFileError) as err:
        load_mnist(tmp_path, download=False)
    message = str(err.value)
    assert str(raw / "train-images-idx3-ubyte.gz") in message
    assert "MD5" in message and "f68b3c2dcbeaaa9fbdd348bbdeb94873" in message and "Delete" in message


def test_a_bad_file_is_an_error_even_when_others_are_missing(tmp_path, monkeypatch):
    raw = tmp_path / "MNIST" / "raw"
    write_tiny_mnist(raw)
    trust(monkeypatch, raw)
    (raw / "t10k-labels-idx1-ubyte.gz").unlink()
    (raw / "t10k-images-idx3-ubyte.gz").write_bytes(b"not what it was")
    with pytest.raises(MNISTFileError, match="t10k-images-idx3-ubyte.gz.*MD5"):
        load_mnist(tmp_path, download=False)


def test_truncated_gzip_with_a_matching_checksum_is_still_caught(tmp_path, monkeypatch):
    raw = tmp_path / "MNIST" / "raw"
    write_tiny_mnist(raw)
    path = raw / "train-images-idx3-ubyte.gz"
    path.write_bytes(path.read_bytes()[:200])
    trust(monkeypatch, raw)
    with pytest.raises(MNISTFileError, match=r"train-images-idx3-ubyte.gz is not a readable gzip file.*Delete"):
        load_mnist(tmp_path, download=False)


@pytest.mark.parametrize(
    "mangle, words",
    [
        (lambda b: b[:-100], "truncated"),
        (lambda b: b + b"\x00", "truncated or corrupt"),
        (lambda b: b"\x00\x00\x0d\x03" + b[4:], "bad header"),
        (lambda b: b[:6], "header is incomplete"),
    ],
    ids=["short", "long", "float-magic", "short-header"],
)
def test_a_malformed_idx_file_is_explained(tmp_path, monkeypatch, mangle, words):
    raw = tmp_path / "MNIST" / "raw"
    write_tiny_mnist(raw, gz=False)
    path = raw / "train-images-idx3-ubyte"
    path.write_bytes(mangle(path.read_bytes()))
    trust(monkeypatch, raw)
    with pytest.raises(MNISTFileError, match=words) as err:
        load_mnist(tmp_path, download=False)
    assert str(path) in str(err.value)


def test_images_and_labels_of_different_lengths_are_rejected(tmp_path, monkeypatch):
    raw = tmp_path / "MNIST" / "raw"
    write_tiny_mnist(raw)
    (raw / "train-labels-idx1-ubyte.gz").write_bytes(gzip.compress(idx_bytes(np.zeros(7, np.uint8))))
    trust(monkeypatch, raw)
    with pytest.raises(MNISTFileError, match="do not match"):
        load_mnist(tmp_path, download=False)


# ----------------------------------------------------------------------------- source 3: the sample

def test_sample_fallback_says_so_in_three_lines_ending_with_the_command(tmp_path, capsys):
    data = load_mnist(tmp_path, download=False)
    assert data.source == "sample" and not data.is_full and data.location == SAMPLE_DIR
    assert data.X_train.shape == (5_000, 784) and data.X_test.shape == (1_000, 784)
    assert data.X_train.dtype == torch.float32 and data.y_test.dtype == torch.int64
    assert 0.0 <= float(data.X_train.min()) and float(data.X_train.max()) <= 1.0
    assert set(torch.unique(data.y_train).tolist()) == set(range(10))
    out = capsys.readouterr().out
    assert out.strip() == data.message
    lines = data.message.splitlines()
    assert len(lines) <= 3 and all(len(line) <= 160 + len(str(tmp_path)) for line in lines)
    for words in ["small sample", "download=False", str(tmp_path / "MNIST" / "raw"), "the root argument"]:
        assert words in data.message
    assert lines[-1] == f"python -m lrlib.data --root {tmp_path}"


def test_the_default_fallback_names_the_course_data_folder_and_the_plain_command(monkeypatch):
    """As on a machine without the full files (the real ones may be in data/MNIST/raw here)."""
    real = _find_files
    monkeypatch.setattr(mnist_module, "_find_files", lambda folder: real(folder) if folder == SAMPLE_DIR else {})
    data = load_mnist(download=False, verbose=False)
    assert data.source == "sample"
    assert f"data/MNIST/raw (the course's data folder; {ENV_VAR} may name another)" in data.message
    assert data.message.splitlines()[-1] == "python -m lrlib.data"


def test_a_long_download_error_keeps_the_message_short(tmp_path, monkeypatch, prepared):
    def fails(folder):
        raise RuntimeError("x" * 5_000 + "\nsecond line")

    monkeypatch.setattr(mnist_module, "_torchvision_download", fails)
    data = load_mnist(tmp_path / "data", verbose=False)
    assert data.source == "sample" and "download failed (RuntimeError: xxx" in data.message
    assert len(data.message.splitlines()) == 3 and len(data.message) < 500 + 2 * len(str(tmp_path))


def test_the_command_downloads_full_mnist(tmp_path, monkeypatch, prepared, capsys):
    source, arrays = prepared
    monkeypatch.setattr(mnist_module, "_torchvision_download", fake_download(source))
    assert get_full_mnist([f"--root={tmp_path / 'data'}"]) == 0
    assert "downloaded by torchvision" in capsys.readouterr().out
    assert_matches(load_mnist(tmp_path / "data", verbose=False), arrays)


def test_the_command_explains_a_bad_file_without_a_traceback(tmp_path, capsys):
    write_tiny_mnist(tmp_path / "MNIST" / "raw")  # not the official files: wrong MD5s
    assert get_full_mnist(["--root", str(tmp_path)]) == 1
    assert "MD5" in capsys.readouterr().err


def test_the_command_offline_says_where_to_copy_the_files(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(mnist_module, "_internet_available", lambda **kwargs: False)
    assert get_full_mnist(["--root", str(tmp_path), "--timeout", "0.5"]) == 1
    err = capsys.readouterr().err
    assert "Could not get full MNIST" in err and str(tmp_path / "MNIST" / "raw") in err
    assert "train-images-idx3-ubyte.gz" in err and leftovers(tmp_path) == []


def test_the_shipped_sample_is_small_and_checksummed():
    sizes = [(SAMPLE_DIR / f"{name}.gz").stat().st_size for name in FILE_NAMES]
    assert sum(sizes) < 1_500_000
    assert {f"{name}.gz": md5(SAMPLE_DIR / f"{name}.gz") for name in FILE_NAMES} == mnist_module.SAMPLE_MD5


@pytest.mark.skipif(not HAVE_OFFICIAL, reason="the official files are not in data/MNIST/raw (CI copies them)")
def test_the_sample_is_the_first_images_of_the_official_files(tmp_path):
    import runpy

    make_sample = runpy.run_path(str(ROOT / "scripts" / "make_mnist_sample.py"))["make_sample"]
    make_sample(OFFICIAL_RAW, tmp_path)
    for name in FILE_NAMES:  # compare contents: gzip bytes may differ between zlib builds
        made = gzip.decompress((tmp_path / f"{name}.gz").read_bytes())
        shipped = gzip.decompress((SAMPLE_DIR / f"{name}.gz").read_bytes())
        assert made == shipped, name
    official = _read_idx(OFFICIAL_RAW / "train-labels-idx1-ubyte.gz", "")
    sample = _read_idx(SAMPLE_DIR / "train-labels-idx1-ubyte.gz", "")
    np.testing.assert_array_equal(sample, official[:5_000])


def test_the_writer_and_reader_round_trip_and_match_the_format(tmp_path):
    images = np.arange(2 * 28 * 28, dtype=np.uint8).reshape(2, 28, 28)
    _write_idx(tmp_path / "a.gz", images)
    _write_idx(tmp_path / "b", images[:, 0, 0])
    np.testing.assert_array_equal(_read_idx(tmp_path / "a.gz", ""), images)
    assert (tmp_path / "b").read_bytes() == idx_bytes(images[:, 0, 0])
    assert gzip.decompress((tmp_path / "a.gz").read_bytes()) == idx_bytes(images)
    with pytest.raises(ValueError, match="1- or 3-dimensional"):
        _write_idx(tmp_path / "c", np.zeros((2, 2), np.uint8))


# ----------------------------------------------------------------------------- source 2: download

def fake_download(arrays_folder: Path, *, fail_after: int | None = None, corrupt: bool = False):
    """A stand-in for torchvision's download: copies prepared files, optionally failing midway."""

    def download(folder: Path) -> None:
        raw = folder / "MNIST" / "raw"
        raw.mkdir(parents=True)
        for i, name in enumerate(FILE_NAMES):
            data = (arrays_folder / f"{name}.gz").read_bytes()
            if fail_after is not None and i == fail_after:
                (raw / f"{name}.gz").write_bytes(data[: len(data) // 2])  # the partial file
                raise OSError("connection reset by peer")
            (raw / f"{name}.gz").write_bytes(data[:-1] if corrupt else data)

    return download


@pytest.fixture
def prepared(tmp_path, monkeypatch):
    """Tiny 'official' files in a folder the fake download copies from; the loader trusts them."""
    source = tmp_path / "server"
    arrays = write_tiny_mnist(source)
    trust(monkeypatch, source)
    monkeypatch.setattr(mnist_module, "_internet_available", lambda **kwargs: True)
    return source, arrays


def leftovers(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def test_download_moves_complete_verified_files_into_place(tmp_path, monkeypatch, prepared):
    source, arrays = prepared
    root = tmp_path / "data"
    monkeypatch.setattr(mnist_module, "_torchvision_download", fake_download(source))
    data = load_mnist(root, verbose=False)
    assert data.source == "download" and data.is_full
    assert_matches(data, arrays)
    assert leftovers(root) == sorted(f"MNIST/raw/{name}.gz" for name in FILE_NAMES)
    assert not list(root.glob(".mnist-download-*"))
    assert load_mnist(root, verbose=False).source == "files"  # the next call finds them on disk


@pytest.mark.parametrize("fail_after", [0, 2, 3])
def test_an_interrupted_download_leaves_no_partial_file(tmp_path, monkeypatch, prepared, capsys, fail_after):
    source, _ = prepared
    root = tmp_path / "data"
    monkeypatch.setattr(mnist_module, "_torchvision_download", fake_download(source, fail_after=fail_after))
    data = load_mnist(root)
    assert data.source == "sample"
    assert leftovers(root) == []
    assert "download failed" in capsys.readouterr().out and "connection reset" in data.message


def test_a_download_with_a_wrong_checksum_is_not_kept(tmp_path, monkeypatch, prepared):
    source, _ = prepared
    root = tmp_path / "data"
    monkeypatch.setattr(mnist_module, "_torchvision_download", fake_download(source, corrupt=True))
    data = load_mnist(root, verbose=False)
    assert data.source == "sample" and "MD5" in data.message
    assert leftovers(root) == []


def test_a_partial_set_on_disk_is_completed_by_a_download(tmp_path, monkeypatch, prepared):
    source, arrays = prepared
    raw = tmp_path / "data" / "MNIST" / "raw"
    raw.mkdir(parents=True)
    (raw / "train-labels-idx1-ubyte.gz").write_bytes((source / "train-labels-idx1-ubyte.gz").read_bytes())
    monkeypatch.setattr(mnist_module, "_torchvision_download", fake_download(source))
    data = load_mnist(tmp_path / "data", verbose=False)
    assert data.source == "download"
    assert_matches(data, arrays)


def test_without_internet_the_loader_falls_back_to_the_sample(tmp_path, monkeypatch):
    monkeypatch.setattr(mnist_module, "_internet_available", lambda **kwargs: False)
    data = load_mnist(tmp_path, verbose=False, timeout=0.5)
    assert data.source == "sample" and "did not answer within 0.5 s" in data.message
    assert leftovers(tmp_path) == []


# ----------------------------------------------------------------------------- offline: no hang

@pytest.fixture
def stall():
    """A stand-in for a network call that never answers, released when the test ends.

    The probe thread blocked in it then gets an ``OSError``, as from a real dead
    network, and finishes: nothing the test started outlives it.
    """
    released = threading.Event()

    def never_answers(*args, **kwargs):
        released.wait()
        raise OSError("the stalled call was released at the end of the test")

    yield never_answers
    released.set()


@pytest.mark.parametrize("name", ["getaddrinfo", "create_connection"])
def test_a_network_that_never_answers_costs_at_most_the_timeout(monkeypatch, stall, name):
    """A black-holed network (or a name lookup that never returns) must not hold the loader."""
    monkeypatch.setattr(socket, name, stall)
    start = time.perf_counter()
    assert _internet_available(timeout=0.3) is False
    assert time.perf_counter() - start < 3  # generous: the point is "not forever"


def test_the_loader_offline_returns_the_sample_within_seconds(tmp_path, monkeypatch, stall):
    monkeypatch.setattr(mnist_module, "_internet_available", _internet_available)  # the real probe
    monkeypatch.setattr(socket, "create_connection", stall)
    start = time.perf_counter()
    data = load_mnist(tmp_path, timeout=0.5, verbose=False)
    assert data.source == "sample"
    assert time.perf_counter() - start < 10


@pytest.mark.parametrize("error", [AttributeError("'NoneType' object has no attribute 'close'"),
                                   TypeError("cannot unpack None"), RuntimeError("resolver gave up")])
def test_the_probe_catches_every_failure_of_its_own_attempt(monkeypatch, error):
    """Whatever the attempt raises means "not reachable"; nothing escapes the probe thread."""
    escaped = []

    def broken(*args, **kwargs):
        raise error

    monkeypatch.setattr(socket, "create_connection", broken)
    monkeypatch.setattr(threading, "excepthook", escaped.append)
    assert _internet_available(timeout=2.0) is False
    assert escaped == []


def test_the_probe_reports_a_listening_server_as_reachable():
    server = socket.create_server(("127.0.0.1", 0))
    address = server.getsockname()[:2]
    try:
        assert _internet_available(address, timeout=2.0) is True
    finally:
        server.close()
    assert _internet_available(address, timeout=2.0) is False  # nothing listens there any more


# ----------------------------------------------------------------------------- the dataset form

def test_torchvision_dataset_form_matches_the_tensors(tmp_path):
    data = load_mnist(tmp_path, download=False, verbose=False)
    train = data.train_dataset(transform=transforms.ToTensor())
    test = data.test_dataset()
    assert isinstance(train, MNIST) and train.train and not test.train
    assert len(train) == len(data.y_train) and len(test) == len(data.y_test)
    image, label = train[7]
    assert image.shape == (1, 28, 28) and image.dtype == torch.float32
    assert torch.equal(image.flatten(), data.X_train[7]) and label == int(data.y_train[7])
    pil, _ = test[3]
    np.testing.assert_array_equal(np.asarray(pil), (data.X_test[3] * 255).reshape(28, 28).round().numpy())
    assert "Transform: ToTensor()" in repr(train)
    loader = torch.utils.data.DataLoader(train, batch_size=100)
    assert loader.num_workers == 0
    images, labels = next(iter(loader))
    assert images.shape == (100, 1, 28, 28) and torch.equal(labels, data.y_train[:100])


def test_repr_and_numpy_view(tmp_path):
    data = load_mnist(tmp_path, download=False, verbose=False)
    assert repr(data).startswith("MNISTData(source='sample', train=5000, test=1000")
    X_train, y_train, X_test, y_test = data.numpy()
    assert isinstance(X_train, np.ndarray) and X_train.dtype == np.float32 and y_test.dtype == np.int64
    assert np.shares_memory(X_train, data.X_train.numpy())


# ----------------------------------------------------------------------------- bad arguments

@pytest.mark.parametrize(
    "kwargs, error, words",
    [
        ({"root": 3}, TypeError, "root"),
        ({"download": "yes"}, TypeError, "download"),
        ({"verbose": 1}, TypeError, "verbose"),
        ({"timeout": 0}, ValueError, "timeout"),
        ({"timeout": "3"}, TypeError, "timeout"),
    ],
)
def test_bad_arguments_are_named(kwargs, error, words):
    with pytest.raises(error, match=words):
        load_mnist(**kwargs)
