"""newstrace: who said what, what happened, and who copied whom in scraped news."""

__version__ = "0.1.0"
