package io.hablocks.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One netlink message: the {@code nlmsghdr} fields and the payload after it (the family header,
 * such as {@code ifaddrmsg} or {@code genlmsghdr}, then attributes). Host byte order, 4-byte
 * alignment, as netlink(7) lays it out. Immutable.
 *
 * @param type message type (RTM_NEWADDR, a generic netlink family id, NLMSG_ERROR, ...)
 * @param flags NLM_F_* flags
 * @param sequence sequence number
 * @param portId sender port id (0 = kernel)
 * @param payload the bytes after the 16-byte header
 */
public record NetlinkMessage(int type, int flags, int sequence, int portId, byte[] payload) {

  /** Length of nlmsghdr. */
  public static final int HEADER_LENGTH = 16;
  /** An error or an acknowledgement (error 0). */
  public static final int NLMSG_ERROR = 2;
  /** End of a multi-part dump. */
  public static final int NLMSG_DONE = 3;
  /** A request. */
  public static final int F_REQUEST = 0x1;
  /** Part of a multi-part reply. */
  public static final int F_MULTI = 0x2;
  /** Ask for an acknowledgement. */
  public static final int F_ACK = 0x4;
  /** A dump (ROOT | MATCH). */
  public static final int F_DUMP = 0x300;
  /** Replace an existing object. */
  public static final int F_REPLACE = 0x100;
  /** Fail if it exists. */
  public static final int F_EXCL = 0x200;
  /** Create if missing. */
  public static final int F_CREATE = 0x400;

  /** Copies the payload. */
  public NetlinkMessage {
    payload = payload.clone();
  }

  @Override
  public byte[] payload() {
    return payload.clone();
  }

  /** @return the payload as a little-endian-or-native buffer, read-only */
  public ByteBuffer payloadBuffer() {
    return ByteBuffer.wrap(payload).order(ByteOrder.nativeOrder()).asReadOnlyBuffer()
        .order(ByteOrder.nativeOrder());
  }

  /** @return the encoded message, header included, padded to 4 bytes */
  public byte[] encode() {
    int len = HEADER_LENGTH + payload.length;
    ByteBuffer b = ByteBuffer.allocate(align(len)).order(ByteOrder.nativeOrder());
    b.putInt(len).putShort((short) type).putShort((short) flags).putInt(sequence).putInt(portId);
    b.put(payload);
    return b.array();
  }

  /**
   * Splits a received buffer into messages.
   *
   * @param buf the buffer
   * @param len how many bytes of it were received
   * @return the messages
   * @throws IllegalArgumentException if a length field is inconsistent
   */
  public static List<NetlinkMessage> decodeAll(byte[] buf, int len) {
    List<NetlinkMessage> out = new ArrayList<>();
    ByteBuffer b = ByteBuffer.wrap(buf, 0, len).order(ByteOrder.nativeOrder());
    int p = 0;
    while (p + HEADER_LENGTH <= len) {
      int mlen = b.getInt(p);
      if (mlen < HEADER_LENGTH || p + mlen > len) {
        throw new IllegalArgumentException("netlink message at " + p + " has bad length " + mlen);
      }
      int type = b.getShort(p + 4) & 0xffff;
      int flags = b.getShort(p + 6) & 0xffff;
      int seq = b.getInt(p + 8);
      int pid = b.getInt(p + 12);
      out.add(new NetlinkMessage(type, flags, seq, pid,
          Arrays.copyOfRange(buf, p + HEADER_LENGTH, p + mlen)));
      p += align(mlen);
    }
    return out;
  }

  /** @param n a length @return it rounded up to 4 */
  public static int align(int n) {
    return (n + 3) & ~3;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NetlinkMessage m && type == m.type && flags == m.flags
        && sequence == m.sequence && portId == m.portId && Arrays.equals(payload, m.payload);
  }

  @Override
  public int hashCode() {
    return ((type * 31 + flags) * 31 + sequence) * 31 + Arrays.hashCode(payload);
  }

  @Override
  public String toString() {
    return "NetlinkMessage[type " + type + " flags 0x" + Integer.toHexString(flags) + " seq "
        + sequence + " len " + payload.length + "]";
  }
}
