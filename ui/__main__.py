"""The GUI entry point (``hoso-gui``, ``python -m ui``): harden the process and install the
air-gap guard before anything else, then start Qt with the bundled fonts and the controller.

``hoso-gui [VAULT] [--lang vi|en]``: with VAULT, its unlock dialog comes up directly.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from app import airgap, hardening, i18n


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="hoso-gui", description="HoSo — kho hồ sơ cán bộ (giao diện)")
    parser.add_argument("vault", nargs="?", metavar="VAULT", help="vault folder to unlock")
    parser.add_argument("--lang", choices=i18n.LANGUAGES, help="interface language (remembered)")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    hardening.harden()
    airgap.install()
    args = parse_args(sys.argv[1:] if argv is None else argv)

    from PySide6.QtWidgets import QApplication

    from ui.controller import AppController
    from ui.fonts import apply_default_font
    from ui.preferences import APPLICATION, ORGANISATION

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)  # noqa: S101 - a QCoreApplication would be a bug here
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APPLICATION)
    app.setQuitOnLastWindowClosed(False)  # the controller decides when HoSo ends
    apply_default_font(app)
    controller = AppController(lang=args.lang)
    controller.quitRequested.connect(app.quit)
    controller.start(Path(args.vault) if args.vault else None)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
