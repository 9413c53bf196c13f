"""Exports: the INTERFACE.md records as JSON Lines, CSV or Parquet."""

from newstrace.export.run import FORMATS, export, export_every

__all__ = ["FORMATS", "export", "export_every"]
