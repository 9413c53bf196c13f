"""Fault isolation: an exception for one document, article or corpus unit becomes a
recorded ``Problem`` and the run goes on (``capture``), kept in the ``problems`` table
(``table``), listed by ``newstrace problems`` and exported with ``--what problems``."""

from newstrace.problems.capture import ProblemLog, collecting, guard, problem_from, step

__all__ = ["ProblemLog", "collecting", "guard", "problem_from", "step"]
