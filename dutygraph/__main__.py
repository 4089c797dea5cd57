"""``python -m dutygraph`` runs the command line."""

from dutygraph.cli import main

if __name__ == "__main__":
    main()
