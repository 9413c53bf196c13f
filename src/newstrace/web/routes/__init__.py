"""One module per view: each stage's page is one route plus one template."""
