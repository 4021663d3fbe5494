"""The build code of the base de projets, one package per layer, each importing only the ones above
it in this list (tests/test_layers.py holds it):

- contract/   the case-sheet contract as data: the fields and their kinds (each with its check, its
              French messages, its JSON Schema), the vocabularies, the rules between fields, the
              territory, the router (every URL of the site), the settings (publisher, address);
- sheets/     a sheet read and checked: loading (python-frontmatter, YAML with line numbers), the
              validator, the body's rules and its safe Markdown, the derived values, the dates;
- exports/    what is published as data: open data (JSON, CSV, XLSX), references (RIS, BibTeX), the
              JSON Schema and the Table Schema, the Atom feed;
- pages/      what readers see: the templates and their rendering, the case page, listings, the map,
              the form, the breadcrumb, French typography, the accessibility statement;
- core.py     the core: every sheet in, every page and file out, in memory; it knows no publisher
              and starts no process;
- mkdocs_adapter/  everything that knows MkDocs (hooks.py, named in mkdocs.yml, wires its events),
              and what makes builds fast: the second process, the search index, the theme's page
              cut once for case pages, `mkdocs serve`'s memo and update in place, the switches;
- tools/      the commands: validate, scaffold a sheet, generate the docs, the published URLs, a
              build written to a folder, the sheets' git history.

`python -m scripts.validate` (and `new`, `urls`, `build`, `docs`) are one-line entry points
calling their tool.
"""
