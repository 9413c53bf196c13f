"""Readers: files and folders in, ``RawDocument`` (or ``InputProblem``) out."""

from newstrace.ingest.discover import iter_inputs

__all__ = ["iter_inputs"]
