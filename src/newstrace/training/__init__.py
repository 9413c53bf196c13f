"""``newstrace train``: retrain the models that ship inside the package."""
