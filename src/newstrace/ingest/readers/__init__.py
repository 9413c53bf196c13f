"""One reader per input format; each yields ``RawDocument`` / ``InputProblem`` for one file."""
