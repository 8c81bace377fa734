"""The main screen's working parts: each owns its workers and reports with Messages.

A component draws nothing of its own (or only its own panel); it changes the model, whose
views redraw themselves, and tells the screen what happened by posting a Message. Components
never call each other: where one action leads to another, the screen does it.
"""
