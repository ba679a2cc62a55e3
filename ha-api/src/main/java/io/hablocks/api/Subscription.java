package io.hablocks.api;

/**
 * A listener's registration. Closing it removes the listener: after {@code close()} returns, the
 * listener is not called again (a call already in progress on another thread may finish).
 * Idempotent and thread-safe.
 */
@FunctionalInterface
public interface Subscription extends AutoCloseable {

  /** Removes the listener. Never throws. */
  @Override
  void close();
}
