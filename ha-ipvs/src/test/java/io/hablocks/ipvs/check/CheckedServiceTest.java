package io.hablocks.ipvs.check;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.hablocks.ipvs.IpvsSchedulers;
import io.hablocks.ipvs.RealServer;
import io.hablocks.ipvs.VirtualServer;
import io.hablocks.testkit.ManualClock;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The checkers against real servers on loopback (a TCP listener that dies and comes back, an
 * HTTP server whose page changes), every timer on a ManualClock: destinations leave and return
 * within the delay_loop and retry bounds.
 */
class CheckedServiceTest {

  static final InetSocketAddress VIP = new InetSocketAddress("10.0.0.1", 80);
  final ManualClock clock = new ManualClock();
  final List<AutoCloseable> toClose = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : toClose) {
      c.close();
    }
  }

  /** A loopback TCP listener that accepts and closes in its own thread. */
  final class Listener implements AutoCloseable {
    final ServerSocket socket;
    final Thread thread;

    Listener(int port) throws IOException {
      socket = new ServerSocket();
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      thread = new Thread(() -> {
        while (!socket.isClosed()) {
          try (Socket s = socket.accept()) {
            s.getInputStream().read(new byte[1]);
          } catch (IOException e) {
            return;
          }
        }
      });
      thread.setDaemon(true);
      thread.start();
      toClose.add(this);
    }

    InetSocketAddress address() {
      return new InetSocketAddress(InetAddress.getLoopbackAddress(), socket.getLocalPort());
    }

    @Override
    public void close() throws Exception {
      socket.close();
      thread.join(5000);
    }
  }

  /** Runs the clock second by second until the condition holds; returns the time it took. */
  Duration until(BooleanSupplier condition, Duration limit) {
    Duration spent = Duration.ZERO;
    while (!condition.getAsBoolean()) {
      assertThat(spent).as("condition within %s", limit).isLessThan(limit);
      clock.advance(Duration.ofMillis(500));
      spent = spent.plusMillis(500);
    }
    return spent;
  }

  static boolean has(VirtualServer vs, InetSocketAddress a) {
    return vs.destinations().stream().anyMatch(r -> r.address().equals(a));
  }

  static int weight(VirtualServer vs, InetSocketAddress a) {
    return vs.destinations().stream().filter(r -> r.address().equals(a)).findFirst()
        .map(RealServer::weight).orElse(-1);
  }

  @Test
  void aTcpListenerThatDiesIsRemovedWithinTheBoundAndComesBack() throws Exception {
    Listener l = new Listener(0);
    InetSocketAddress a = l.address();
    CheckTimers timers = CheckTimers.DEFAULTS.withDelayLoop(Duration.ofSeconds(5)).withRetry(2)
        .withDelayBeforeRetry(Duration.ofSeconds(1)).withConnectTimeout(Duration.ofSeconds(1));
    VirtualServer vs = VirtualServer.create(VIP, IpvsSchedulers.create("wrr"));
    List<CheckedService.Notification> events = new ArrayList<>();
    CheckedService s = CheckedService.builder(vs, clock)
        .realServer(RealServer.of(a, 3), new TcpCheck(a, timers.connectTimeout()), timers)
        .listener(events::add).build();
    s.start();
    assertThat(has(vs, a)).isTrue();
    clock.advance(Duration.ofSeconds(12)); // checks pass: still in
    assertThat(has(vs, a)).isTrue();
    l.close();
    Duration out = until(() -> !has(vs, a), Duration.ofSeconds(30));
    // the next delay_loop tick fails, then retry × delay_before_retry: at most 5 + 2 × 1 s
    assertThat(out).isLessThanOrEqualTo(Duration.ofSeconds(7))
        .isGreaterThanOrEqualTo(Duration.ofSeconds(2));
    assertThat(events).extracting(CheckedService.Notification::event)
        .containsExactly(CheckedService.Event.DOWN, CheckedService.Event.QUORUM_DOWN);
    new Listener(a.getPort());
    Duration back = until(() -> has(vs, a), Duration.ofSeconds(30));
    assertThat(back).isLessThanOrEqualTo(Duration.ofSeconds(5));
    assertThat(weight(vs, a)).isEqualTo(3);
    assertThat(events.get(events.size() - 2).event()).isEqualTo(CheckedService.Event.UP);
    s.stop();
  }

  @Test
  void anHttpPageThatChangesTakesTheServerOutAndBack() throws Exception {
    AtomicReference<String> page = new AtomicReference<>("<html>status: OK</html>");
    HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    http.createContext("/health", ex -> {
      byte[] b = page.get().getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(200, b.length);
      try (OutputStream o = ex.getResponseBody()) {
        o.write(b);
      }
    });
    http.start();
    toClose.add(() -> http.stop(0));
    InetSocketAddress a = new InetSocketAddress(InetAddress.getLoopbackAddress(),
        http.getAddress().getPort());
    String digest = HexFormat.of().formatHex(MessageDigest.getInstance("MD5")
        .digest(page.get().getBytes(StandardCharsets.UTF_8)));
    CheckTimers timers = CheckTimers.DEFAULTS.withDelayLoop(Duration.ofSeconds(3)).withRetry(1)
        .withDelayBeforeRetry(Duration.ofSeconds(2)).withConnectTimeout(Duration.ofSeconds(2));
    HttpGetCheck check = new HttpGetCheck(a, false,
        List.of(new HttpGetCheck.Url("/health", java.util.Set.of(200), digest,
            Pattern.compile("status: OK"))), timers.connectTimeout(), null);
    assertThat(check.run().ok()).isTrue();
    VirtualServer vs = VirtualServer.create(VIP, IpvsSchedulers.create("rr"));
    CheckedService s = CheckedService.builder(vs, clock)
        .realServer(RealServer.of(a, 2), check, timers, true).build();
    s.start();
    page.set("<html>status: MAINTENANCE</html>");
    Duration out = until(() -> weight(vs, a) == 0, Duration.ofSeconds(30));
    assertThat(out).isLessThanOrEqualTo(Duration.ofSeconds(3 + 2));
    assertThat(has(vs, a)).as("inhibit_on_failure keeps it at weight 0").isTrue();
    assertThat(check.run().reason()).contains("digest");
    page.set("<html>status: OK</html>");
    Duration back = until(() -> weight(vs, a) == 2, Duration.ofSeconds(30));
    assertThat(back).isLessThanOrEqualTo(Duration.ofSeconds(3));
    s.stop();
  }

  @Test
  void quorumWithHysteresisAddsAndRemovesTheSorryServer() {
    VirtualServer vs = VirtualServer.create(VIP, IpvsSchedulers.create("wlc"));
    List<AtomicBoolean> alive = new ArrayList<>();
    InetSocketAddress sorry = new InetSocketAddress("10.0.9.9", 80);
    CheckTimers timers = CheckTimers.DEFAULTS.withDelayLoop(Duration.ofSeconds(1)).withRetry(0);
    CheckedService.Builder b = CheckedService.builder(vs, clock).quorum(2, 1)
        .sorryServer(RealServer.of(sorry, 1));
    for (int i = 1; i <= 3; i++) {
      AtomicBoolean up = new AtomicBoolean(true);
      alive.add(up);
      b.realServer(RealServer.of(new InetSocketAddress("10.0.1." + i, 80), 1),
          () -> up.get() ? CheckResult.pass("fake up") : CheckResult.fail("fake down"), timers);
    }
    CheckedService s = b.build();
    s.start();
    assertThat(s.quorumUp()).isTrue();
    alive.get(0).set(false);
    alive.get(1).set(false);
    clock.advance(Duration.ofSeconds(2));
    // live weight 1, not below quorum − hysteresis = 1: quorum holds
    assertThat(s.quorumUp()).isTrue();
    assertThat(has(vs, sorry)).isFalse();
    alive.get(2).set(false);
    clock.advance(Duration.ofSeconds(2));
    assertThat(s.quorumUp()).isFalse();
    assertThat(has(vs, sorry)).isTrue();
    alive.get(0).set(true);
    alive.get(1).set(true);
    clock.advance(Duration.ofSeconds(2));
    // live weight 2 is not yet quorum + hysteresis = 3: the sorry server stays alone in the pool
    assertThat(s.quorumUp()).isFalse();
    assertThat(s.isUp(RealServer.of(new InetSocketAddress("10.0.1.1", 80), 1))).isTrue();
    assertThat(vs.destinations()).extracting(RealServer::address).containsExactly(sorry);
    alive.get(2).set(true);
    clock.advance(Duration.ofSeconds(2));
    assertThat(s.quorumUp()).isTrue();
    assertThat(has(vs, sorry)).isFalse();
    assertThat(vs.destinations()).hasSize(3);
    // losing quorum takes the live real servers out while the sorry server stands in
    alive.get(0).set(false);
    alive.get(1).set(false);
    alive.get(2).set(false);
    clock.advance(Duration.ofSeconds(2));
    assertThat(vs.destinations()).extracting(RealServer::address).containsExactly(sorry);
  }

  @Test
  void alphaStartsDownUntilTheFirstPassAndWarmupDelaysTheFirstCheck() {
    VirtualServer vs = VirtualServer.create(VIP, IpvsSchedulers.create("rr"));
    InetSocketAddress a = new InetSocketAddress("10.0.1.1", 80);
    CheckTimers timers = CheckTimers.DEFAULTS.withDelayLoop(Duration.ofSeconds(10))
        .withWarmup(Duration.ofSeconds(4));
    CheckedService s = CheckedService.builder(vs, clock).alpha(true)
        .random(new java.util.SplittableRandom(1))
        .realServer(RealServer.of(a, 1), () -> CheckResult.pass("ok"), timers).build();
    s.start();
    assertThat(has(vs, a)).isFalse();
    clock.advance(Duration.ofSeconds(4)); // warmup is at most 4 s
    assertThat(has(vs, a)).isTrue();
  }

  @Test
  void miscDynamicSetsTheWeightFromTheExitStatus() {
    MiscCheck m = new MiscCheck("exit 7", Duration.ofSeconds(5), true);
    CheckResult r = m.run();
    assertThat(r.ok()).isTrue();
    assertThat(r.weight()).isEqualTo(5);
    assertThat(new MiscCheck("exit 1", Duration.ofSeconds(5), true).run().ok()).isFalse();
    assertThat(new MiscCheck("exit 7", Duration.ofSeconds(5), false).run().ok()).isFalse();
    CheckResult slow = new MiscCheck("sleep 5", Duration.ofMillis(200), false).run();
    assertThat(slow.ok()).isFalse();
    assertThat(slow.reason()).contains("timed out");
  }
}
