"""The mail gate: an SMTP server (aiosmtpd) the MTA passes outgoing mail through.

Each message is scanned by scanner.api.scan_bytes in the email profile, in a worker process
of scanner.pool (the time and memory limits of `scan`; a parser that hangs, crashes or grows
too large costs that message, never the gate):
- pass → relayed unchanged to the upstream MTA (smtplib), with an added X-Secmark-Verdict
  header (a sender's own X-Secmark-Verdict lines are dropped: they could be forged);
- block → 550 with a one-line Chinese reason naming the attachment and the finding, or, with
  a quarantine folder, accepted into it (250) and nothing relayed; a worker that crashed or
  ran out of memory is such a finding (UNREADABLE, LIMIT_EXCEEDED);
- review → by `on_review`: relay (tagged `X-Secmark-Verdict: review`, the default, so the MTA
  can hold it: see docs/operations.md), quarantine, or refuse (550);
- every worker busy and the queue full, a scan past the message's deadline, an upstream that
  fails, a quarantine that cannot be written → 451 (try later): the gate fails closed, never
  open.
One log line per message (digest, envelope, verdict, what was answered); never its content.
SIGTERM stops listening, finishes the messages in flight, then exits.

command (`secmark gate`) → server (the SMTP server, its start and stop) → handler (one
message: scan, decide, answer) → header (the verdict header, message facts), replies (the
SMTP answers), relay (upstream), quarantine (the folder); config holds GateConfig."""
