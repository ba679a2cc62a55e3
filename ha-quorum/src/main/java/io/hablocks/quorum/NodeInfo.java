package io.hablocks.quorum;

import io.hablocks.api.NodeId;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * What one node tells the others about itself at every membership change (corosync's
 * {@code req_exec_quorum_nodeinfo}): its votes, its expected votes and its flags. Immutable.
 *
 * @param node the node it describes
 * @param votes its votes
 * @param expectedVotes its expected votes
 * @param flags corosync's node flags ({@link #QUORATE}, {@link #LEAVING}, {@link #WFA_STATUS},
 *     {@link #FIRST})
 */
public record NodeInfo(NodeId node, int votes, int expectedVotes, int flags) {

  /** The node is in a quorate partition. */
  public static final int QUORATE = 1;
  /** The node is leaving the cluster cleanly (allow_downscale). */
  public static final int LEAVING = 2;
  /** The node is waiting for all (wait_for_all armed). */
  public static final int WFA_STATUS = 4;
  /** The node has seen no other node yet. */
  public static final int FIRST = 8;

  /** Size of the encoded form in bytes. */
  public static final int ENCODED_LENGTH = 4 + 4 + 4 + 4 + 2;

  /** Checks the fields. */
  public NodeInfo {
    Objects.requireNonNull(node, "node");
    if (votes < 0 || expectedVotes < 0) {
      throw new IllegalArgumentException("votes cannot be negative");
    }
  }

  /**
   * Whether a flag is set.
   *
   * @param flag one of the flag constants
   * @return true if set
   */
  public boolean has(int flag) {
    return (flags & flag) != 0;
  }

  /**
   * Encodes as 18 bytes, big-endian: node id, votes, expected votes, reserved, flags.
   *
   * @return the bytes
   */
  public byte[] encode() {
    return ByteBuffer.allocate(ENCODED_LENGTH).putInt((int) node.value()).putInt(votes)
        .putInt(expectedVotes).putInt(0).putShort((short) flags).array();
  }

  /**
   * Decodes {@link #encode()}'s form.
   *
   * @param b the buffer, positioned at the node info; 18 bytes are consumed
   * @return the node info
   * @throws IllegalArgumentException if the bytes are short or hold impossible values
   */
  public static NodeInfo decode(ByteBuffer b) {
    if (b.remaining() < ENCODED_LENGTH) {
      throw new IllegalArgumentException("node info needs " + ENCODED_LENGTH + " bytes, got "
          + b.remaining());
    }
    long id = Integer.toUnsignedLong(b.getInt());
    int votes = b.getInt();
    int expected = b.getInt();
    b.getInt();
    int flags = b.getShort() & 0xFFFF;
    return new NodeInfo(NodeId.of(id), votes, expected, flags);
  }
}
