"""Sealed packages: dossiers handed to another authority on removable media (issue 10).

Each vault has an organisation key pair (``app.vault.keyring``): Ed25519 to sign, X25519 to
receive. ``identity`` is the key text and fingerprint the two authorities exchange; ``format`` the
file (clear header, sealed payload, signature); ``payload`` what the sealed part holds;
``export`` makes a package (and marks a transfer ``chuyen_di``); ``importer`` with ``checks``
verifies, opens, validates and imports one all or nothing; ``register`` lists what was sent and
received and shows the history a package carried. Must not import Qt.
"""
