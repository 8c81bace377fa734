"""The screens' working parts (the main screen's, and the delete record's restorer): each owns
its workers, is handed its screen's connection, and reports with Messages.

A component draws nothing of its own (or only its own panel); it changes the model, whose
views redraw themselves, and tells the screen what happened by posting a Message. Components
never call each other: where one action leads to another, the screen does it. They are the
only Textual code that reaches the network (tests/unit/test_import_graph.py).
"""
