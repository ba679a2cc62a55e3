package io.hablocks.haproxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The README's snippet, run as it is written (with a free port). */
class EmbeddingExampleTest {

  @Test
  void readmeSnippet() throws Exception {
    String port = String.valueOf(ProxyHttpTest.freePort());
    String cfg = """
        defaults
          mode http
          timeout connect 1s
          timeout client 5s
          timeout server 5s
        frontend fe
          bind 127.0.0.1:${PORT}
          default_backend be
        backend be
          balance roundrobin
          server s1 127.0.0.1:8081 weight 2
          server s2 127.0.0.1:8082
        """;
    try (Haproxy proxy = Haproxy.builder()
        .config(cfg, Map.of("PORT", port))
        .build()
        .start()) {
      proxy.setWeight("be", "s1", 3);
      proxy.setState("be", "s2", ServerState.MAINT);
      String csv = proxy.execute("show stat");
      String w = proxy.execute("get weight be/s1");
      assertThat(w).isEqualTo("3 (initial 2)\n\n");
      assertThat(csv).contains("\nbe,s2,").contains(",MAINT,");
      assertThat(proxy.ports("fe")).containsExactly(Integer.parseInt(port));
    }
  }
}
