"""``python -m app.cli``: the same as the ``hoso`` console script."""

from app.cli.main import main

raise SystemExit(main())
