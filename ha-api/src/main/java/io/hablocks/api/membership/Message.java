package io.hablocks.api.membership;

import io.hablocks.api.NodeId;
import java.util.Arrays;
import java.util.Objects;

/**
 * One broadcast as delivered: who sent it, in which view, its position in the total order and its
 * bytes. Immutable: the payload is copied in and out.
 */
public final class Message {

  private final NodeId sender;
  private final long viewId;
  private final long sequence;
  private final byte[] payload;

  /**
   * Creates a delivered message.
   *
   * @param sender the node that broadcast it
   * @param viewId the id of the view it was delivered in
   * @param sequence its position in the delivery order within that view, from 0
   * @param payload the bytes broadcast (copied)
   */
  public Message(NodeId sender, long viewId, long sequence, byte[] payload) {
    this.sender = Objects.requireNonNull(sender, "sender");
    this.viewId = viewId;
    this.sequence = sequence;
    this.payload = Objects.requireNonNull(payload, "payload").clone();
  }

  /** @return the node that broadcast the message */
  public NodeId sender() {
    return sender;
  }

  /** @return the id of the view the message was delivered in */
  public long viewId() {
    return viewId;
  }

  /** @return the position of the message in the total order of its view, from 0 */
  public long sequence() {
    return sequence;
  }

  /** @return a copy of the payload */
  public byte[] payload() {
    return payload.clone();
  }

  /** @return the payload length in bytes */
  public int length() {
    return payload.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Message m && m.sender.equals(sender) && m.viewId == viewId
        && m.sequence == sequence && Arrays.equals(m.payload, payload);
  }

  @Override
  public int hashCode() {
    return Objects.hash(sender, viewId, sequence, Arrays.hashCode(payload));
  }

  @Override
  public String toString() {
    return "Message{from=" + sender + ", view=" + viewId + ", seq=" + sequence + ", "
        + payload.length + " bytes}";
  }
}
