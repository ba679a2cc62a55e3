package io.hablocks.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Generic netlink: family lookup (CTRL_CMD_GETFAMILY) and requests to a family. ha-ipvs uses
 * it for the "IPVS" family.
 *
 * <pre>{@code
 * try (GenericNetlink genl = GenericNetlink.open()) {
 *   GenericNetlink.Family ipvs = genl.family("IPVS");
 *   List<NetlinkMessage> services = genl.dump(ipvs, IPVS_CMD_GET_SERVICE, 1, new byte[0]);
 * }
 * }</pre>
 */
public final class GenericNetlink implements AutoCloseable {

  /** The controller family id. */
  public static final int GENL_ID_CTRL = 0x10;
  /** Length of genlmsghdr. */
  public static final int GENL_HEADER_LENGTH = 4;
  static final int CTRL_CMD_GETFAMILY = 3;
  static final int CTRL_ATTR_FAMILY_ID = 1;
  static final int CTRL_ATTR_FAMILY_NAME = 2;
  static final int CTRL_ATTR_VERSION = 3;
  static final int CTRL_ATTR_HDRSIZE = 4;
  static final int CTRL_ATTR_MAXATTR = 5;
  static final int CTRL_ATTR_MCAST_GROUPS = 7;
  static final int CTRL_ATTR_MCAST_GRP_NAME = 1;
  static final int CTRL_ATTR_MCAST_GRP_ID = 2;

  /**
   * A resolved generic netlink family.
   *
   * @param id the message type to use for it
   * @param name its name
   * @param version its version
   * @param headerSize the size of its user header after genlmsghdr
   * @param maxAttribute its highest attribute type
   * @param multicastGroups group name to id
   */
  public record Family(int id, String name, int version, int headerSize, int maxAttribute,
      Map<String, Integer> multicastGroups) {
    /** Copies the groups. */
    public Family {
      multicastGroups = Map.copyOf(multicastGroups);
    }
  }

  private final NetlinkSocket socket;

  private GenericNetlink(NetlinkSocket socket) {
    this.socket = socket;
  }

  /** @return a generic netlink client in the calling thread's namespace */
  public static GenericNetlink open() {
    return new GenericNetlink(NetlinkSocket.open(NetlinkSocket.NETLINK_GENERIC));
  }

  /**
   * Looks a family up by name.
   *
   * @param name such as {@code nlctrl} or {@code IPVS}
   * @return the family
   * @throws NetlinkException ENOENT if the kernel has no such family
   */
  public Family family(String name) {
    byte[] attrs = Attributes.builder().string(CTRL_ATTR_FAMILY_NAME, name).build();
    List<NetlinkMessage> r = socket.request(GENL_ID_CTRL, 0, payload(CTRL_CMD_GETFAMILY, 1, attrs),
        "CTRL_CMD_GETFAMILY " + name);
    for (NetlinkMessage m : r) {
      if (m.type() == GENL_ID_CTRL) {
        return parseFamily(m.payload());
      }
    }
    throw new NetlinkException("CTRL_CMD_GETFAMILY " + name, Errno.ENOENT, "no reply", null);
  }

  static Family parseFamily(byte[] p) {
    Attributes a = Attributes.parse(p, GENL_HEADER_LENGTH, p.length - GENL_HEADER_LENGTH);
    Map<String, Integer> groups = new LinkedHashMap<>();
    a.nested(CTRL_ATTR_MCAST_GROUPS).ifPresent(gs -> gs.all().forEach(g -> {
      Attributes ga = g.nested();
      ga.string(CTRL_ATTR_MCAST_GRP_NAME).ifPresent(n ->
          groups.put(n, ga.u32(CTRL_ATTR_MCAST_GRP_ID).orElse(0)));
    }));
    return new Family(a.u16(CTRL_ATTR_FAMILY_ID).orElse(0),
        a.string(CTRL_ATTR_FAMILY_NAME).orElse(""), a.u32(CTRL_ATTR_VERSION).orElse(0),
        a.u32(CTRL_ATTR_HDRSIZE).orElse(0), a.u32(CTRL_ATTR_MAXATTR).orElse(0), groups);
  }

  /**
   * Sends a command with ACK.
   *
   * @param family the family
   * @param command the command
   * @param flags extra NLM_F_* flags
   * @param attributes the family header (if any) and attributes
   * @param what a description for errors
   * @return replies before the ACK
   */
  public List<NetlinkMessage> request(Family family, int command, int flags, byte[] attributes,
      String what) {
    return socket.request(family.id(), flags, payload(command, family.version(), attributes), what);
  }

  /**
   * Dumps with a command.
   *
   * @param family the family
   * @param command the command
   * @param attributes family header and attributes
   * @param what a description for errors
   * @return the replies (payloads start with genlmsghdr)
   */
  public List<NetlinkMessage> dump(Family family, int command, byte[] attributes, String what) {
    return socket.dump(family.id(), payload(command, family.version(), attributes), what);
  }

  /**
   * @param command cmd
   * @param version version
   * @param attributes what follows genlmsghdr
   * @return genlmsghdr + attributes
   */
  public static byte[] payload(int command, int version, byte[] attributes) {
    ByteBuffer b = ByteBuffer.allocate(GENL_HEADER_LENGTH + attributes.length)
        .order(ByteOrder.nativeOrder());
    b.put((byte) command).put((byte) version).putShort((short) 0).put(attributes);
    return b.array();
  }

  @Override
  public void close() {
    socket.close();
  }
}
