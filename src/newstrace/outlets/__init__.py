"""Outlets: the registry of news outlets and agencies, and which outlet a document is from."""

from newstrace.outlets.registry import KINDS, Mention, Outlet, OutletKind, OutletRegistry, registry

__all__ = ["KINDS", "Mention", "Outlet", "OutletKind", "OutletRegistry", "registry"]
