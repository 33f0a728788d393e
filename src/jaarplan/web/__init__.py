"""The werkomgeving: ``jaarplan serve``, the plan in the browser for the team, over the library API."""

from .app import Settings, create_app, is_loopback

__all__ = ["Settings", "create_app", "is_loopback"]
