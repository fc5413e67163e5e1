import sys

from fieldcase.cli import main

sys.exit(main())
