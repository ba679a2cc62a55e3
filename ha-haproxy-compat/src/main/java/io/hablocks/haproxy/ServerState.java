package io.hablocks.haproxy;

/** The administrative state of a server, as {@code set server B/S state} sets it. */
public enum ServerState {
  /** Takes traffic (subject to health checks). */
  READY,
  /** Keeps current sessions, takes no new ones (weight 0). */
  DRAIN,
  /** Maintenance: takes nothing, checks paused. */
  MAINT
}
