"""Fixtures: the golden suite's lists and the `uniqr` binary."""

import os

import pytest

from support import read


@pytest.fixture(scope="session")
def trust():
    return read("trust/main.json")


@pytest.fixture(scope="session")
def revoked():
    return read("trust/revoked.json").decode("utf-8")


@pytest.fixture(scope="session")
def uniqr_bin():
    """The `uniqr` binary named by UNIQR_BIN: a failure, not a skip, without it."""
    path = os.environ.get("UNIQR_BIN")
    if not path:
        pytest.fail("UNIQR_BIN is not set: build the CLI (cargo build --release -p uniqr-cli) "
                    "and set UNIQR_BIN=target/release/uniqr")
    if not (os.path.isfile(path) and os.access(path, os.X_OK)):
        pytest.fail("UNIQR_BIN=%s is not an executable file" % path)
    return os.path.abspath(path)
