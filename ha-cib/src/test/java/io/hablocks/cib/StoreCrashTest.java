package io.hablocks.cib;

import static org.assertj.core.api.Assertions.assertThat;

import io.hablocks.testkit.PeerTest;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SIGKILL crash test: a writer JVM ({@link StoreCrashChild}) writes CIBs with rising epochs
 * and acknowledges each; it is killed with SIGKILL after a random number of acknowledgements
 * plus a random spin (so the kill lands anywhere in a write). Every reopen must find the last
 * acknowledged version (or the one being written) intact and exactly as written. Runs
 * {@code cib.crash.kills} cycles (default 200); two writers run at a time in separate stores.
 * A peer test: it runs real processes and a real file system.
 */
@PeerTest
class StoreCrashTest {

  private static final Logger LOG = LoggerFactory.getLogger(StoreCrashTest.class);

  /** The CIB written for an epoch: the base with its version and one attribute set. */
  static Cib cibAt(Cib base, long epoch) {
    CibElement root = base.root().withAttribute("epoch", Long.toString(epoch))
        .withAttribute("num_updates", "0")
        .withAttribute("cib-last-written", "write " + epoch);
    return Cib.of(root);
  }

  @Test
  void killedWriterNeverLosesAnAcknowledgedVersion(@TempDir Path tmp) throws Exception {
    int kills = Integer.getInteger("cib.crash.kills", 200);
    Cib base = CibXml.read(CibXmlTest.sample()).withVersion(new CibVersion(0, 0, 0));
    // make the CIB large enough that a write takes a while: 300 more primitives
    CibElement conf = base.root().firstElement("configuration").orElseThrow();
    CibElement res = conf.firstElement("resources").orElseThrow();
    CibElement.Builder rb = res.toBuilder();
    for (int i = 0; i < 300; i++) {
      rb.child(CibElement.builder("primitive").attribute("id", "filler-" + i).attribute("class", "ocf")
          .attribute("provider", "heartbeat").attribute("type", "Dummy").build());
    }
    CibElement newConf = conf.withChildReplaced(conf.children().indexOf(res), rb.build());
    base = base.withRoot(base.root().withChildReplaced(base.root().children().indexOf(conf), newConf));

    Path[] dirs = {tmp.resolve("a"), tmp.resolve("b")};
    for (Path d : dirs) {
      CibStore.open(d).write(cibAt(base, 0));
    }
    Random rnd = new Random(4242);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String cp = System.getProperty("java.class.path");
    List<String> jvm = new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:-UsePerfData",
        "-Xss512k", "-Xlog:disable", "-Xlog:all=off"));
    List<String> problems = new ArrayList<>();
    int fallbacks = 0;
    int inFlightLanded = 0;
    long[] lastAck = new long[2];
    Process[] ps = new Process[2];
    try {
    for (int round = 0; round < kills; round += 2) {
      for (int w = 0; w < 2; w++) {
        List<String> cmd = new ArrayList<>(jvm);
        cmd.addAll(List.of("-cp", cp, StoreCrashChild.class.getName(), dirs[w].toString()));
        ps[w] = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      }
      for (int w = 0; w < 2; w++) {
        BufferedReader r = new BufferedReader(new InputStreamReader(ps[w].getInputStream(), StandardCharsets.UTF_8));
        String line = r.readLine();
        assertThat(line).as("writer started").startsWith("OPEN ");
        long opened = Long.parseLong(line.substring(5));
        assertThat(opened).as("reopen found the last acknowledged version").isGreaterThanOrEqualTo(lastAck[w]);
        int acks = rnd.nextInt(4);
        long ack = opened;
        for (int i = 0; i < acks; i++) {
          line = r.readLine();
          if (line == null) {
            break;
          }
          ack = Long.parseLong(line.substring(4));
        }
        long spinUntil = System.nanoTime() + rnd.nextInt(3_000_000);
        while (System.nanoTime() < spinUntil) {
          Thread.onSpinWait();
        }
        ps[w].toHandle().destroyForcibly(); // SIGKILL, leaving our end of the pipe open
        ps[w].waitFor();
        // lines already written before the kill were acknowledged too
        while ((line = r.readLine()) != null) {
          if (line.startsWith("ACK ")) {
            ack = Long.parseLong(line.substring(4));
          }
        }
        lastAck[w] = ack;
        CibStore reopened = CibStore.open(dirs[w], 3);
        Cib got = reopened.current().orElse(null);
        if (got == null) {
          problems.add("round " + round + ": nothing intact: " + reopened.skippedAtOpen());
          continue;
        }
        long e = got.version().epoch();
        if (e != ack && e != ack + 1) {
          problems.add("round " + round + ": acknowledged " + ack + " but reopened " + e);
        } else if (!got.equals(cibAt(base, e))) {
          problems.add("round " + round + ": epoch " + e + " content differs");
        }
        if (e == ack + 1) {
          inFlightLanded++;
        }
        if (!reopened.skippedAtOpen().isEmpty()) {
          fallbacks++;
        }
      }
    }
    } finally {
      for (Process p : ps) {
        if (p != null && p.isAlive()) {
          p.toHandle().destroyForcibly();
          p.waitFor();
        }
      }
    }
    LOG.info("crash test ({}): {} kills, {} reopens fell back to a backup, {} found the in-flight write "
        + "landed, last epochs {} {}", jvm, kills, fallbacks, inFlightLanded, lastAck[0], lastAck[1]);
    assertThat(problems).isEmpty();
    assertThat(Files.list(dirs[0]).count()).isLessThan(20);
  }
}
