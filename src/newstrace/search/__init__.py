"""Search queries as analysts type them, parsed once for every storage engine."""
