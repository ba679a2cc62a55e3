package io.hablocks.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;

class CodecTest {

  @Test
  void attributesArePaddedNestedAndReadBack() throws Exception {
    byte[] raw = Attributes.builder()
        .string(3, "vrrp.51")
        .u8(9, 7)
        .nested(18, li -> li.string(1, "macvlan").nested(2, d -> d.u32(1, 4)))
        .address(1, InetAddress.getByName("10.99.0.100"))
        .u16(4, 0xbeef)
        .build();
    // "vrrp.51\0" = 8 bytes -> 12; u8 -> 8 (padded); nested ...; every attribute starts aligned
    assertThat(raw.length % 4).isZero();
    ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.nativeOrder());
    assertThat(b.getShort(0)).isEqualTo((short) 12);
    assertThat(b.getShort(12)).isEqualTo((short) 5);
    assertThat(b.getShort(14)).isEqualTo((short) 9);
    assertThat(b.getShort(22) & 0xffff).isEqualTo(18 | Attributes.NLA_F_NESTED);
    Attributes a = Attributes.parse(raw, 0, raw.length);
    assertThat(a.string(3)).contains("vrrp.51");
    assertThat(a.u8(9)).contains(7);
    assertThat(a.u16(4)).contains(0xbeef);
    assertThat(a.address(1)).contains(InetAddress.getByName("10.99.0.100"));
    Attributes li = a.nested(18).orElseThrow();
    assertThat(li.string(1)).contains("macvlan");
    assertThat(li.nested(2).orElseThrow().u32(1)).contains(4);
    assertThat(a.get(99)).isEmpty();
  }

  @Test
  void truncatedAttributeEndsTheList() {
    byte[] raw = Attributes.builder().u32(1, 5).u32(2, 6).build();
    Attributes a = Attributes.parse(raw, 0, raw.length - 2);
    assertThat(a.all()).hasSize(1);
    ByteBuffer.wrap(raw).order(ByteOrder.nativeOrder()).putShort(0, (short) 200);
    assertThat(Attributes.parse(raw, 0, raw.length).all()).isEmpty();
  }

  @Test
  void messagesRoundTripAndSplit() {
    NetlinkMessage m1 = new NetlinkMessage(20, NetlinkMessage.F_REQUEST | NetlinkMessage.F_ACK, 7,
        0, new byte[] {1, 2, 3});
    NetlinkMessage m2 = new NetlinkMessage(3, NetlinkMessage.F_MULTI, 7, 0, new byte[4]);
    byte[] e1 = m1.encode();
    assertThat(e1).hasSize(20);
    assertThat(ByteBuffer.wrap(e1).order(ByteOrder.nativeOrder()).getInt(0)).isEqualTo(19);
    byte[] both = new byte[e1.length + m2.encode().length];
    System.arraycopy(e1, 0, both, 0, e1.length);
    System.arraycopy(m2.encode(), 0, both, e1.length, m2.encode().length);
    List<NetlinkMessage> back = NetlinkMessage.decodeAll(both, both.length);
    assertThat(back).containsExactly(m1, m2);
    ByteBuffer.wrap(both).order(ByteOrder.nativeOrder()).putInt(0, 1000);
    assertThatThrownBy(() -> NetlinkMessage.decodeAll(both, both.length))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bad length 1000");
  }

  @Test
  void genlFamilyReplyIsParsed() {
    byte[] attrs = Attributes.builder().u16(1, 0x1d).string(2, "IPVS").u32(3, 1).u32(4, 0)
        .u32(5, 8).nested(7, gs -> gs.nested(1, g -> g.string(1, "events").u32(2, 9))).build();
    GenericNetlink.Family f = GenericNetlink.parseFamily(GenericNetlink.payload(1, 2, attrs));
    assertThat(f.id()).isEqualTo(0x1d);
    assertThat(f.name()).isEqualTo("IPVS");
    assertThat(f.maxAttribute()).isEqualTo(8);
    assertThat(f.multicastGroups()).containsEntry("events", 9);
  }

  @Test
  void nativeExceptionNamesCallAndErrno() {
    NativeException e = new NativeException("setsockopt(IP_ADD_MEMBERSHIP)", 19, "No such device");
    assertThat(e.getMessage()).isEqualTo(
        "setsockopt(IP_ADD_MEMBERSHIP) failed: errno 19 (ENODEV) No such device");
    assertThat(e.errnoName()).isEqualTo("ENODEV");
  }
}
