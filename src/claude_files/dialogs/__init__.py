"""The modal dialogs: they draw and ask, and never reach the network, a component or a screen."""
