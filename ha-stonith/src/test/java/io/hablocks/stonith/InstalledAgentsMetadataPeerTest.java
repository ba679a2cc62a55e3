package io.hablocks.stonith;

import static org.assertj.core.api.Assertions.assertThat;

import io.hablocks.api.Clock;
import io.hablocks.testkit.PeerTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The meta-data of every fence agent Debian's fence-agents installs parses into the model, and
 * Pacemaker's own view of each ({@code stonith_admin --metadata -a AGENT}, read with the same
 * parser) equals the model transformed as Pacemaker does ({@link
 * FenceAgentMetadata#asPacemakerShows}). One pass, four agents at a time.
 */
@PeerTest(commands = {"/usr/sbin/fence_dummy", "setsid", "stonith_admin"},
    packages = {"fence-agents", "pacemaker-cli-utils"})
// a hang fails the test instead of stalling the build
@Timeout(120)
class InstalledAgentsMetadataPeerTest {

  /** What one agent gave. */
  private record Outcome(String agent, FenceAgentMetadata metadata, String failure,
      String pacemakerMismatch) {}

  @Test
  void everyInstalledAgentsMetadataParsesAndMatchesPacemakersView() throws Exception {
    List<String> names = FenceAgent.installed(FenceAgent.DEFAULT_DIR);
    // stonith_admin --list-installed lists the same 86 fence_* agents on Debian 12
    assertThat(names).hasSize(86).contains("fence_dummy", "fence_ipmilan", "fence_scsi");
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Outcome> outcomes = new ArrayList<>();
    try {
      List<Future<Outcome>> futures = new ArrayList<>();
      for (String n : names) {
        futures.add(pool.submit(() -> check(n)));
      }
      for (Future<Outcome> f : futures) {
        outcomes.add(f.get());
      }
    } finally {
      pool.shutdownNow();
    }
    List<String> failed = new ArrayList<>();
    List<String> mismatches = new ArrayList<>();
    int params = 0;
    for (Outcome o : outcomes) {
      if (o.metadata() == null) {
        failed.add(o.agent() + ": " + o.failure());
        continue;
      }
      FenceAgentMetadata md = o.metadata();
      assertThat(md.name()).as(o.agent()).isNotBlank();
      assertThat(md.parameters()).as(o.agent()).isNotEmpty();
      assertThat(md.parameter("action")).as(o.agent()).isPresent();
      assertThat(md.actions()).as(o.agent()).isNotEmpty();
      params += md.parameters().size();
      if (o.pacemakerMismatch() != null) {
        mismatches.add(o.pacemakerMismatch());
      }
    }
    // fence_ack_manual is a bash script for people, not a fence agent: it prints a usage text and
    // exits 1 (stonith_admin --metadata -a fence_ack_manual fails too: "No data available").
    assertThat(failed).hasSize(1);
    assertThat(failed.get(0)).startsWith("fence_ack_manual: ").contains("exited 1");
    // the XML of the 85 others holds 2910 <parameter> elements in all (grep -c over their output)
    assertThat(params).isEqualTo(2910);
    assertThat(mismatches).isEmpty();
  }

  private static Outcome check(String n) throws Exception {
    FenceAgentMetadata ours;
    try {
      ours = FenceAgent.named(n, Clock.system()).metadata(Duration.ofSeconds(60));
    } catch (StonithException e) {
      return new Outcome(n, null, e.getMessage(), null);
    }
    Process p = new ProcessBuilder("stonith_admin", "--metadata", "-a", n)
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    byte[] xml = p.getInputStream().readAllBytes();
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      return new Outcome(n, ours, null, n + ": stonith_admin failed");
    }
    FenceAgentMetadata theirs = FenceAgentMetadata.parse(xml, "stonith_admin -a " + n);
    FenceAgentMetadata expected = ours.asPacemakerShows();
    String mismatch = null;
    if (!theirs.parameters().equals(expected.parameters())) {
      mismatch = n + ": parameters differ";
    } else if (!theirs.actions().equals(expected.actions())) {
      mismatch = n + ": actions differ: " + theirs.actions() + " vs " + expected.actions();
    } else if (!theirs.name().equals(expected.name())
        || !theirs.shortdesc().equals(expected.shortdesc())) {
      mismatch = n + ": name or shortdesc differ";
    }
    return new Outcome(n, ours, null, mismatch);
  }
}
