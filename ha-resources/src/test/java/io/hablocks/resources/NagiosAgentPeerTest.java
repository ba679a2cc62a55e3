package io.hablocks.resources;

import static org.assertj.core.api.Assertions.assertThat;

import io.hablocks.api.resource.AgentId;
import io.hablocks.api.resource.ExecStatus;
import io.hablocks.api.resource.OperationResult;
import io.hablocks.api.resource.ResourceAgent;
import io.hablocks.testkit.PeerTest;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** check_tcp from monitoring-plugins against a listener on loopback, through the Nagios mapping. */
@PeerTest(commands = "setsid", files = "/usr/lib/nagios/plugins/check_tcp",
    packages = "monitoring-plugins-basic")
class NagiosAgentPeerTest {

  static final Duration T = Duration.ofSeconds(20);

  @Test
  void checkTcpThroughTheMapping() throws Exception {
    ResourceAgent tcp = ResourceAgents.system().require(new AgentId("nagios", null, "check_tcp"));
    Map<String, String> p = new LinkedHashMap<>();
    int port;
    try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      port = listener.getLocalPort();
      p.put("hostname", "127.0.0.1");
      p.put("port", Integer.toString(port));
      p.put("CRM_meta_interval", "10000");
      p.put("CRM_meta_timeout", "20000");
      OperationResult up = tcp.execute("monitor", p, T);
      assertThat(up.status()).isEqualTo(ExecStatus.DONE);
      assertThat(up.exitCode()).as(up.output()).isZero(); // OK
      assertThat(up.output()).startsWith("TCP OK");
      Map<String, String> slow = new LinkedHashMap<>(p);
      slow.put("warning", "0.000001");
      OperationResult warn = tcp.execute("monitor", slow, T);
      assertThat(warn.output()).startsWith("TCP WARNING");
      assertThat(warn.exitCode()).isEqualTo(190); // WARNING (1) is degraded
      assertThat(tcp.execute("start", p, T).exitCode()).isZero();
    }
    OperationResult down = tcp.execute("monitor", p, T);
    assertThat(down.output()).contains("Connection refused");
    assertThat(down.exitCode()).isEqualTo(1); // CRITICAL (2) is a generic error
    // a probe runs --version, stop runs nothing
    Map<String, String> probe = new LinkedHashMap<>(p);
    probe.put("CRM_meta_interval", "0");
    OperationResult v = tcp.execute("monitor", probe, T);
    // Pacemaker: --version exiting 0 means "not running"; else the plugin's code maps as usual
    // (monitoring-plugins 2.3.3's check_tcp --version exits 3, UNKNOWN)
    Process ver = new ProcessBuilder("/usr/lib/nagios/plugins/check_tcp", "--version")
        .redirectErrorStream(true).start();
    ver.getInputStream().readAllBytes();
    int verRc = ver.waitFor();
    assertThat(v.exitCode()).isEqualTo(verRc == 0 ? 7 : 1);
    assertThat(v.output()).contains("check_tcp");
    assertThat(tcp.execute("stop", p, T).exitCode()).isZero();
    Map<String, String> unknown = new LinkedHashMap<>(p);
    unknown.put("no-such-flag", "1");
    assertThat(tcp.execute("monitor", unknown, T).exitCode()).isEqualTo(1); // UNKNOWN (3)
  }
}
