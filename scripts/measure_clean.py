"""Same as `newstrace eval cleaning` (once registered), runnable from a checkout:

    PYTHONPATH=src python scripts/measure_clean.py ../shared/corpora/polnear/train/text \
        ../shared/corpora/semeval2023t3_en/train/train-articles-subtask-1
"""

from __future__ import annotations

import typer

from newstrace.clean.evaluate_cleaning import eval_cleaning

if __name__ == "__main__":
    typer.run(eval_cleaning)
