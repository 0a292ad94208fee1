"""The Textual user interface: talks to the desk and nothing else."""
