"""Small self-contained widgets the panes are built from."""
