"""`python -m scripts.docs`: regenerates the docs drawn from the contract (CONTRIBUTING.md, cases/_modele.md). The command lives in tools/docs.py."""

import sys

from scripts.tools.docs import main

if __name__ == "__main__":
    sys.exit(main())
