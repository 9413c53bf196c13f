"""The one spaCy pass per article that every later stage reuses."""

from newstrace.nlp.model import MAX_NLP_CHARS, load_nlp, parse_texts

__all__ = ["MAX_NLP_CHARS", "load_nlp", "parse_texts"]
