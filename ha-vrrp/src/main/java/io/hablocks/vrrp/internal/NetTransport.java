package io.hablocks.vrrp.internal;

import io.hablocks.netlink.Datagram;
import io.hablocks.netlink.InterfaceAddress;
import io.hablocks.netlink.Link;
import io.hablocks.netlink.NativeException;
import io.hablocks.netlink.NetNamespace;
import io.hablocks.netlink.NetlinkException;
import io.hablocks.netlink.PacketSocket;
import io.hablocks.netlink.RawIpSocket;
import io.hablocks.netlink.Rtnetlink;
import io.hablocks.vrrp.Advertisement;
import io.hablocks.vrrp.VirtualAddress;
import io.hablocks.vrrp.VrrpInstanceConfig;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real network through ha-netlink: per interface and family one receiving raw socket (group
 * joined, one reader thread blocked in poll) and one sending socket (IPv4 with IP_HDRINCL and
 * keepalived's header; IPv6 bound to the link-local address, hop limit 255, traffic class 0xc0);
 * VIPs through rtnetlink; gratuitous ARP / NA through AF_PACKET. Everything is opened in the
 * given network namespace.
 */
public final class NetTransport implements Transport {

  private static final Logger LOG = LoggerFactory.getLogger(NetTransport.class);
  private static final InetAddress GROUP4 = literal("224.0.0.18");
  private static final InetAddress GROUP6 = literal("ff02::12");

  private final String namespace;
  private final Rtnetlink rt;
  private final Map<String, Port> ports = new HashMap<>();
  private final Map<String, Sender> senders = new HashMap<>();
  private final AtomicInteger ipId = new AtomicInteger();
  private volatile boolean closed;

  /** One interface and family: the receiving socket and its reader. */
  private final class Port {
    final String ifname;
    final boolean v6;
    final RawIpSocket rx;
    final Thread reader;
    volatile Transport.Receiver receiver;

    Port(String ifname, boolean v6, int ifindex) {
      this.ifname = ifname;
      this.v6 = v6;
      this.rx = NetNamespace.callIn(namespace, () -> {
        RawIpSocket s = RawIpSocket.open(v6, Advertisement.IP_PROTOCOL);
        s.bindToDevice(ifname).joinGroup(v6 ? GROUP6 : GROUP4, ifindex);
        return s;
      });
      this.reader = new Thread(this::read, "vrrp-rx-" + ifname + (v6 ? "-6" : "-4"));
      reader.setDaemon(true);
      reader.start();
    }

    private void read() {
      while (!closed) {
        try {
          Datagram d = rx.receive(Duration.ofMillis(200));
          if (d == null) {
            continue;
          }
          Transport.Receiver r = receiver;
          if (r != null) {
            r.packet(ifname, d.payload(), d.source(), d.destination(), d.ttl());
          }
        } catch (NativeException e) {
          if (!closed) {
            LOG.warn("receive on {} failed: {}", ifname, e.getMessage());
          }
        } catch (RuntimeException e) {
          LOG.warn("packet handling on {} failed", ifname, e);
        }
      }
    }
  }

  /** One sending device (the interface, or the vmac) and family. */
  private static final class Sender {
    final RawIpSocket tx;
    final PacketSocket pkt;
    final byte[] mac;
    final InetAddress source;
    final int ifindex;

    Sender(RawIpSocket tx, PacketSocket pkt, byte[] mac, InetAddress source, int ifindex) {
      this.tx = tx;
      this.pkt = pkt;
      this.mac = mac;
      this.source = source;
      this.ifindex = ifindex;
    }
  }

  /**
   * @param namespace the network namespace, or null for the process's own
   */
  public NetTransport(String namespace) {
    this.namespace = namespace;
    this.rt = Rtnetlink.openIn(namespace);
  }

  private static InetAddress literal(String s) {
    try {
      return InetAddress.getByName(s);
    } catch (java.net.UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  private Link link(String name) {
    return rt.link(name).orElseThrow(() -> new NetlinkException("RTM_GETLINK " + name,
        io.hablocks.netlink.Errno.ENODEV, "no such interface", null));
  }

  private static String vmacName(VrrpInstanceConfig cfg) {
    return "vrrp." + cfg.vrid();
  }

  private String sendDevice(VrrpInstanceConfig cfg) {
    return cfg.useVmac() ? vmacName(cfg) : cfg.interfaceName();
  }

  @Override
  public synchronized void open(VrrpInstanceConfig cfg, Receiver receiver) {
    Link parent = link(cfg.interfaceName());
    boolean v6 = cfg.isIpv6();
    String key = cfg.interfaceName() + (v6 ? "/6" : "/4");
    Port port = ports.get(key);
    if (port == null) {
      port = new Port(cfg.interfaceName(), v6, parent.index());
      ports.put(key, port);
    }
    port.receiver = receiver;
    if (cfg.useVmac() && rt.link(vmacName(cfg)).isEmpty()) {
      rt.createMacvlan(parent.index(), vmacName(cfg), Frames.virtualRouterMac(cfg.vrid(), v6),
          Rtnetlink.MACVLAN_MODE_BRIDGE);
    }
    String dev = sendDevice(cfg);
    String skey = dev + (v6 ? "/6" : "/4");
    if (!senders.containsKey(skey)) {
      Link l = link(dev);
      InetAddress src = cfg.sourceAddress() != null ? cfg.sourceAddress() : primary(parent, v6);
      RawIpSocket tx = NetNamespace.callIn(namespace, () -> {
        RawIpSocket s = RawIpSocket.open(v6, Advertisement.IP_PROTOCOL);
        s.bindToDevice(dev);
        if (v6) {
          s.multicastInterface(l.index()).ttl(255).tos(0xc0).multicastLoop(false);
          s.bind(src);
        } else {
          s.headerIncluded(true).multicastInterface(l.index()).multicastLoop(false);
        }
        return s;
      });
      PacketSocket pkt = NetNamespace.callIn(namespace, () -> PacketSocket.open(l.index()));
      senders.put(skey, new Sender(tx, pkt, l.mac(), src, l.index()));
    }
  }

  private InetAddress primary(Link l, boolean v6) {
    for (InterfaceAddress a : rt.listAddresses(l.index())) {
      if (v6 && a.address() instanceof Inet6Address && a.address().isLinkLocalAddress()) {
        try {
          return Inet6Address.getByAddress(null, a.address().getAddress(), l.index());
        } catch (java.net.UnknownHostException e) {
          throw new AssertionError(e);
        }
      }
      if (!v6 && a.address() instanceof Inet4Address && a.label() != null
          && a.label().equals(l.name())) {
        return a.address();
      }
    }
    if (!v6) {
      for (InterfaceAddress a : rt.listAddresses(l.index())) {
        if (a.address() instanceof Inet4Address) {
          return a.address();
        }
      }
    }
    throw new NetlinkException("RTM_GETADDR " + l.name(), io.hablocks.netlink.Errno.EADDRNOTAVAIL,
        "no " + (v6 ? "link-local IPv6" : "primary IPv4") + " address on " + l.name(), null);
  }

  private synchronized Sender sender(VrrpInstanceConfig cfg) {
    Sender s = senders.get(sendDevice(cfg) + (cfg.isIpv6() ? "/6" : "/4"));
    if (s == null) {
      throw new IllegalStateException("instance " + cfg.name() + " is not open");
    }
    return s;
  }

  @Override
  public InetAddress sourceAddress(VrrpInstanceConfig cfg) {
    InetAddress a = sender(cfg).source;
    if (a instanceof Inet6Address six && six.getScopeId() != 0) {
      try {
        return InetAddress.getByAddress(a.getAddress());
      } catch (java.net.UnknownHostException e) {
        throw new AssertionError(e);
      }
    }
    return a;
  }

  @Override
  public void sendAdvert(VrrpInstanceConfig cfg, Advertisement adv) {
    Sender s = sender(cfg);
    InetAddress src = sourceAddress(cfg);
    if (cfg.unicastPeers().isEmpty()) {
      send(s, src, cfg.isIpv6() ? GROUP6 : GROUP4, adv);
    } else {
      for (InetAddress peer : cfg.unicastPeers()) {
        send(s, src, peer, adv);
      }
    }
  }

  private void send(Sender s, InetAddress src, InetAddress dst, Advertisement adv) {
    byte[] payload = adv.encode(src, dst);
    if (dst instanceof Inet6Address) {
      s.tx.sendTo(payload, dst.isLinkLocalAddress() || dst.isMulticastAddress()
          ? scoped((Inet6Address) dst, s.ifindex) : dst);
      return;
    }
    int id = ipId.incrementAndGet() & 0xffff;
    byte[] hdr = Ipv4Header.build(id == 0 ? 1 : id, 0xc0, 255, Advertisement.IP_PROTOCOL,
        (Inet4Address) src, (Inet4Address) dst, payload.length);
    byte[] pkt = new byte[hdr.length + payload.length];
    System.arraycopy(hdr, 0, pkt, 0, hdr.length);
    System.arraycopy(payload, 0, pkt, hdr.length, payload.length);
    s.tx.sendTo(pkt, dst);
  }

  private static InetAddress scoped(Inet6Address a, int ifindex) {
    try {
      return Inet6Address.getByAddress(null, a.getAddress(), ifindex);
    } catch (java.net.UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  private int vipIndex(VrrpInstanceConfig cfg, VirtualAddress v) {
    String dev = v.device() != null ? v.device() : sendDevice(cfg);
    return link(dev).index();
  }

  @Override
  public void addAddresses(VrrpInstanceConfig cfg) {
    for (VirtualAddress v : cfg.virtualAddresses()) {
      InterfaceAddress a = new InterfaceAddress(vipIndex(cfg, v), v.address(), v.prefixLength(),
          v.label(), v.scope());
      try {
        rt.addAddress(a);
      } catch (NetlinkException e) {
        if (e.errno() != io.hablocks.netlink.Errno.EEXIST) {
          throw e;
        }
      }
    }
  }

  @Override
  public void removeAddresses(VrrpInstanceConfig cfg) {
    for (VirtualAddress v : cfg.virtualAddresses()) {
      InterfaceAddress a = new InterfaceAddress(vipIndex(cfg, v), v.address(), v.prefixLength(),
          v.label(), v.scope());
      try {
        rt.deleteAddress(a);
      } catch (NetlinkException e) {
        if (e.errno() != io.hablocks.netlink.Errno.EADDRNOTAVAIL) {
          throw e;
        }
      }
    }
  }

  @Override
  public void announce(VrrpInstanceConfig cfg) {
    Sender s = sender(cfg);
    for (VirtualAddress v : cfg.virtualAddresses()) {
      if (v.address() instanceof Inet4Address v4) {
        s.pkt.send(Frames.gratuitousArp(s.mac, v4));
      } else {
        s.pkt.send(Frames.unsolicitedNa(s.mac, (Inet6Address) v.address()));
      }
    }
  }

  @Override
  public boolean interfaceUp(String ifname) {
    return rt.link(ifname).map(Link::isUp).orElse(false);
  }

  @Override
  public synchronized void release(VrrpInstanceConfig cfg) {
    if (cfg.useVmac()) {
      rt.link(vmacName(cfg)).ifPresent(l -> {
        try {
          rt.deleteLink(l.index());
        } catch (NetlinkException e) {
          LOG.warn("cannot delete {}: {}", l.name(), e.getMessage());
        }
      });
    }
  }

  @Override
  public void close() {
    closed = true;
    java.util.List<Port> ps;
    synchronized (this) {
      ps = java.util.List.copyOf(ports.values());
    }
    for (Port p : ps) {
      try {
        p.reader.join(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    closeSockets();
  }

  private synchronized void closeSockets() {
    for (Port p : ports.values()) {
      p.rx.close();
    }
    for (Sender s : senders.values()) {
      s.tx.close();
      s.pkt.close();
    }
    ports.clear();
    senders.clear();
    rt.close();
  }
}
