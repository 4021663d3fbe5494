"""`python -m scripts.validate`: checks the case sheets. The command lives in tools/validate.py."""

import sys

from scripts.tools.validate import main

if __name__ == "__main__":
    sys.exit(main())
