"""The name preview.py writes through; the implementation is fsutil.atomic_write_bytes."""

from __future__ import annotations

from .fsutil import atomic_write_bytes as write_atomically

__all__ = ["write_atomically"]
