"""Evidence collectors: one module per kind of evidence, each with its I/O at the edge.

Engine adapters (:mod:`.secrets`, :mod:`.lint`, :mod:`.prompts`, :mod:`.pii`) import their
engine lazily, so a missing or broken engine turns into an engine state the evaluator reads
(MANUAL "engine not available" or ERROR), never into a crash or a PASS. :mod:`.tree` reads
every file once and hands each document to every adapter that wants it.
"""
