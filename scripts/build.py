"""`python -m scripts.build`: writes the generated pages to a folder, for another generator. The command lives in tools/build.py."""

import sys

from scripts.tools.build import main

if __name__ == "__main__":
    sys.exit(main())
