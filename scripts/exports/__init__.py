"""What the site publishes as data: open data, references, JSON Schema and Table Schema, the Atom feed."""
