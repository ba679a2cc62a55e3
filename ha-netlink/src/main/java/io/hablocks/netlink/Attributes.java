package io.hablocks.netlink;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Netlink attributes ({@code nlattr}: 16-bit length, 16-bit type, value padded to 4 bytes),
 * parsed from a buffer, with typed getters; and a {@link Builder} that writes them, nesting
 * included. The NLA_F_NESTED and NLA_F_NET_BYTEORDER bits are masked off the type when reading.
 *
 * <pre>{@code
 * byte[] attrs = Attributes.builder()
 *     .string(IFLA_IFNAME, "vrrp.51")
 *     .nested(IFLA_LINKINFO, b -> b.string(IFLA_INFO_KIND, "macvlan"))
 *     .build();
 * Attributes a = Attributes.parse(attrs, 0, attrs.length);
 * String name = a.string(IFLA_IFNAME).orElseThrow();
 * }</pre>
 */
public final class Attributes {

  /** Set on a nested attribute's type. */
  public static final int NLA_F_NESTED = 0x8000;
  /** Set on a value in network byte order. */
  public static final int NLA_F_NET_BYTEORDER = 0x4000;

  /** One attribute: its type (flags masked) and value bytes. */
  public record Attribute(int type, byte[] value) {
    /** Copies the value. */
    public Attribute {
      value = value.clone();
    }

    @Override
    public byte[] value() {
      return value.clone();
    }

    /** @return the value parsed as nested attributes */
    public Attributes nested() {
      return parse(value, 0, value.length);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Attribute a && type == a.type && Arrays.equals(value, a.value);
    }

    @Override
    public int hashCode() {
      return type * 31 + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
      return "Attribute[" + type + ", " + value.length + " bytes]";
    }
  }

  private final List<Attribute> list;

  private Attributes(List<Attribute> list) {
    this.list = List.copyOf(list);
  }

  /**
   * Parses attributes; a truncated trailing attribute ends the list.
   *
   * @param buf buffer
   * @param off first attribute
   * @param len bytes to parse
   * @return the attributes in order
   */
  public static Attributes parse(byte[] buf, int off, int len) {
    List<Attribute> out = new ArrayList<>();
    ByteBuffer b = ByteBuffer.wrap(buf).order(ByteOrder.nativeOrder());
    int p = off;
    int end = off + len;
    while (p + 4 <= end) {
      int alen = b.getShort(p) & 0xffff;
      int type = b.getShort(p + 2) & 0x3fff;
      if (alen < 4 || p + alen > end) {
        break;
      }
      out.add(new Attribute(type, Arrays.copyOfRange(buf, p + 4, p + alen)));
      p += NetlinkMessage.align(alen);
    }
    return new Attributes(out);
  }

  /** @return every attribute in order */
  public List<Attribute> all() {
    return list;
  }

  /** @param type a type @return the first attribute of that type */
  public Optional<Attribute> get(int type) {
    return list.stream().filter(a -> a.type() == type).findFirst();
  }

  /** @param type a type @return its value as a NUL-terminated string */
  public Optional<String> string(int type) {
    return get(type).map(a -> {
      byte[] v = a.value();
      int n = 0;
      while (n < v.length && v[n] != 0) {
        n++;
      }
      return new String(v, 0, n, StandardCharsets.UTF_8);
    });
  }

  /** @param type a type @return its value as a host-order u32 */
  public Optional<Integer> u32(int type) {
    return get(type).filter(a -> a.value().length >= 4)
        .map(a -> ByteBuffer.wrap(a.value()).order(ByteOrder.nativeOrder()).getInt());
  }

  /** @param type a type @return its value as a host-order u16 */
  public Optional<Integer> u16(int type) {
    return get(type).filter(a -> a.value().length >= 2)
        .map(a -> ByteBuffer.wrap(a.value()).order(ByteOrder.nativeOrder()).getShort() & 0xffff);
  }

  /** @param type a type @return its value as a u8 */
  public Optional<Integer> u8(int type) {
    return get(type).filter(a -> a.value().length >= 1).map(a -> a.value()[0] & 0xff);
  }

  /** @param type a type @return its value as an IP address (4 or 16 bytes) */
  public Optional<InetAddress> address(int type) {
    return get(type).filter(a -> a.value().length == 4 || a.value().length == 16)
        .map(a -> io.hablocks.netlink.internal.Native.address(a.value()));
  }

  /** @param type a type @return its value parsed as nested attributes */
  public Optional<Attributes> nested(int type) {
    return get(type).map(Attribute::nested);
  }

  /** @return a builder */
  public static Builder builder() {
    return new Builder();
  }

  /** Writes attributes in order, each padded to 4 bytes. */
  public static final class Builder {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private Builder() {}

    /** @param type type @param value raw value @return this */
    public Builder bytes(int type, byte[] value) {
      int len = 4 + value.length;
      ByteBuffer h = ByteBuffer.allocate(4).order(ByteOrder.nativeOrder());
      h.putShort((short) len).putShort((short) type);
      out.writeBytes(h.array());
      out.writeBytes(value);
      for (int i = len; i < NetlinkMessage.align(len); i++) {
        out.write(0);
      }
      return this;
    }

    /** @param type type @param s string, written NUL-terminated @return this */
    public Builder string(int type, String s) {
      byte[] raw = s.getBytes(StandardCharsets.UTF_8);
      return bytes(type, Arrays.copyOf(raw, raw.length + 1));
    }

    /** @param type type @param v host-order u32 @return this */
    public Builder u32(int type, int v) {
      return bytes(type, ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(v).array());
    }

    /** @param type type @param v host-order u16 @return this */
    public Builder u16(int type, int v) {
      return bytes(type,
          ByteBuffer.allocate(2).order(ByteOrder.nativeOrder()).putShort((short) v).array());
    }

    /** @param type type @param v u8 @return this */
    public Builder u8(int type, int v) {
      return bytes(type, new byte[] {(byte) v});
    }

    /** @param type type @param a address (network order) @return this */
    public Builder address(int type, InetAddress a) {
      return bytes(type, a.getAddress());
    }

    /**
     * A nested attribute (type marked NLA_F_NESTED).
     *
     * @param type type
     * @param inner writes the nested attributes
     * @return this
     */
    public Builder nested(int type, java.util.function.Consumer<Builder> inner) {
      Builder b = new Builder();
      inner.accept(b);
      return bytes(type | NLA_F_NESTED, b.build());
    }

    /** @return the encoded attributes */
    public byte[] build() {
      return out.toByteArray();
    }
  }
}
