"""The four panes: Trending, Calendar, Draft, Checklist."""
