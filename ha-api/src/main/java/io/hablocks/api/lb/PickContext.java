package io.hablocks.api.lb;

import java.net.InetSocketAddress;

/**
 * What a picker may look at: the client (source) address and port, the destination the client
 * asked for, and a request key (URI, header value, ...) for hashing balancers. Immutable; callers
 * may reuse one context for many picks.
 *
 * @param source the client address, or null
 * @param destination the virtual address the client connected to, or null
 * @param key a request key for hash-based balancing, or null
 */
public record PickContext(InetSocketAddress source, InetSocketAddress destination, String key) {

  /** A context with nothing in it, for schedulers that look at nothing. */
  public static final PickContext EMPTY = new PickContext(null, null, null);

  /**
   * @param source the client address
   * @param destination the virtual address
   * @return the context
   */
  public static PickContext of(InetSocketAddress source, InetSocketAddress destination) {
    return new PickContext(source, destination, null);
  }
}
