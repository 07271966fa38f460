"""The ``hoso`` command line (spec/cli.md): the same services as the GUI, for scripts, the
security inspector and tests. Must not import Qt.
"""
