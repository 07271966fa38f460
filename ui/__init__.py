"""HoSo's desktop interface (PySide6): windows, dialogs, Qt models over app services, actions and
background operations.

Imports ``app`` only, never ``storage``, ``crypto``, ``sqlcipher3`` or ``cryptography`` (DESIGN §2),
and never Qt's network or web-engine modules (DESIGN §7). Every visible sentence comes from the message
catalogs (``resources/i18n/*/ui.json``) through :func:`app.i18n.t`.
"""

from ui import refcount_shield

refcount_shield.apply()  # before any Qt call: see the module
