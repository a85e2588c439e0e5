"""Business rules of proactive disclosure, by entity: ``documents`` (drafting, review workflow,
publication, validity, attachments), ``consultations`` (征求意见), ``decisions`` (行政决定 records
import), ``imports`` (the JSONL import contract), ``config`` (per-organ settings, category tree,
topic columns)."""
