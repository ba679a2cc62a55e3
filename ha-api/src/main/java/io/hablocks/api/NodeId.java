package io.hablocks.api;

/**
 * A cluster node's numeric identity, as corosync assigns it ({@code nodeid} in corosync.conf): an
 * unsigned 32-bit integer other than 0, held in a {@code long}. Immutable; ordered by value, which
 * is the order votequorum's auto_tie_breaker uses for "lowest" and "highest".
 *
 * @param value the node id, 1 to 4294967295
 */
public record NodeId(long value) implements Comparable<NodeId> {

  /** The largest node id corosync accepts. */
  public static final long MAX = 0xFFFF_FFFFL;

  /**
   * Checks the range.
   *
   * @throws IllegalArgumentException if the value is 0, negative, or above {@link #MAX}
   */
  public NodeId {
    if (value <= 0 || value > MAX) {
      throw new IllegalArgumentException(
          "node id must be between 1 and " + MAX + ", got " + value);
    }
  }

  /**
   * Returns the node id with this value.
   *
   * @param value the node id, 1 to 4294967295
   * @return the node id
   */
  public static NodeId of(long value) {
    return new NodeId(value);
  }

  /**
   * Parses a decimal node id as corosync prints it.
   *
   * @param text the decimal text
   * @return the node id
   * @throws IllegalArgumentException naming the text if it is not a valid node id
   */
  public static NodeId parse(String text) {
    try {
      return new NodeId(Long.parseLong(text.trim()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a node id: '" + text + "'", e);
    }
  }

  @Override
  public int compareTo(NodeId other) {
    return Long.compare(value, other.value);
  }

  @Override
  public String toString() {
    return Long.toString(value);
  }
}
