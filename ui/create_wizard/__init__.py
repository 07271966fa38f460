"""The create-vault wizard: folder, passphrase (the vault is created off the GUI thread when the
officer commits), the recovery code shown once and confirmed, and the inspector's audit key K(0)
with its printable slip."""

from ui.create_wizard.wizard import CreateWizard

__all__ = ["CreateWizard"]
