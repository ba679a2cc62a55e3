package io.hablocks.hactl.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.hablocks.hactl.Hactl;
import io.hablocks.testkit.PeerTest;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hactl agent} against the real Dummy agent. */
@PeerTest(commands = "setsid", files = "/usr/lib/ocf/resource.d/heartbeat/Dummy",
    packages = "resource-agents")
class AgentCommandPeerTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @TempDir
  Path dir;

  private int run(String... args) {
    return Hactl.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
  }

  @Test
  void runExitsWithTheRcAndPrintsItsMeaning() {
    String state = "state=" + dir.resolve("s");
    assertThat(run("agent", "run", "ocf:heartbeat:Dummy", "monitor", "-o", state)).isEqualTo(7);
    assertThat(out.toString()).contains("returned 7 (not running)");
    assertThat(run("agent", "run", "ocf:heartbeat:Dummy", "start", "-o", state)).isZero();
    assertThat(run("agent", "run", "ocf:heartbeat:Dummy", "monitor", "-o", state,
        "--timeout", "10s")).isZero();
    assertThat(out.toString()).contains("Operation monitor (ocf:heartbeat:Dummy) returned 0 (ok)");
    assertThat(run("agent", "run", "ocf:heartbeat:Dummy", "stop", "-o", state)).isZero();
  }

  @Test
  void listAndMetadata() {
    assertThat(run("agent", "list", "ocf:heartbeat")).isZero();
    assertThat(out.toString()).contains("ocf:heartbeat:Dummy").doesNotContain("ocf:pacemaker:");
    assertThat(run("agent", "metadata", "ocf:heartbeat:Dummy")).isZero();
    assertThat(out.toString()).contains("state").contains("monitor").contains("interval=10s");
  }

  @Test
  void badInputIsOneLine() {
    assertThat(run("agent", "run", "ocf:nope:Nothing", "start")).isEqualTo(5);
    assertThat(err.toString()).startsWith("hactl: agent ocf:nope:Nothing is not installed");
    assertThat(run("agent", "list", "frob")).isEqualTo(2);
    assertThat(run("agent", "metadata", "ocf:Dummy")).isEqualTo(2);
  }

  @Test
  void nagiosMonitorWithAnIntervalRunsTheCheck() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        java.nio.file.Files.isExecutable(Path.of("/usr/lib/nagios/plugins/check_tcp")));
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 5,
        java.net.InetAddress.getLoopbackAddress())) {
      assertThat(run("agent", "run", "nagios:check_tcp", "monitor", "--interval", "10s",
          "-o", "hostname=127.0.0.1", "-o", "port=" + s.getLocalPort(), "-v")).isZero();
      assertThat(out.toString()).contains("returned 0 (ok)").contains("TCP OK");
    }
    assertThat(run("agent", "run", "ocf:heartbeat:Dummy", "monitor", "--interval", "soon"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("'soon' is not a time");
  }
}
