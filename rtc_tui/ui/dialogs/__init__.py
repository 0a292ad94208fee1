"""Modal screens: the dialogs a pane or the app opens (each answers through its dismiss value)."""
