package io.hablocks.cib.internal;

import io.hablocks.cib.CibParseException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The messages CIB replicas broadcast. Layout: a magic byte 0xC1, the type, then fields: longs
 * as 8 bytes, texts as a 4-byte length and UTF-8 bytes (at most 64 MiB).
 *
 * @param type what the message is
 * @param requestId the request it belongs to (REQUEST, PATCH, REJECT) or the view (ANNOUNCE, FULL)
 * @param origin the node that made the request (PATCH, REJECT), else 0
 * @param adminEpoch version part (REQUEST base, ANNOUNCE)
 * @param epoch version part
 * @param numUpdates version part
 * @param user the user a REQUEST is made for ("" for the superuser)
 * @param text the patchset XML, the full CIB XML, the digest (ANNOUNCE) or the reason (REJECT)
 */
public record ReplicaMessage(Type type, long requestId, long origin, long adminEpoch, long epoch,
    long numUpdates, String user, String text) {

  private static final int MAGIC = 0xC1;
  private static final int MAX_TEXT = 64 << 20;

  /** Message types. */
  public enum Type {
    /** A member asks the writer to apply a patchset made against a base version. */
    REQUEST,
    /** The writer's versioned patchset every member applies. */
    PATCH,
    /** The writer refused a request (reason in text). */
    REJECT,
    /** After a view change: a member's version and digest. */
    ANNOUNCE,
    /** After a view change: the newest CIB, from the member that has it. */
    FULL
  }

  /** @return the bytes */
  public byte[] encode() {
    try {
      ByteArrayOutputStream bo = new ByteArrayOutputStream(64 + text.length());
      DataOutputStream o = new DataOutputStream(bo);
      o.writeByte(MAGIC);
      o.writeByte(type.ordinal());
      o.writeLong(requestId);
      o.writeLong(origin);
      o.writeLong(adminEpoch);
      o.writeLong(epoch);
      o.writeLong(numUpdates);
      writeText(o, user);
      writeText(o, text);
      o.flush();
      return bo.toByteArray();
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode to memory", e);
    }
  }

  private static void writeText(DataOutputStream o, String s) throws IOException {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    o.writeInt(b.length);
    o.write(b);
  }

  /**
   * Whether a payload claims to be a replica message (its first byte is the magic byte); other
   * payloads belong to another service sharing the engine (votequorum, the fencer, ...).
   *
   * @param bytes the payload
   * @return true if it starts with the magic byte
   */
  public static boolean isReplicaMessage(byte[] bytes) {
    return bytes.length > 0 && (bytes[0] & 0xff) == MAGIC;
  }

  /**
   * Decodes a message.
   *
   * @param bytes the payload
   * @return the message
   * @throws CibParseException if the bytes are not a replica message
   */
  public static ReplicaMessage decode(byte[] bytes) {
    try {
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
      if (in.readUnsignedByte() != MAGIC) {
        throw new CibParseException("replica message", -1, "bad magic byte");
      }
      int t = in.readUnsignedByte();
      if (t >= Type.values().length) {
        throw new CibParseException("replica message", -1, "unknown type " + t);
      }
      ReplicaMessage m = new ReplicaMessage(Type.values()[t], in.readLong(), in.readLong(),
          in.readLong(), in.readLong(), in.readLong(), readText(in), readText(in));
      if (in.available() != 0) {
        throw new CibParseException("replica message", -1, in.available() + " trailing bytes");
      }
      return m;
    } catch (IOException e) {
      throw new CibParseException("replica message", -1, "truncated: " + e.getMessage());
    }
  }

  private static String readText(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > MAX_TEXT || n > in.available()) {
      throw new CibParseException("replica message", -1, "bad text length " + n);
    }
    byte[] b = new byte[n];
    in.readFully(b);
    return new String(b, StandardCharsets.UTF_8);
  }
}
