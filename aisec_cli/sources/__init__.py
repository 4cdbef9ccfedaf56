"""Where text comes from: files, the git index, history, standard input."""
