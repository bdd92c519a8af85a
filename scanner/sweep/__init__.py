"""Bulk sweeps of shared folders: incremental, resumable, parallel with time limits.

walk (files and their stat) → db (what is known) → workers (processes, deadlines; or cluster,
a Dask cluster) → stored (what the db keeps of a result) → db (one transaction per result) →
output (json, jsonl, csv, html). engine.run_sweep ties them together; command.py holds the
`secmark sweep` and `secmark waive` subcommands."""
