"""Pure domain logic: models, ranking, calendar, platform rules, safety, export rendering."""
