"""The safety domain: findings, lexicon matching, the checks, the checklist and its gate."""
