"""The vault: a directory holding ``vault.db`` (SQLCipher 4) and ``header.json`` (key slots).

Must not import Qt.
"""

DB_FILE = "vault.db"
HEADER_FILE = "header.json"
NEXT_HEADER_FILE = "header.json.next"
