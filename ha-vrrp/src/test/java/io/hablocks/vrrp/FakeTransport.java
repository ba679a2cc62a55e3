package io.hablocks.vrrp;

import io.hablocks.api.Clock;
import io.hablocks.vrrp.internal.Transport;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** An in-memory network for router tests: records what is sent, lets the test inject packets. */
final class FakeTransport implements Transport {

  record Sent(long nanos, String instance, Advertisement adv) {}

  final Clock clock;
  final List<Sent> sent = new ArrayList<>();
  final List<String> events = new ArrayList<>();
  final Map<String, Integer> announces = new HashMap<>();
  final Map<String, Boolean> links = new ConcurrentHashMap<>();
  Receiver receiver;
  final InetAddress self;

  FakeTransport(Clock clock, String self) {
    this.clock = clock;
    this.self = VrrpLab.addr(self);
  }

  @Override
  public void open(VrrpInstanceConfig cfg, Receiver r) {
    receiver = r;
  }

  @Override
  public InetAddress sourceAddress(VrrpInstanceConfig cfg) {
    return self;
  }

  @Override
  public synchronized void sendAdvert(VrrpInstanceConfig cfg, Advertisement adv) {
    sent.add(new Sent(clock.nanoTime(), cfg.name(), adv));
  }

  @Override
  public synchronized void addAddresses(VrrpInstanceConfig cfg) {
    events.add("add " + cfg.name());
  }

  @Override
  public synchronized void removeAddresses(VrrpInstanceConfig cfg) {
    events.add("remove " + cfg.name());
  }

  @Override
  public synchronized void announce(VrrpInstanceConfig cfg) {
    announces.merge(cfg.name(), 1, Integer::sum);
  }

  @Override
  public boolean interfaceUp(String ifname) {
    return links.getOrDefault(ifname, true);
  }

  @Override
  public void release(VrrpInstanceConfig cfg) {
    events.add("release " + cfg.name());
  }

  @Override
  public void close() {
    events.add("close");
  }

  void inject(String ifname, Advertisement a, String src, int ttl) {
    InetAddress s = VrrpLab.addr(src);
    InetAddress d = VrrpLab.addr(a.isIpv6() ? "ff02::12" : "224.0.0.18");
    receiver.packet(ifname, a.encode(s, d), s, d, ttl);
  }

  synchronized List<Integer> prios(String instance) {
    return sent.stream().filter(x -> x.instance().equals(instance)).map(x -> x.adv().priority())
        .toList();
  }
}
