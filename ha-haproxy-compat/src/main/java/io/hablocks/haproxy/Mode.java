package io.hablocks.haproxy;

/** A proxy's {@code mode}. */
public enum Mode {
  /** Layer 4: bytes are relayed as they are. */
  TCP,
  /** HTTP/1.1: requests are parsed, rules apply, keep-alive on both sides. */
  HTTP
}
