"""`python -m scripts.urls`: keeps the list of published URLs (make urls). The command lives in tools/urls.py."""

import sys

from scripts.tools.urls import main

if __name__ == "__main__":
    sys.exit(main())
