package io.hablocks.resources;

import static org.assertj.core.api.Assertions.assertThat;

import io.hablocks.api.resource.AgentId;
import io.hablocks.api.resource.ExecStatus;
import io.hablocks.testkit.PeerTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The executor on the system clock with the real Dummy agent, and digests against Pacemaker. */
@PeerTest(commands = {"crm_resource", "setsid"},
    files = "/usr/lib/ocf/resource.d/heartbeat/Dummy",
    packages = {"resource-agents", "pacemaker-cli-utils"})
class ExecutorPeerTest {

  @TempDir
  Path dir;

  @Test
  void dummyLifecycleWithARecurringMonitor() throws Exception {
    AgentId dummy = AgentId.parse("ocf:heartbeat:Dummy");
    String state = dir.resolve("d1.state").toString();
    BlockingQueue<LrmOperation> results = new LinkedBlockingQueue<>();
    try (ResourceExecutor ex = ResourceExecutor.builder().build()) {
      ex.addListener(results::add);
      LrmOperation probe = ex.submit(OperationRequest.builder("d1", dummy, "monitor")
          .interval(Duration.ZERO).parameter("state", state).build()).get(30, TimeUnit.SECONDS);
      assertThat(probe.rcCode()).isEqualTo(7);
      LrmOperation start = ex.submit(OperationRequest.builder("d1", dummy, "start")
          .parameter("state", state).build()).get(30, TimeUnit.SECONDS);
      assertThat(start.isOk()).isTrue();
      assertThat(start.execTime()).isPositive();
      ex.submit(OperationRequest.builder("d1", dummy, "monitor").interval(Duration.ofMillis(300))
          .parameter("state", state).build());
      results.clear();
      LrmOperation m1 = results.poll(30, TimeUnit.SECONDS);
      LrmOperation m2 = results.poll(30, TimeUnit.SECONDS);
      assertThat(m1.rcCode()).isZero();
      assertThat(m2.callId()).isEqualTo(m1.callId());
      // the agent's state file goes away: the next monitor sees it
      Files.delete(Path.of(state));
      LrmOperation failed;
      do {
        failed = results.poll(30, TimeUnit.SECONDS);
      } while (failed.rcCode() == 0);
      assertThat(failed.rcCode()).isEqualTo(7);
      assertThat(failed.lastRcChange()).isAfterOrEqualTo(m1.lastRcChange());
      LrmOperation stop = ex.submit(OperationRequest.builder("d1", dummy, "stop")
          .parameter("state", state).build()).get(30, TimeUnit.SECONDS);
      assertThat(stop.opStatus()).isIn(ExecStatus.DONE, ExecStatus.CANCELLED);
      assertThat(ex.recurring()).isEmpty();
    }
  }

  @Test
  void aHungAgentProcessDoesNotBlockOtherResources() throws Exception {
    Path root = dir.resolve("ocf");
    Path d = root.resolve("resource.d/t");
    Files.createDirectories(d);
    Files.writeString(d.resolve("hang"), "#!/bin/sh\nsleep 300 &\nwait\n");
    d.resolve("hang").toFile().setExecutable(true);
    Files.writeString(d.resolve("quick"), "#!/bin/sh\nexit 0\n");
    d.resolve("quick").toFile().setExecutable(true);
    ResourceAgents agents = ResourceAgents.builder().ocfRoot(root)
        .killGrace(Duration.ofMillis(300)).build();
    try (ResourceExecutor ex = ResourceExecutor.builder().agents(agents).maxParallel(2).build()) {
      var hung = ex.submit(OperationRequest.builder("h", new AgentId("ocf", "t", "hang"), "start")
          .timeout(Duration.ofSeconds(5)).build());
      long t0 = System.nanoTime();
      for (int i = 0; i < 5; i++) {
        LrmOperation q = ex.submit(OperationRequest.builder("q", new AgentId("ocf", "t", "quick"),
            "monitor").interval(Duration.ZERO).build()).get(30, TimeUnit.SECONDS);
        assertThat(q.isOk()).isTrue();
      }
      assertThat(hung).isNotDone(); // the quick resource finished while the hung one runs
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
      LrmOperation h = hung.get(30, TimeUnit.SECONDS);
      assertThat(h.opStatus()).isEqualTo(ExecStatus.TIMEOUT);
      assertThat(h.exitReason()).isEqualTo("Process did not exit within specified timeout");
      assertThat(h.execTime()).isGreaterThanOrEqualTo(Duration.ofSeconds(5));
    }
  }

  @Test
  void digestsAreCrmResources() throws Exception {
    String[][] cases = {
        {"state", "/tmp/x"},
        {"state", "/tmp/x", "fake", "a&b<c>\"d'e\tf\ng"},
        {"state", "/var/run/y", "fake", "plain", "aa", "1", "ZZ", "2"},
        {"state", "x\u00e9<y"},
    };
    for (String[] c : cases) {
      Map<String, String> p = new LinkedHashMap<>();
      for (int i = 0; i < c.length; i += 2) {
        p.put(c[i], c[i + 1]);
      }
      assertThat(OperationDigest.of(p)).as("%s", p).isEqualTo(pacemakerDigest(p));
    }
  }

  private String pacemakerDigest(Map<String, String> p) throws Exception {
    StringBuilder nv = new StringBuilder();
    int i = 0;
    for (Map.Entry<String, String> e : p.entrySet()) {
      nv.append("<nvpair id=\"p").append(i++).append("\" name=\"").append(e.getKey())
          .append("\" value=\"").append(xml(e.getValue())).append("\"/>");
    }
    String cib = "<cib crm_feature_set=\"3.16.1\" validate-with=\"pacemaker-3.9\" epoch=\"1\" "
        + "num_updates=\"0\" admin_epoch=\"0\"><configuration><crm_config/><nodes>"
        + "<node id=\"1\" uname=\"n1\"/></nodes><resources><primitive id=\"d1\" class=\"ocf\" "
        + "provider=\"heartbeat\" type=\"Dummy\"><instance_attributes id=\"ia\">" + nv
        + "</instance_attributes></primitive></resources><constraints/></configuration>"
        + "<status/></cib>";
    Path f = dir.resolve("cib-" + System.identityHashCode(p) + ".xml");
    Files.writeString(f, cib);
    ProcessBuilder pb = new ProcessBuilder("crm_resource", "--digests", "-r", "d1", "-N", "n1",
        "--output-as=xml").redirectError(ProcessBuilder.Redirect.DISCARD);
    pb.environment().put("CIB_file", f.toString());
    Process pr = pb.start();
    String out = new String(pr.getInputStream().readAllBytes());
    assertThat(pr.waitFor(30, TimeUnit.SECONDS)).isTrue();
    Matcher m = Pattern.compile("type=\"all\" hash=\"([0-9a-f]{32})\"").matcher(out);
    assertThat(m.find()).as(out).isTrue();
    return m.group(1);
  }

  private static String xml(String v) {
    return v.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        .replace("\"", "&quot;").replace("\t", "&#9;").replace("\n", "&#10;");
  }
}
