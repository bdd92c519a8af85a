"""Bulk sweeps of shared folders (issue 7): incremental, resumable, parallel with time limits.

walk (files and their stat) → db (what is known) → runner (worker processes, deadlines)
→ db (one transaction per result) → output (json, jsonl, csv, html). engine.run_sweep ties
them together; command.py holds the `secmark sweep` and `secmark waive` subcommands."""
