"""The only modules that touch another library's private members, one module per library.

Each names what it relies on, the version it was written against, and a contract test that
fails once an upgrade changes it (tests/tui/test_textual_contract.py,
tests/unit/test_library_contracts.py); pyproject.toml bounds each library below
its next release that could break it. Nothing here imports claude_files.
"""
