"""One taint-flow core for the Python and JavaScript analysers (driver, environment, summaries, sinks)."""
