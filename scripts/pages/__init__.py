"""What readers see: the generated pages, their templates and what they show."""
