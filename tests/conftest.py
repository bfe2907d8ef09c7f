"""Session-wide fixtures: built once however many test modules use them."""

from __future__ import annotations

from pathlib import Path

import pytest
from demo_outputs import build_demo_outputs


@pytest.fixture(scope="session")
def demo_year_outputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder holding every Open XML file a demo year's commands write (demo_outputs)."""
    return build_demo_outputs(tmp_path_factory.mktemp("demo_year_outputs"))
