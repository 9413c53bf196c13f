"""The static, self-contained HTML report (``newstrace report``)."""
