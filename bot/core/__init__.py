"""The pure core: neutral types and the conversation state machine (no I/O, no clock reads)."""
