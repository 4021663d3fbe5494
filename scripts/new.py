"""`python -m scripts.new`: scaffolds a sheet from the template (make nouveau). The command lives in tools/new.py."""

import sys

from scripts.tools.new import main

if __name__ == "__main__":
    sys.exit(main())
