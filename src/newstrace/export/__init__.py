"""Exports: the INTERFACE.md records as JSON Lines, CSV or Parquet."""

from newstrace.export.run import FORMATS, export

__all__ = ["FORMATS", "export"]
