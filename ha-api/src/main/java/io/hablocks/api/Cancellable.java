package io.hablocks.api;

/** A scheduled task that can be cancelled before it runs. Implementations are thread-safe. */
@FunctionalInterface
public interface Cancellable {

  /**
   * Cancels the task if it has not started. Idempotent; never blocks.
   *
   * @return true if this call stopped the task from running, false if it had run, was running or
   *     was already cancelled
   */
  boolean cancel();
}
