"""The case-sheet contract, declared once, as data: fields, vocabularies, rules, territory, URLs, settings."""
