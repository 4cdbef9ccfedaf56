"""Python analyser (stdlib `ast`)."""
