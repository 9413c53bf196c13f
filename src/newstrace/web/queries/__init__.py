"""One module per view: the portable SQL that view runs (through ``WebData``)."""
