package io.hablocks.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hablocks.testkit.Netns;
import io.hablocks.testkit.PeerTest;
import java.net.InetAddress;
import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** ha-netlink against the kernel, in two namespaces joined by a veth; checked with iproute2. */
@PeerTest(root = true, netns = true, commands = "ip", packages = "iproute2")
class NetlinkPeerTest {

  static Netns a;
  static Netns b;

  @BeforeAll
  static void up() {
    a = Netns.create("hbn");
    b = Netns.create("hbn");
    Netns.link(a, "eth0", "10.77.0.1/24", b, "eth0", "10.77.0.2/24");
    a.exec("ip", "link", "set", "eth0", "address", "02:77:00:00:00:01").ok();
    b.exec("ip", "link", "set", "eth0", "address", "02:77:00:00:00:02").ok();
    for (Netns n : new Netns[] {a, b}) {
      n.exec("ip", "-6", "addr", "add", n == a ? "fd77::1/64" : "fd77::2/64", "dev", "eth0",
          "nodad").ok();
    }
  }

  @AfterAll
  static void down() {
    if (a != null) {
      a.close();
    }
    if (b != null) {
      b.close();
    }
  }

  @Test
  void addressesAreAddedListedWithLabelAndDeletedAsIpSeesThem() throws Exception {
    try (Rtnetlink rt = Rtnetlink.openIn(a.name())) {
      int eth0 = rt.link("eth0").orElseThrow().index();
      InterfaceAddress vip = InterfaceAddress.of(eth0, InetAddress.getByName("10.77.0.100"), 24)
          .withLabel("eth0:vi1");
      rt.addAddress(vip);
      String shown = a.exec("ip", "-o", "-4", "addr", "show", "dev", "eth0").ok();
      assertThat(shown).contains("inet 10.77.0.100/24").contains("eth0:vi1");
      assertThat(rt.listAddresses(eth0)).anySatisfy(x -> {
        assertThat(x.address()).isEqualTo(InetAddress.getByName("10.77.0.100"));
        assertThat(x.label()).isEqualTo("eth0:vi1");
        assertThat(x.prefixLength()).isEqualTo(24);
      });
      assertThatThrownBy(() -> rt.addAddress(vip)).isInstanceOf(NetlinkException.class)
          .hasMessageContaining("RTM_NEWADDR 10.77.0.100/24")
          .satisfies(e -> assertThat(((NetlinkException) e).errnoName()).isEqualTo("EEXIST"));
      rt.deleteAddress(vip);
      assertThat(a.exec("ip", "-o", "-4", "addr", "show", "dev", "eth0").ok())
          .doesNotContain("10.77.0.100");
      InterfaceAddress hostScoped = InterfaceAddress.of(eth0, InetAddress.getByName("10.77.0.101"),
          32).withScope(InterfaceAddress.SCOPE_HOST);
      rt.addAddress(hostScoped);
      assertThat(a.exec("ip", "-o", "-4", "addr", "show", "dev", "eth0").ok())
          .contains("10.77.0.101/32 scope host");
      rt.deleteAddress(hostScoped);
      InterfaceAddress v6 = InterfaceAddress.of(eth0, InetAddress.getByName("fd77::100"), 64);
      rt.addAddress(v6);
      assertThat(a.exec("ip", "-o", "-6", "addr", "show", "dev", "eth0").ok())
          .contains("fd77::100/64");
      rt.deleteAddress(v6);
      assertThatThrownBy(() -> rt.deleteAddress(v6)).isInstanceOf(NetlinkException.class)
          .satisfies(e -> assertThat(((NetlinkException) e).errnoName()).isEqualTo("EADDRNOTAVAIL"));
    }
  }

  @Test
  void macvlanIsCreatedWithTheVirtualRouterMacAndDeleted() {
    try (Rtnetlink rt = Rtnetlink.openIn(a.name())) {
      Link eth0 = rt.link("eth0").orElseThrow();
      assertThat(eth0.macString()).isEqualTo("02:77:00:00:00:01");
      assertThat(eth0.kind()).isEqualTo("veth");
      byte[] vmac = HexFormat.ofDelimiter(":").parseHex("00:00:5e:00:01:33");
      Link m = rt.createMacvlan(eth0.index(), "vrrp.51", vmac, Rtnetlink.MACVLAN_MODE_BRIDGE);
      assertThat(m.kind()).isEqualTo("macvlan");
      assertThat(m.parentIndex()).isEqualTo(eth0.index());
      String shown = a.exec("ip", "-d", "link", "show", "vrrp.51").ok();
      assertThat(shown).contains("00:00:5e:00:01:33").contains("macvlan mode bridge");
      rt.deleteLink(m.index());
      assertThat(rt.link("vrrp.51")).isEmpty();
      assertThatThrownBy(() -> rt.deleteLink(m.index())).isInstanceOf(NetlinkException.class)
          .hasMessageContaining("RTM_DELLINK");
    }
  }

  @Test
  void genericNetlinkResolvesTheControllerFamilyAndRejectsUnknownOnes() {
    try (GenericNetlink g = NetNamespace.callIn(a.name(), GenericNetlink::open)) {
      GenericNetlink.Family ctrl = g.family("nlctrl");
      assertThat(ctrl.id()).isEqualTo(GenericNetlink.GENL_ID_CTRL);
      assertThat(ctrl.multicastGroups()).containsKey("notify");
      assertThatThrownBy(() -> g.family("NO_SUCH_FAMILY")).isInstanceOf(NetlinkException.class)
          .satisfies(e -> assertThat(((NetlinkException) e).errnoName()).isEqualTo("ENOENT"));
    }
  }

  @Test
  void rawSocketsCarryMulticastWithTtlInterfaceAndDestination() throws Exception {
    int ifA = NetNamespace.interfaceIndex(a.name(), "eth0");
    int ifB = NetNamespace.interfaceIndex(b.name(), "eth0");
    InetAddress group = InetAddress.getByName("224.0.0.18");
    try (RawIpSocket rx = NetNamespace.callIn(b.name(), () -> RawIpSocket.open(false, 112));
        RawIpSocket tx = NetNamespace.callIn(a.name(), () -> RawIpSocket.open(false, 112))) {
      rx.bindToDevice("eth0").joinGroup(group, ifB);
      tx.bindToDevice("eth0").multicastInterface(ifA).ttl(255).tos(0xc0).multicastLoop(false);
      byte[] payload = {0x31, 0x33, (byte) 0x96, 0, 0, 100, 0, 0};
      tx.sendTo(payload, group);
      Datagram d = rx.receive(Duration.ofSeconds(5));
      assertThat(d).isNotNull();
      assertThat(d.payload()).isEqualTo(payload);
      assertThat(d.ttl()).isEqualTo(255);
      assertThat(d.source()).isEqualTo(InetAddress.getByName("10.77.0.1"));
      assertThat(d.destination()).isEqualTo(group);
      assertThat(d.interfaceIndex()).isEqualTo(ifB);
      assertThat(d.ipHeaderLength()).isEqualTo(20);
      assertThat(d.trafficClass()).isEqualTo(0xc0);
      // a TTL of 64 is reported as such (VRRP receivers drop it)
      tx.ttl(64);
      tx.sendTo(payload, group);
      assertThat(rx.receive(Duration.ofSeconds(5)).ttl()).isEqualTo(64);
      assertThat(rx.receive(Duration.ofMillis(50))).isNull();
      rx.leaveGroup(group, ifB);
      assertThatThrownBy(() -> rx.joinGroup(group, 9999)).isInstanceOf(NativeException.class)
          .hasMessageContaining("IP_ADD_MEMBERSHIP 224.0.0.18 ifindex 9999")
          .hasMessageContaining("ENODEV");
    }
  }

  @Test
  void rawIpv6SocketsReportHopLimitAndDestination() throws Exception {
    int ifA = NetNamespace.interfaceIndex(a.name(), "eth0");
    int ifB = NetNamespace.interfaceIndex(b.name(), "eth0");
    InetAddress group = InetAddress.getByName("ff02::12");
    try (RawIpSocket rx = NetNamespace.callIn(b.name(), () -> RawIpSocket.open(true, 112));
        RawIpSocket tx = NetNamespace.callIn(a.name(), () -> RawIpSocket.open(true, 112))) {
      rx.bindToDevice("eth0").joinGroup(group, ifB);
      tx.bindToDevice("eth0").multicastInterface(ifA).ttl(255).tos(0xc0);
      byte[] payload = {0x31, 0x34, (byte) 0x96, 0, 0, 100, 0, 0};
      tx.sendTo(payload, group);
      Datagram d = rx.receive(Duration.ofSeconds(5));
      assertThat(d).isNotNull();
      assertThat(d.payload()).isEqualTo(payload);
      assertThat(d.ttl()).isEqualTo(255);
      assertThat(d.destination()).isEqualTo(group);
      assertThat(d.interfaceIndex()).isEqualTo(ifB);
      assertThat(d.trafficClass()).isEqualTo(0xc0);
      // fe80:: may still be tentative (DAD) on a fresh veth, then the kernel picks fd77::1
      assertThat(d.source().isLinkLocalAddress()
          || d.source().equals(InetAddress.getByName("fd77::1"))).isTrue();
    }
  }

  @Test
  void packetSocketSendsAFrameThatUpdatesTheNeighbourTable() throws Exception {
    assertThat(b.exec("ping", "-c1", "-W2", "10.77.0.1").exitCode()).isZero();
    int ifA = NetNamespace.interfaceIndex(a.name(), "eth0");
    byte[] newMac = HexFormat.ofDelimiter(":").parseHex("02:77:00:00:00:aa");
    byte[] ip = InetAddress.getByName("10.77.0.1").getAddress();
    byte[] f = new byte[42];
    for (int i = 0; i < 6; i++) {
      f[i] = (byte) 0xff;
      f[22 + i] = newMac[i];
      f[32 + i] = (byte) 0xff;
    }
    System.arraycopy(newMac, 0, f, 6, 6);
    f[12] = 0x08;
    f[13] = 0x06;
    byte[] arp = {0, 1, 8, 0, 6, 4, 0, 1};
    System.arraycopy(arp, 0, f, 14, 8);
    System.arraycopy(ip, 0, f, 28, 4);
    System.arraycopy(ip, 0, f, 38, 4);
    InetAddress target = InetAddress.getByAddress(ip);
    try (PacketSocket ps = NetNamespace.callIn(a.name(), () -> PacketSocket.open(ifA));
        Rtnetlink rt = Rtnetlink.openIn(b.name())) {
      ps.send(f);
      long deadline = System.currentTimeMillis() + 5000;
      boolean seen = false;
      while (!seen && System.currentTimeMillis() < deadline) {
        seen = rt.listNeighbours().stream().anyMatch(n -> n.address().equals(target) && java.util.Arrays.equals(n.mac(), newMac));
        if (!seen) {
          rx(b);
        }
      }
      assertThat(seen).as("neighbour entry updated by the gratuitous ARP").isTrue();
    }
  }

  private static void rx(Netns n) {
    n.exec("true"); // a short pause that runs a real command instead of sleeping
  }

  @Test
  void enteringAMissingNamespaceOrDeviceNamesTheCallAndErrno() {
    assertThatThrownBy(() -> NetNamespace.callIn("hb-no-such-ns", () -> 1))
        .isInstanceOf(NativeException.class).hasMessageContaining("open(/var/run/netns/hb-no-such-ns)")
        .hasMessageContaining("ENOENT");
    assertThatThrownBy(() -> NetNamespace.interfaceIndex(a.name(), "nope0"))
        .isInstanceOf(NativeException.class).hasMessageContaining("if_nametoindex(nope0)");
  }
}
