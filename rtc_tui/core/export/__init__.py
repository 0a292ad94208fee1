"""Export: renderers turning a draft and its checklist state into briefs, records and CSVs."""
