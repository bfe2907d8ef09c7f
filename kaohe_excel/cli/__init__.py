"""The `kaohe` command: one module per command family, each imported when its command runs."""

from .main import main

__all__ = ["main"]
