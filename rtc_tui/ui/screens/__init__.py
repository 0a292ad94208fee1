"""The main screen: it arranges the panes and routes messages between them."""
