"""Conflict events: ACLED-typed event mentions with actors, place, date and casualties."""
