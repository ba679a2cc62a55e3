package io.hablocks.haproxy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.hablocks.haproxy.HaproxyConfig;
import io.hablocks.testkit.ManualClock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CheckLogicTest {

  private static ServerRuntime server(String params) {
    HaproxyConfig c = HaproxyConfig.parse("t.cfg", "backend b\n  server s 127.0.0.1:1 check "
        + params + "\n", Map.of());
    BackendRuntime b = new BackendRuntime(c.backend("b").orElseThrow(), new ManualClock(), 1);
    return b.server("s");
  }

  @Test
  void startsUpWithHealthRiseAndTheFirstFailureTakesItDown() {
    ServerRuntime s = server("rise 2 fall 3");
    assertThat(s.health).isEqualTo(2);
    assertThat(s.status()).isEqualTo("UP");
    assertThat(CheckLogic.apply(s, false)).isEqualTo(CheckLogic.Transition.WENT_DOWN);
    assertThat(s.status()).isEqualTo("DOWN");
  }

  @Test
  void goesUpAfterRiseSuccessesAndDownAfterFallFailures() {
    ServerRuntime s = server("rise 2 fall 3 inter 2s fastinter 500 downinter 5s");
    s.checkStatus = "L4CON"; // a check has run
    CheckLogic.apply(s, false);
    assertThat(CheckLogic.nextInterval(s)).isEqualTo(Duration.ofSeconds(5));
    assertThat(CheckLogic.apply(s, true)).isEqualTo(CheckLogic.Transition.NONE);
    assertThat(s.status()).isEqualTo("DOWN 1/2");
    assertThat(CheckLogic.nextInterval(s)).isEqualTo(Duration.ofMillis(500));
    assertThat(CheckLogic.apply(s, true)).isEqualTo(CheckLogic.Transition.WENT_UP);
    assertThat(s.health).isEqualTo(4);
    assertThat(CheckLogic.nextInterval(s)).isEqualTo(Duration.ofSeconds(2));
    assertThat(CheckLogic.apply(s, false)).isEqualTo(CheckLogic.Transition.NONE);
    assertThat(s.status()).isEqualTo("UP 2/3");
    assertThat(CheckLogic.apply(s, false)).isEqualTo(CheckLogic.Transition.NONE);
    assertThat(s.status()).isEqualTo("UP 1/3");
    assertThat(CheckLogic.apply(s, true)).isEqualTo(CheckLogic.Transition.NONE);
    assertThat(s.status()).isEqualTo("UP");
    CheckLogic.apply(s, false);
    CheckLogic.apply(s, false);
    assertThat(CheckLogic.apply(s, false)).isEqualTo(CheckLogic.Transition.WENT_DOWN);
  }

  @Test
  void checksRunOnTheClockAndReportL4con() throws Exception {
    ManualClock clock = new ManualClock();
    int closed;
    try (java.net.ServerSocket ss = new java.net.ServerSocket(0)) {
      closed = ss.getLocalPort();
    }
    HaproxyConfig c = HaproxyConfig.parse("t.cfg", "defaults\n timeout connect 500\n"
        + "backend b\n  server s 127.0.0.1:" + closed + " check inter 1s\n", Map.of());
    try (ProxyEngine e = new ProxyEngine(c, clock)) {
      e.start();
      ServerRuntime s = e.backends().get("b").server("s");
      assertThat(s.status()).isEqualTo("UP");
      long deadline = System.currentTimeMillis() + 5000;
      while (System.currentTimeMillis() < deadline && !s.status().equals("DOWN")) {
        clock.advance(Duration.ofMillis(100)); // time only moves when the test moves it
        Thread.sleep(5); // the refused connect completes on a Netty thread
      }
      assertThat(s.status()).isEqualTo("DOWN");
      assertThat(s.checkStatus).isEqualTo("L4CON");
      assertThat(new RuntimeApi(e).execute("show servers state b")).contains(" b 1 s 127.0.0.1 0 0 1 1 ");
    }
  }
}
