package io.hablocks.resources;

import static org.assertj.core.api.Assertions.assertThat;

import io.hablocks.api.resource.AgentId;
import io.hablocks.api.resource.OperationResult;
import io.hablocks.api.resource.ResourceAgent;
import io.hablocks.testkit.Netns;
import io.hablocks.testkit.PeerTest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * ocf:heartbeat:IPaddr2 run inside a network namespace this test creates: start really adds the
 * address, stop really removes it, and crm_resource run in the same namespace gives the same exit
 * codes for another address.
 */
@PeerTest(root = true, netns = true, commands = {"crm_resource", "setsid", "ip"},
    files = "/usr/lib/ocf/resource.d/heartbeat/IPaddr2",
    packages = {"resource-agents", "pacemaker-cli-utils", "iproute2"})
class IPaddr2PeerTest {

  static final Duration T = Duration.ofSeconds(20);

  @Test
  void addsAndRemovesTheAddressInsideTheNamespace() throws Exception {
    try (Netns a = Netns.create("hbres"); Netns b = Netns.create("hbres")) {
      Netns.link(a, "eth0", "10.99.7.1/24", b, "eth0", "10.99.7.2/24");
      ResourceAgent ip = ResourceAgents.builder()
          .commandPrefix(List.of("ip", "netns", "exec", a.name())).build()
          .require(AgentId.parse("ocf:heartbeat:IPaddr2"));
      Map<String, String> p = new LinkedHashMap<>();
      p.put("ip", "10.99.7.100");
      p.put("cidr_netmask", "24");
      p.put("nic", "eth0");
      p.put(ResourceAgents.INSTANCE_PARAMETER, "vip-" + a.name());
      Map<String, String> q = new LinkedHashMap<>(p);
      q.put("ip", "10.99.7.101");
      q.remove(ResourceAgents.INSTANCE_PARAMETER);

      assertThat(run(ip, "monitor", p)).isEqualTo(7);
      assertThat(crm(a, "force-check", q)).isEqualTo(7);
      assertThat(addresses(a)).doesNotContain("10.99.7.100/24");

      assertThat(run(ip, "start", p)).isZero();
      assertThat(crm(a, "force-start", q)).isZero();
      assertThat(addresses(a)).contains("10.99.7.100/24", "10.99.7.101/24");
      assertThat(addresses(b)).doesNotContain("10.99.7.100/24");
      // the address answers from the other namespace
      assertThat(b.exec("ping", "-c1", "-W2", "10.99.7.100").exitCode()).isZero();

      assertThat(run(ip, "monitor", p)).isZero();
      assertThat(crm(a, "force-check", q)).isZero();
      assertThat(run(ip, "validate-all", p)).isZero();

      assertThat(run(ip, "stop", p)).isZero();
      assertThat(crm(a, "force-stop", q)).isZero();
      assertThat(addresses(a)).doesNotContain("10.99.7.100/24", "10.99.7.101/24")
          .contains("10.99.7.1/24");
      assertThat(run(ip, "monitor", p)).isEqualTo(7);
      assertThat(crm(a, "force-check", q)).isEqualTo(7);
    }
  }

  private static int run(ResourceAgent agent, String action, Map<String, String> p) {
    OperationResult r = agent.execute(action, p, T);
    return r.exitCode();
  }

  private static String addresses(Netns ns) {
    return ns.exec("ip", "-o", "-4", "addr", "show").ok();
  }

  private static int crm(Netns ns, String force, Map<String, String> p) {
    String[] cmd = new String[7 + 2 * p.size()];
    int i = 0;
    for (String w : new String[] {"crm_resource", "--" + force, "--class", "ocf", "--provider",
        "heartbeat", "--agent"}) {
      cmd[i++] = w;
    }
    String[] full = new String[cmd.length + 1];
    System.arraycopy(cmd, 0, full, 0, 7);
    full[7] = "IPaddr2";
    i = 8;
    for (Map.Entry<String, String> e : p.entrySet()) {
      full[i++] = "--option";
      full[i++] = e.getKey() + "=" + e.getValue();
    }
    return ns.exec(full).exitCode();
  }
}
