package io.hablocks.stonith;

import static org.assertj.core.api.Assertions.assertThat;

import io.hablocks.api.Clock;
import io.hablocks.testkit.PeerTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The meta-data of every fence agent Debian's fence-agents installs parses into the model. */
@PeerTest(commands = {"/usr/sbin/fence_dummy", "setsid"}, packages = "fence-agents")
class InstalledAgentsMetadataPeerTest {

  @Test
  void everyInstalledAgentsMetadataParses() throws Exception {
    List<String> names = FenceAgent.installed(FenceAgent.DEFAULT_DIR);
    // stonith_admin --list-installed lists 86 fence_* agents on Debian 12's fence-agents 4.12
    assertThat(names).hasSize(86).contains("fence_dummy", "fence_ipmilan", "fence_scsi");
    ExecutorService pool = Executors.newFixedThreadPool(4);
    Map<String, Object> outcome = new TreeMap<>();
    try {
      List<Future<Object>> futures = new ArrayList<>();
      for (String n : names) {
        futures.add(pool.submit(() -> {
          try {
            return FenceAgent.named(n, Clock.system()).metadata(Duration.ofSeconds(60));
          } catch (StonithException e) {
            return e;
          }
        }));
      }
      for (int i = 0; i < names.size(); i++) {
        outcome.put(names.get(i), futures.get(i).get());
      }
    } finally {
      pool.shutdownNow();
    }
    List<String> failed = new ArrayList<>();
    int params = 0;
    for (var e : outcome.entrySet()) {
      if (e.getValue() instanceof FenceAgentMetadata md) {
        assertThat(md.name()).as(e.getKey()).isNotBlank();
        assertThat(md.parameters()).as(e.getKey()).isNotEmpty();
        assertThat(md.parameter("action")).as(e.getKey()).isPresent();
        assertThat(md.actions()).as(e.getKey()).isNotEmpty();
        params += md.parameters().size();
      } else {
        failed.add(e.getKey() + ": " + ((Exception) e.getValue()).getMessage());
      }
    }
    // fence_ack_manual is a bash script for people, not a fence agent: it prints a usage text and
    // exits 1 (stonith_admin --metadata -a fence_ack_manual fails too: "No data available").
    assertThat(failed).hasSize(1);
    assertThat(failed.get(0)).startsWith("fence_ack_manual: ").contains("exited 1");
    // the XML of the 85 others holds 2910 <parameter> elements in all (grep -c over their output)
    assertThat(params).isEqualTo(2910);
  }

  /**
   * Pacemaker's own view of each agent ({@code stonith_admin --metadata -a AGENT}, read with our
   * parser) equals our model of the agent's meta-data transformed as Pacemaker does.
   */
  @Test
  @PeerTest(commands = "stonith_admin", packages = "pacemaker-cli-utils")
  void pacemakersViewOfEveryAgentMatchesOurs() throws Exception {
    List<String> names = new ArrayList<>(FenceAgent.installed(FenceAgent.DEFAULT_DIR));
    names.remove("fence_ack_manual");
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<String> mismatches = new ArrayList<>();
    try {
      List<Future<String>> futures = new ArrayList<>();
      for (String n : names) {
        futures.add(pool.submit(() -> {
          FenceAgentMetadata ours = FenceAgent.named(n, Clock.system())
              .metadata(Duration.ofSeconds(60)).asPacemakerShows();
          Process p = new ProcessBuilder("stonith_admin", "--metadata", "-a", n)
              .redirectError(ProcessBuilder.Redirect.DISCARD).start();
          byte[] xml = p.getInputStream().readAllBytes();
          if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS) || p.exitValue() != 0) {
            return n + ": stonith_admin failed";
          }
          FenceAgentMetadata theirs = FenceAgentMetadata.parse(xml, "stonith_admin -a " + n);
          if (!theirs.parameters().equals(ours.parameters())) {
            return n + ": parameters differ";
          }
          if (!theirs.actions().equals(ours.actions())) {
            return n + ": actions differ: " + theirs.actions() + " vs " + ours.actions();
          }
          return theirs.name().equals(ours.name()) && theirs.shortdesc().equals(ours.shortdesc())
              ? null : n + ": name or shortdesc differ";
        }));
      }
      for (Future<String> f : futures) {
        String m = f.get();
        if (m != null) {
          mismatches.add(m);
        }
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(names).hasSize(85);
    assertThat(mismatches).isEmpty();
  }
}
