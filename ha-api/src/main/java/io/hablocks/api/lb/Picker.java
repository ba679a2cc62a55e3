package io.hablocks.api.lb;

/**
 * An immutable snapshot of a balancer over one server list. Thread-safe: {@link #pick} is called
 * concurrently on the hot path, takes no lock and allocates nothing; rotation state it needs
 * (round-robin position, weighted sequence) is atomic and carried to the next picker by the
 * {@link Scheduler}.
 */
@FunctionalInterface
public interface Picker {

  /**
   * Chooses a server for one connection or request.
   *
   * @param context the client, destination and key
   * @return the server, or a drop with a reason
   */
  PickResult pick(PickContext context);
}
