package io.hablocks.netlink;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * rtnetlink: addresses, links and neighbours of the namespace the socket was opened in, as
 * {@code ip addr}, {@code ip link} and {@code ip neigh} see them.
 *
 * <pre>{@code
 * try (Rtnetlink rt = NetNamespace.callIn("vr-1", Rtnetlink::open)) {
 *   int eth0 = rt.link("eth0").orElseThrow().index();
 *   rt.addAddress(InterfaceAddress.of(eth0, vip, 24).withLabel("eth0:vip"));
 *   rt.listAddresses(eth0).forEach(System.out::println);
 * }
 * }</pre>
 */
public final class Rtnetlink implements AutoCloseable {

  /** New link. */
  public static final int RTM_NEWLINK = 16;
  /** Delete link. */
  public static final int RTM_DELLINK = 17;
  /** Get links. */
  public static final int RTM_GETLINK = 18;
  /** New address. */
  public static final int RTM_NEWADDR = 20;
  /** Delete address. */
  public static final int RTM_DELADDR = 21;
  /** Get addresses. */
  public static final int RTM_GETADDR = 22;
  /** Get neighbours. */
  public static final int RTM_GETNEIGH = 30;

  static final int IFLA_ADDRESS = 1;
  static final int IFLA_IFNAME = 3;
  static final int IFLA_MTU = 4;
  static final int IFLA_LINK = 5;
  static final int IFLA_LINKINFO = 18;
  static final int IFLA_INFO_KIND = 1;
  static final int IFLA_INFO_DATA = 2;
  static final int IFLA_MACVLAN_MODE = 1;
  static final int IFA_ADDRESS = 1;
  static final int IFA_LOCAL = 2;
  static final int IFA_LABEL = 3;
  static final int IFA_FLAGS = 8;
  static final int IFA_F_NODAD = 0x02;
  static final int NDA_DST = 1;
  static final int NDA_LLADDR = 2;

  /** macvlan mode private. */
  public static final int MACVLAN_MODE_PRIVATE = 1;
  /** macvlan mode vepa. */
  public static final int MACVLAN_MODE_VEPA = 2;
  /** macvlan mode bridge (keepalived's use_vmac default). */
  public static final int MACVLAN_MODE_BRIDGE = 4;

  private final NetlinkSocket socket;

  private Rtnetlink(NetlinkSocket socket) {
    this.socket = socket;
  }

  /** @return an rtnetlink client in the calling thread's network namespace */
  public static Rtnetlink open() {
    return new Rtnetlink(NetlinkSocket.open(NetlinkSocket.NETLINK_ROUTE));
  }

  /**
   * @param namespace a named network namespace (null: the caller's)
   * @return an rtnetlink client bound to that namespace for its life
   */
  public static Rtnetlink openIn(String namespace) {
    return NetNamespace.callIn(namespace, Rtnetlink::open);
  }

  // ---- addresses

  /**
   * Adds an address (RTM_NEWADDR with NLM_F_CREATE | NLM_F_EXCL, no DAD for IPv6).
   *
   * @param a the address, with its label and scope
   * @throws NetlinkException EEXIST if it is there already
   */
  public void addAddress(InterfaceAddress a) {
    socket.request(RTM_NEWADDR, NetlinkMessage.F_CREATE | NetlinkMessage.F_EXCL, addrPayload(a),
        "RTM_NEWADDR " + a);
  }

  /**
   * Deletes an address.
   *
   * @param a the address (label ignored by the kernel)
   * @throws NetlinkException EADDRNOTAVAIL if it is not there
   */
  public void deleteAddress(InterfaceAddress a) {
    socket.request(RTM_DELADDR, 0, addrPayload(a), "RTM_DELADDR " + a);
  }

  private static byte[] addrPayload(InterfaceAddress a) {
    boolean v6 = a.address() instanceof Inet6Address;
    ByteBuffer h = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder());
    h.put((byte) (v6 ? 10 : 2)).put((byte) a.prefixLength()).put((byte) (v6 ? IFA_F_NODAD : 0))
        .put((byte) a.scope()).putInt(a.interfaceIndex());
    Attributes.Builder b = Attributes.builder().address(IFA_LOCAL, a.address())
        .address(IFA_ADDRESS, a.address());
    if (v6) {
      b.u32(IFA_FLAGS, IFA_F_NODAD);
    }
    if (a.label() != null && !v6) {
      b.string(IFA_LABEL, a.label());
    }
    return concat(h.array(), b.build());
  }

  /** @return every address of every interface */
  public List<InterfaceAddress> listAddresses() {
    List<InterfaceAddress> out = new ArrayList<>();
    byte[] req = new byte[8];
    for (NetlinkMessage m : socket.dump(RTM_GETADDR, req, "RTM_GETADDR dump")) {
      if (m.type() != RTM_NEWADDR) {
        continue;
      }
      byte[] p = m.payload();
      ByteBuffer b = ByteBuffer.wrap(p).order(ByteOrder.nativeOrder());
      int prefix = p[1] & 0xff;
      int scope = p[3] & 0xff;
      int index = b.getInt(4);
      Attributes at = Attributes.parse(p, 8, p.length - 8);
      Optional<InetAddress> addr = at.address(IFA_LOCAL).or(() -> at.address(IFA_ADDRESS));
      addr.ifPresent(x -> out.add(new InterfaceAddress(index, x, prefix,
          at.string(IFA_LABEL).orElse(null), scope)));
    }
    return out;
  }

  /**
   * @param ifindex an interface
   * @return its addresses
   */
  public List<InterfaceAddress> listAddresses(int ifindex) {
    return listAddresses().stream().filter(a -> a.interfaceIndex() == ifindex).toList();
  }

  /**
   * @param a an address
   * @return whether any interface has it
   */
  public boolean hasAddress(InetAddress a) {
    return listAddresses().stream().anyMatch(x -> x.address().equals(a));
  }

  // ---- links

  /** @return every link */
  public List<Link> listLinks() {
    List<Link> out = new ArrayList<>();
    for (NetlinkMessage m : socket.dump(RTM_GETLINK, new byte[16], "RTM_GETLINK dump")) {
      if (m.type() == RTM_NEWLINK) {
        out.add(parseLink(m.payload()));
      }
    }
    return out;
  }

  /**
   * @param name an interface name
   * @return the link, if there is one of that name
   */
  public Optional<Link> link(String name) {
    return listLinks().stream().filter(l -> l.name().equals(name)).findFirst();
  }

  private static Link parseLink(byte[] p) {
    ByteBuffer b = ByteBuffer.wrap(p).order(ByteOrder.nativeOrder());
    int index = b.getInt(4);
    int flags = b.getInt(8);
    Attributes at = Attributes.parse(p, 16, p.length - 16);
    String kind = at.nested(IFLA_LINKINFO).flatMap(li -> li.string(IFLA_INFO_KIND)).orElse(null);
    return new Link(index, at.string(IFLA_IFNAME).orElse("?"),
        at.get(IFLA_ADDRESS).map(Attributes.Attribute::value).orElse(new byte[0]), flags,
        at.u32(IFLA_MTU).orElse(0), kind, at.u32(IFLA_LINK).orElse(0));
  }

  /**
   * Creates a macvlan on a parent link (as keepalived's use_vmac does) and sets it up.
   *
   * @param parentIndex the lower link
   * @param name the new link's name
   * @param mac its MAC (6 bytes), such as 00:00:5e:00:01:VRID
   * @param mode {@link #MACVLAN_MODE_BRIDGE}, ...
   * @return the new link
   */
  public Link createMacvlan(int parentIndex, String name, byte[] mac, int mode) {
    ByteBuffer h = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder());
    h.put((byte) 0).put((byte) 0).putShort((short) 0).putInt(0).putInt(Link.IFF_UP)
        .putInt(Link.IFF_UP);
    byte[] attrs = Attributes.builder().string(IFLA_IFNAME, name).u32(IFLA_LINK, parentIndex)
        .bytes(IFLA_ADDRESS, mac)
        .nested(IFLA_LINKINFO, li -> li.string(IFLA_INFO_KIND, "macvlan")
            .nested(IFLA_INFO_DATA, d -> d.u32(IFLA_MACVLAN_MODE, mode)))
        .build();
    socket.request(RTM_NEWLINK, NetlinkMessage.F_CREATE | NetlinkMessage.F_EXCL,
        concat(h.array(), attrs), "RTM_NEWLINK macvlan " + name + " link " + parentIndex);
    return link(name).orElseThrow(() -> new NetlinkException("RTM_GETLINK " + name, Errno.ENODEV,
        "created link not found", null));
  }

  /**
   * Sets a link administratively up or down.
   *
   * @param index the link
   * @param up up or down
   */
  public void setLinkUp(int index, boolean up) {
    ByteBuffer h = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder());
    h.put((byte) 0).put((byte) 0).putShort((short) 0).putInt(index)
        .putInt(up ? Link.IFF_UP : 0).putInt(Link.IFF_UP);
    socket.request(RTM_NEWLINK, 0, h.array(), "RTM_NEWLINK set link " + index
        + (up ? " up" : " down"));
  }

  /**
   * Deletes a link.
   *
   * @param index the link
   */
  public void deleteLink(int index) {
    ByteBuffer h = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder());
    h.put((byte) 0).put((byte) 0).putShort((short) 0).putInt(index).putInt(0).putInt(0);
    socket.request(RTM_DELLINK, 0, h.array(), "RTM_DELLINK " + index);
  }

  // ---- neighbours

  /** @return the neighbour tables (IPv4 and IPv6) */
  public List<Neighbour> listNeighbours() {
    List<Neighbour> out = new ArrayList<>();
    for (NetlinkMessage m : socket.dump(RTM_GETNEIGH, new byte[12], "RTM_GETNEIGH dump")) {
      if (m.type() != 28) {
        continue;
      }
      byte[] p = m.payload();
      ByteBuffer b = ByteBuffer.wrap(p).order(ByteOrder.nativeOrder());
      int index = b.getInt(4);
      int state = b.getShort(8) & 0xffff;
      Attributes at = Attributes.parse(p, 12, p.length - 12);
      at.address(NDA_DST).ifPresent(a -> out.add(new Neighbour(index, a,
          at.get(NDA_LLADDR).map(Attributes.Attribute::value).orElse(new byte[0]), state)));
    }
    return out;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  static boolean isV4(InetAddress a) {
    return a instanceof Inet4Address;
  }

  @Override
  public void close() {
    socket.close();
  }
}
