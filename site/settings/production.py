"""Production: the base settings are already production-safe."""

from .base import *  # noqa: F403
