"""Bundled data: calendar packs, lexicon, checklist template, demo."""
