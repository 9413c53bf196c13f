"""Entities: mentions linked to entities through an alias registry kept as data."""
