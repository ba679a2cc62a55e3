package io.hablocks.ipvs;

import static org.assertj.core.api.Assertions.assertThat;

import io.hablocks.api.lb.PickContext;
import io.hablocks.api.lb.PickResult;
import io.hablocks.api.lb.Picker;
import io.hablocks.api.lb.Scheduler;
import io.hablocks.api.lb.Server;
import io.hablocks.testkit.ManualClock;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class SchedulerBehaviourTest {

  static final InetSocketAddress VIP = new InetSocketAddress("10.0.0.1", 80);

  static InetSocketAddress rs(int i) {
    return new InetSocketAddress("10.0.1." + i, 80);
  }

  static InetSocketAddress client(int i, int port) {
    return new InetSocketAddress("192.168." + (i / 250) + "." + (i % 250 + 1), port);
  }

  /** Servers newest first: weights given in add order 1..n, so the list is n..1. */
  static List<Server> servers(int... weights) {
    List<Server> out = new ArrayList<>();
    for (int i = 1; i <= weights.length; i++) {
      out.add(0, Server.of(rs(i)).withWeight(weights[i - 1]));
    }
    return out;
  }

  static String pickName(Picker p, PickContext c) {
    PickResult r = p.pick(c);
    return r.hasServer() ? r.server().address().getAddress().getHostAddress() : "-";
  }

  static List<Integer> picks(Picker p, int n) {
    List<Integer> out = new ArrayList<>();
    PickContext c = PickContext.of(client(0, 1000), VIP);
    for (int i = 0; i < n; i++) {
      PickResult r = p.pick(c);
      out.add(r.hasServer() ? r.server().address().getAddress().getAddress()[3] & 0xff : 0);
    }
    return out;
  }

  @Test
  void rrMovesToThePredecessorWhenTheLastPickedIsDeleted() {
    Scheduler rr = IpvsSchedulers.create("rr");
    List<Server> four = servers(1, 1, 1, 1); // list 4 3 2 1
    Picker p = rr.newPicker(four, null);
    assertThat(picks(p, 2)).containsExactly(4, 3);
    List<Server> without3 = new ArrayList<>(four);
    without3.remove(1); // 4 2 1; position moves to 4 (3's predecessor)
    Picker q = rr.newPicker(without3, p);
    assertThat(picks(q, 4)).containsExactly(2, 1, 4, 2);
  }

  @Test
  void rrKeepsItsPlaceWhenADestinationIsAddedAtTheHead() {
    Scheduler rr = IpvsSchedulers.create("rr");
    Picker p = rr.newPicker(servers(1, 1, 1), null); // 3 2 1
    assertThat(picks(p, 2)).containsExactly(3, 2);
    Picker q = rr.newPicker(servers(1, 1, 1, 1), p); // 4 3 2 1, still after 2
    assertThat(picks(q, 4)).containsExactly(1, 4, 3, 2);
  }

  @Test
  void wrrRebuildKeepsCwAndRestartsAtTheHeadAsTheKernelDoes() {
    Scheduler wrr = IpvsSchedulers.create("wrr");
    // list 3(w2) 2(w3) 1(w4): di 1, mw 4; fresh picker starts at cw = mw = 4
    Picker p = wrr.newPicker(servers(4, 3, 2), null);
    // cw 4: 1; cw 3: 2 1; cw 2: 3 2 1; cw 1: 3 2 1
    assertThat(picks(p, 9)).containsExactly(1, 2, 1, 3, 2, 1, 3, 2, 1);
    List<Integer> more = picks(p, 2); // cw 4: 1; cw 3: 2
    assertThat(more).containsExactly(1, 2);
    // a rebuild with the same list: cw stays 3, the scan restarts at the head: 2 1, then cw 2
    Picker q = wrr.newPicker(servers(4, 3, 2), p);
    assertThat(picks(q, 5)).containsExactly(2, 1, 3, 2, 1);
  }

  @Test
  void wrrWithGcdRoundsCwOnRebuild() {
    Scheduler wrr = IpvsSchedulers.create("wrr");
    // weights 4 8 12, list 3 2 1: di 4, mw 9; fresh: cw 9: 3; cw 5: 3 2; cw 1: 3 2 1
    Picker p = wrr.newPicker(servers(4, 8, 12), null);
    assertThat(picks(p, 2)).containsExactly(3, 3); // now cw 5
    // weights 6 8 12: di 2, mw 11; cw 5 -> (5/2)*2+1 = 5: from the head 3 2 1 (6 >= 5), cw 3 ...
    Picker q = wrr.newPicker(servers(6, 8, 12), p);
    assertThat(picks(q, 6)).containsExactly(3, 2, 1, 3, 2, 1);
  }

  /** Counters whose threshold is never reached force wrr onto the kernel's scan path. */
  static List<Server> withCounters(List<Server> in) {
    List<Server> out = new ArrayList<>();
    for (Server s : in) {
      DestinationCounters c = new DestinationCounters();
      c.setThresholds(1_000_000, 0);
      out.add(s.withLoad(c));
    }
    return out;
  }

  @Test
  void wrrTableAndKernelScanAgreeAcrossRandomRebuilds() {
    Random r = new Random(42);
    Scheduler wrr = IpvsSchedulers.create("wrr");
    for (int round = 0; round < 200; round++) {
      Picker table = null;
      Picker scan = null;
      for (int change = 0; change < 4; change++) {
        int n = 1 + r.nextInt(6);
        int[] w = new int[n];
        int g = 1 + r.nextInt(3);
        for (int i = 0; i < n; i++) {
          w[i] = r.nextInt(5) == 0 ? 0 : g * (1 + r.nextInt(6));
        }
        List<Server> list = servers(w);
        table = wrr.newPicker(list, table);
        scan = wrr.newPicker(withCounters(list), scan);
        int k = r.nextInt(30);
        assertThat(picks(table, k)).as("round %d change %d weights %s", round, change,
            java.util.Arrays.toString(w)).isEqualTo(picks(scan, k));
      }
    }
  }

  @Test
  void wrrTwoThreadsShareOneRotationExactly() throws Exception {
    Picker p = IpvsSchedulers.create("wrr").newPicker(servers(5, 3, 2), null);
    int cycles = 2000;
    int each = cycles * 10 / 2; // a cycle is 5 + 3 + 2 picks
    Map<Integer, AtomicInteger> counts = new HashMap<>();
    for (int i = 1; i <= 3; i++) {
      counts.put(i, new AtomicInteger());
    }
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> ts = new ArrayList<>();
    for (int t = 0; t < 2; t++) {
      Thread th = new Thread(() -> {
        try {
          start.await();
        } catch (InterruptedException e) {
          return;
        }
        for (int i : picks(p, each)) {
          counts.get(i).incrementAndGet();
        }
      });
      th.start();
      ts.add(th);
    }
    start.countDown();
    for (Thread th : ts) {
      th.join();
    }
    assertThat(counts.get(1).get()).isEqualTo(5 * cycles);
    assertThat(counts.get(2).get()).isEqualTo(3 * cycles);
    assertThat(counts.get(3).get()).isEqualTo(2 * cycles);
  }

  @Test
  void mhWeightZeroKeepsEveryOtherKeyWhereItWas() {
    Scheduler mh = IpvsSchedulers.create("mh");
    Picker before = mh.newPicker(servers(1, 1, 1, 1), null);
    List<Server> zeroed = servers(1, 0, 1, 1);
    Picker after = mh.newPicker(zeroed, before);
    int moved = 0;
    int dropped = 0;
    for (int i = 0; i < 500; i++) {
      PickContext c = PickContext.of(client(i, 1000), VIP);
      String was = pickName(before, c);
      String now = pickName(after, c);
      if (was.equals("10.0.1.2")) {
        assertThat(now).isEqualTo("-");
        dropped++;
      } else if (!was.equals(now)) {
        moved++;
      }
    }
    assertThat(moved).isZero();
    assertThat(dropped).isGreaterThan(50);
    // a fresh picker from the same list (no previous weight) gives 2 no slots: keys move
    Picker fresh = mh.newPicker(zeroed, null);
    int differ = 0;
    for (int i = 0; i < 500; i++) {
      PickContext c = PickContext.of(client(i, 1000), VIP);
      if (!pickName(fresh, c).equals(pickName(after, c))) {
        differ++;
      }
    }
    assertThat(differ).isGreaterThan(0);
  }

  @Test
  void mhFallbackFindsAnotherDestinationForEveryKey() {
    Scheduler mh = IpvsSchedulers.builder("mh").flags(SchedulerFlag.parseList("mh-fallback"))
        .build();
    Picker p = mh.newPicker(servers(1, 0, 1), mh.newPicker(servers(1, 1, 1), null));
    for (int i = 0; i < 300; i++) {
      assertThat(pickName(p, PickContext.of(client(i, 1000), VIP))).isIn("10.0.1.1", "10.0.1.3");
    }
  }

  @Test
  void shGivesEachDestinationWeightBuckets() {
    Picker p = IpvsSchedulers.create("sh").newPicker(servers(1, 2, 5), null);
    Map<String, Integer> n = new HashMap<>();
    // every source address hashes to one of 256 buckets; count over many addresses
    for (int i = 0; i < 20000; i++) {
      n.merge(pickName(p, PickContext.of(client(i, 1), VIP)), 1, Integer::sum);
    }
    // 256 buckets cycled 5,2,1 (list 3 2 1): 160 + 64 + 32
    assertThat(n.get("10.0.1.3") / (double) n.get("10.0.1.1")).isBetween(4.0, 6.0);
    assertThat(n.get("10.0.1.2") / (double) n.get("10.0.1.1")).isBetween(1.6, 2.4);
  }

  @Test
  void twosFollowsTheKernelsTwoChoices() {
    // list 3(w3) 2(w2) 1(w1); total 6 + 1 = 7; random 5 -> rw1 5: 3 (5-3=2), 2 (0) -> choice1 2;
    // random 1 -> rw2 1: 3 (1-3 < 0) -> choice2 3
    RandomGenerator fixed = new RandomGenerator() {
      final int[] seq = {5, 1};
      int i;

      @Override
      public long nextLong() {
        return seq[i++ % seq.length];
      }

      @Override
      public int nextInt() {
        return seq[i++ % seq.length];
      }
    };
    List<Server> list = servers(1, 2, 3);
    DestinationCounters c3 = new DestinationCounters();
    DestinationCounters c2 = new DestinationCounters();
    c3.bind(true); // 3: overhead 256, weight 3; 2: overhead 0, weight 2
    List<Server> loaded = List.of(list.get(0).withLoad(c3), list.get(1).withLoad(c2), list.get(2));
    Picker p = IpvsSchedulers.builder("twos").random(fixed).build().newPicker(loaded, null);
    // w2·oh1 = 3·0 > w1·oh2 = 2·256? no -> keep choice1 (2)
    assertThat(pickName(p, PickContext.EMPTY)).isEqualTo("10.0.1.2");
    c2.bind(true);
    c2.bind(true); // 2: overhead 512: 3·512 > 2·256 -> choice2 (3)
    assertThat(pickName(p, PickContext.EMPTY)).isEqualTo("10.0.1.3");
  }

  @Test
  void lblcrDropsTheMostLoadedMemberAfterTheExpiration() {
    ManualClock clock = new ManualClock();
    Scheduler lblcr = IpvsSchedulers.builder("lblcr").clock(clock)
        .lblcrExpiration(Duration.ofMinutes(1)).build();
    VirtualServer vs = VirtualServer.create(VIP, lblcr);
    vs.add(RealServer.of(rs(1), 1));
    vs.add(RealServer.of(rs(2), 1));
    List<String> got = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      got.add(vs.connect(client(0, 2000 + i)).orElseThrow().destination().name());
    }
    // 2 (newest) until it has 2 active > weight 1 while 1 has 0·2 < 1; then 1 joins the set
    // and, as the least loaded member that is not "overloaded", keeps it
    assertThat(got).containsExactly("10.0.1.2:80", "10.0.1.2:80", "10.0.1.1:80", "10.0.1.1:80",
        "10.0.1.1:80");
    clock.advance(Duration.ofMinutes(2));
    // set {1 (3 active), 2 (2 active)}: min is 2; the expired set drops its most loaded (1)
    assertThat(vs.connect(client(0, 3000)).orElseThrow().destination().name())
        .isEqualTo("10.0.1.2:80");
    // both have 3 active now; with 1 still a member its turn would come first (newest in the
    // set); without it the set is {2}
    assertThat(vs.connect(client(0, 3001)).orElseThrow().destination().name())
        .isEqualTo("10.0.1.2:80");
  }

  @Test
  void overloadIsSetAtTheUpperThresholdAndClearedBelowThreeQuarters() {
    DestinationCounters c = new DestinationCounters();
    c.setThresholds(4, 0);
    for (int i = 0; i < 3; i++) {
      c.bind(true);
    }
    assertThat(c.overloaded()).isFalse();
    c.bind(true);
    assertThat(c.overloaded()).isTrue();
    c.unbind(true); // 3: 12 < 12? no
    assertThat(c.overloaded()).isTrue();
    c.unbind(true); // 2: 8 < 12
    assertThat(c.overloaded()).isFalse();
    c.setThresholds(2, 1);
    c.bind(false); // 3 >= 2
    assertThat(c.overloaded()).isTrue();
    c.unbind(false);
    c.unbind(true); // 1: not below l=1
    assertThat(c.overloaded()).isTrue();
    c.unbind(true); // 0 < 1
    assertThat(c.overloaded()).isFalse();
  }

  @Test
  void aReAddedDestinationComesBackFromTheTrashWithItsCounters() {
    VirtualServer vs = VirtualServer.create(VIP, IpvsSchedulers.create("lc"));
    vs.add(RealServer.of(rs(1), 1));
    vs.connect(client(0, 1)).orElseThrow();
    vs.connect(client(0, 2)).orElseThrow();
    vs.remove(rs(1));
    assertThat(vs.counters(rs(1))).isEmpty();
    vs.add(RealServer.of(rs(1), 1));
    assertThat(vs.counters(rs(1)).orElseThrow().active()).isEqualTo(2);
  }

  @Test
  void pickingAllocatesNothing() {
    com.sun.management.ThreadMXBean mx =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    PickContext c = PickContext.of(client(3, 4000), VIP);
    for (String name : List.of("rr", "wrr", "lc", "wlc", "sed", "nq", "fo", "ovf", "dh", "sh",
        "mh", "lblc", "lblcr", "twos")) {
      Picker p = IpvsSchedulers.create(name).newPicker(servers(3, 1, 2, 5, 4, 1, 1, 2), null);
      for (int i = 0; i < 20000; i++) {
        p.pick(c); // warm up (JIT, lblc entries)
      }
      long before = mx.getThreadAllocatedBytes(Thread.currentThread().getId());
      for (int i = 0; i < 10000; i++) {
        p.pick(c);
      }
      long used = mx.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
      assertThat(used).as(name + " bytes for 10000 picks").isLessThan(2000);
    }
  }
}
