"""A case sheet read and checked: loading, validation, the body's rules and safe Markdown, derived values, dates."""
