package io.hablocks.haproxy.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hablocks.haproxy.BalanceConfig;
import io.hablocks.haproxy.HaproxyConfigException;
import io.hablocks.haproxy.ServerConfig;
import io.hablocks.testkit.ManualClock;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BalancerTest {

  private static ServerConfig srv(String name, int id, int weight) {
    return ServerConfig.of(name, "127.0.0.1", 80).withWeight(weight).withId(id);
  }

  private static List<String> picks(Balancer b, int n) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(b.pick(RequestHead.connection(InetAddress.getLoopbackAddress()), null).name());
    }
    return out;
  }

  @Test
  void roundrobinFollowsWeightsSmoothly() {
    Balancer b = new Balancer(BalanceConfig.ROUNDROBIN,
        List.of(srv("a", 1, 1), srv("b", 2, 3)), false, new ManualClock(), 1);
    List<String> p = picks(b, 40);
    assertThat(p.stream().filter("b"::equals).count()).isEqualTo(30);
    // never four b in a row: the heaviest server is spread, not bunched
    assertThat(String.join("", p)).doesNotContain("bbbb");
    assertThat(b.reportedWeight(b.server("b"))).isEqualTo(3);
    assertThat(b.wdiv()).isEqualTo(16);
  }

  @Test
  void staticRrRefusesDynamicWeightsAndMapsUseGcd() {
    Balancer b = new Balancer(new BalanceConfig("static-rr", List.of(), false, "sdbm", false),
        List.of(srv("a", 1, 2), srv("b", 2, 4)), false, new ManualClock(), 1);
    // the map of weights 1:2 (after the GCD) is [a, b, b]: declaration order wins ties
    assertThat(picks(b, 6)).containsExactly("a", "b", "b", "a", "b", "b");
    assertThat(b.wmult()).isEqualTo(2);
    assertThatThrownBy(() -> b.setWeight(b.server("a"), 3))
        .isInstanceOf(HaproxyConfigException.class).hasMessageContaining("static LB algorithm");
    b.setWeight(b.server("a"), 0);
    assertThat(picks(b, 4)).containsOnly("b");
  }

  @Test
  void backupsServeOnlyWhenNoActiveIsLeft() {
    Balancer b = new Balancer(BalanceConfig.ROUNDROBIN,
        List.of(srv("a", 1, 1), srv("bk1", 2, 1).withBackup(true),
            srv("bk2", 3, 1).withBackup(true)), false, new ManualClock(), 1);
    assertThat(picks(b, 3)).containsOnly("a");
    b.setUp(b.server("a"), false);
    assertThat(picks(b, 4)).containsOnly("bk1"); // only the first backup without allbackups
    b.setUp(b.server("a"), true);
    assertThat(picks(b, 2)).containsOnly("a");
  }

  @Test
  void leastconnAndFirstFollowConnections() {
    Balancer lc = new Balancer(new BalanceConfig("leastconn", List.of(), false, "sdbm", false),
        List.of(srv("a", 1, 1), srv("b", 2, 1)), false, new ManualClock(), 1);
    LbServer x = lc.pick(RequestHead.connection(null), null);
    lc.taken(x);
    LbServer y = lc.pick(RequestHead.connection(null), null);
    assertThat(y).isNotSameAs(x);
    Balancer first = new Balancer(new BalanceConfig("first", List.of(), false, "sdbm", false),
        List.of(srv("a", 1, 1).withMaxconn(1), srv("b", 2, 1)), false, new ManualClock(), 1);
    LbServer f1 = first.pick(RequestHead.connection(null), null);
    first.taken(f1);
    assertThat(f1.name()).isEqualTo("a");
    assertThat(first.pick(RequestHead.connection(null), null).name()).isEqualTo("b");
  }

  @Test
  void consistentHashingMovesFewKeysWhenAServerLeaves() {
    BalanceConfig uri = new BalanceConfig("uri", List.of(), true, "sdbm", true);
    List<ServerConfig> s = List.of(srv("a", 1, 1), srv("b", 2, 1), srv("c", 3, 1), srv("d", 4, 1));
    Balancer b = new Balancer(uri, s, false, new ManualClock(), 1);
    Map<String, String> before = new HashMap<>();
    for (int i = 0; i < 400; i++) {
      String u = "/k" + i;
      before.put(u, b.pick(new RequestHead("GET", u, "HTTP/1.1", List.of(), null), null).name());
    }
    b.setUp(b.server("d"), false);
    int moved = 0;
    for (Map.Entry<String, String> e : before.entrySet()) {
      String now = b.pick(new RequestHead("GET", e.getKey(), "HTTP/1.1", List.of(), null), null)
          .name();
      if (!e.getValue().equals("d") && !now.equals(e.getValue())) {
        moved++;
      }
    }
    assertThat(moved).isZero();
  }

  @Test
  void slowstartRampsTheWeightOnTheClock() {
    ManualClock clock = new ManualClock();
    ServerConfig a = new ServerConfig("a", 1, "127.0.0.1", 80, 10, false, false,
        Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(2), 2, 3, 0, 0, 0,
        false, Duration.ofSeconds(10), 0);
    Balancer b = new Balancer(BalanceConfig.ROUNDROBIN, List.of(a, srv("b", 2, 10)), false,
        clock, 1);
    LbServer s = b.server("a");
    b.setUp(s, false);
    b.setUp(s, true);
    // HAProxy: w = (wdiv * elapsed + slowstart) / slowstart, eweight = uweight * w
    assertThat(s.effectiveWeight()).isEqualTo(10 * ((16 * 0 + 10) / 10));
    clock.advance(Duration.ofSeconds(5));
    assertThat(s.effectiveWeight()).isEqualTo(10 * ((16 * 5 + 10) / 10));
    clock.advance(Duration.ofSeconds(5));
    assertThat(s.effectiveWeight()).isEqualTo(160);
    assertThat(b.reportedWeight(s)).isEqualTo(10);
  }
}
