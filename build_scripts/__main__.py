import sys

from .cli import main

sys.exit(main(fast_exit=True))  # (main ends the process itself)
