"""The project's commands (validate, new, docs, urls, build) and the sheets' git history."""
