package io.hablocks.benchmarks.cib;

import io.hablocks.cib.Cib;
import io.hablocks.cib.CibElement;
import io.hablocks.cib.CibXml;
import io.hablocks.cib.Patchset;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * ha-cib against crm_diff on the same two files: a generated CIB with 2000 primitives (each with
 * meta and instance attributes, three operations, a location constraint and an operation history
 * on two nodes) and a copy with 40 changes.
 *
 * <ul>
 *   <li>{@code parseWrite}: read the XML into the model and write it back (in this JVM);
 *       {@code crmDiffParseWrite}: {@code crm_diff -o OLD -p EMPTY} (crm_diff reads OLD, applies
 *       an empty v2 patchset and prints the document: its parse+write path, plus a process
 *       start).</li>
 *   <li>{@code diff}: the v2 patchset between the two parsed CIBs; {@code diffFromFiles}: the
 *       same from the files (read both, diff, write the patchset); {@code crmDiffDiff}:
 *       {@code crm_diff -o OLD -n NEW}.</li>
 *   <li>{@code processStart}: {@code /bin/true}, the cost of starting a process, to subtract from
 *       the crm_diff figures.</li>
 * </ul>
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar -f 1 -wi 2 -i 3 'cib.CibBenchmark'}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class CibBenchmark {

  private Path dir;
  private Path oldFile;
  private Path newFile;
  private Path emptyPatch;
  private byte[] oldBytes;
  private byte[] newBytes;
  private Cib oldCib;
  private Cib newCib;

  /** Generates the two CIBs and writes them to a temporary directory. */
  @Setup(Level.Trial)
  public void setup() throws IOException {
    oldCib = generate(2000, 0);
    newCib = generate(2000, 40);
    dir = Files.createTempDirectory("cib-bench");
    oldFile = dir.resolve("old.xml");
    newFile = dir.resolve("new.xml");
    emptyPatch = dir.resolve("empty-patch.xml");
    oldBytes = CibXml.write(oldCib).getBytes(StandardCharsets.UTF_8);
    newBytes = CibXml.write(newCib).getBytes(StandardCharsets.UTF_8);
    Files.write(oldFile, oldBytes);
    Files.write(newFile, newBytes);
    Files.writeString(emptyPatch, "<diff format=\"2\"/>\n");
  }

  /** Removes the temporary files. */
  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    for (Path p : List.of(oldFile, newFile, emptyPatch)) {
      Files.deleteIfExists(p);
    }
    Files.deleteIfExists(dir);
  }

  /**
   * A CIB with {@code n} primitives; {@code changes} of them differ (a changed parameter, a new
   * meta attribute, a removed op, a new resource ...).
   *
   * @param n resources
   * @param changes how many edits
   * @return the CIB
   */
  static Cib generate(int n, int changes) {
    CibElement.Builder resources = CibElement.builder("resources");
    CibElement.Builder constraints = CibElement.builder("constraints");
    List<CibElement> lrm1 = new ArrayList<>();
    List<CibElement> lrm2 = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String id = "rsc" + i;
      boolean changed = changes > 0 && i % (n / changes) == 0;
      CibElement.Builder ops = CibElement.builder("operations");
      ops.child(op(id, "monitor", "10s", "20s"));
      ops.child(op(id, "start", "0", "20s"));
      if (!(changed && i % 3 == 0)) {
        ops.child(op(id, "stop", "0", "20s"));
      }
      CibElement.Builder meta = CibElement.builder("meta_attributes").attribute("id", id + "-meta")
          .child(nv(id + "-meta-tr", "target-role", "Started"));
      if (changed && i % 3 == 1) {
        meta.child(nv(id + "-meta-mt", "migration-threshold", "3"));
      }
      CibElement params = CibElement.builder("instance_attributes").attribute("id", id + "-params")
          .child(nv(id + "-params-state", "state", "/run/" + id + (changed && i % 3 == 2 ? ".new" : "")))
          .build();
      resources.child(CibElement.builder("primitive").attribute("id", id).attribute("class", "ocf")
          .attribute("provider", "heartbeat").attribute("type", "Dummy").child(meta.build())
          .child(params).child(ops.build()).build());
      constraints.child(CibElement.builder("rsc_location").attribute("id", "loc-" + id)
          .attribute("rsc", id).attribute("node", "node" + (1 + i % 2)).attribute("score", "100").build());
      lrm1.add(history(id, i, "node1"));
      lrm2.add(history(id, i, "node2"));
    }
    if (changes > 0) {
      resources.child(CibElement.builder("primitive").attribute("id", "added").attribute("class", "ocf")
          .attribute("provider", "heartbeat").attribute("type", "Dummy").build());
    }
    CibElement conf = CibElement.builder("configuration")
        .child(CibElement.builder("crm_config").child(CibElement.builder("cluster_property_set")
            .attribute("id", "cib-bootstrap-options").child(nv("opt-1", "stonith-enabled", "false")).build()).build())
        .child(CibElement.builder("nodes").child(node("1", "node1")).child(node("2", "node2")).build())
        .child(resources.build()).child(constraints.build()).build();
    CibElement status = CibElement.builder("status").child(nodeState("1", "node1", lrm1))
        .child(nodeState("2", "node2", lrm2)).build();
    return Cib.of(CibElement.builder("cib").attribute("crm_feature_set", "3.16.2")
        .attribute("validate-with", "pacemaker-3.9").attribute("epoch", changes > 0 ? "11" : "10")
        .attribute("num_updates", "0").attribute("admin_epoch", "0").attribute("have-quorum", "1")
        .child(conf).child(status).build());
  }

  private static CibElement nv(String id, String name, String value) {
    return CibElement.builder("nvpair").attribute("id", id).attribute("name", name).attribute("value", value).build();
  }

  private static CibElement op(String rsc, String name, String interval, String timeout) {
    return CibElement.builder("op").attribute("id", rsc + "-" + name + "-" + interval).attribute("name", name)
        .attribute("interval", interval).attribute("timeout", timeout).build();
  }

  private static CibElement node(String id, String uname) {
    return CibElement.builder("node").attribute("id", id).attribute("uname", uname).build();
  }

  private static CibElement history(String id, int i, String node) {
    return CibElement.builder("lrm_resource").attribute("id", id).attribute("type", "Dummy")
        .attribute("class", "ocf").attribute("provider", "heartbeat")
        .child(CibElement.builder("lrm_rsc_op").attribute("id", id + "_last_0").attribute("operation_key", id + "_start_0")
            .attribute("operation", "start").attribute("crm-debug-origin", "do_update_resource")
            .attribute("crm_feature_set", "3.16.2").attribute("transition-key", i + ":1:0:bench")
            .attribute("transition-magic", "0:0;" + i + ":1:0:bench").attribute("call-id", Integer.toString(i))
            .attribute("rc-code", "0").attribute("op-status", "0").attribute("interval", "0")
            .attribute("op-digest", "f2317cad3d54cec5d7d7aa7d0bf35cf8").attribute("on_node", node).build())
        .build();
  }

  private static CibElement nodeState(String id, String uname, List<CibElement> lrm) {
    return CibElement.builder("node_state").attribute("id", id).attribute("uname", uname)
        .attribute("in_ccm", "true").attribute("crmd", "online").attribute("join", "member")
        .attribute("expected", "member")
        .child(CibElement.builder("lrm").attribute("id", id)
            .child(CibElement.builder("lrm_resources").children(lrm).build()).build()).build();
  }

  private static int run(String... cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    p.waitFor();
    return out.length + p.exitValue();
  }

  /** @return the length of the written XML of the parsed old file */
  @Benchmark
  public int parseWrite() {
    return CibXml.write(CibXml.read(new java.io.ByteArrayInputStream(oldBytes), CibXml.Limits.DEFAULT)).length();
  }

  /** @return crm_diff's output length and status */
  @Benchmark
  public int crmDiffParseWrite() throws IOException, InterruptedException {
    return run("crm_diff", "-o", oldFile.toString(), "-p", emptyPatch.toString());
  }

  /** @return the number of changes between the parsed CIBs */
  @Benchmark
  public int diff() {
    return Patchset.between(oldCib, newCib).changes().size();
  }

  /** @return the patchset length, from reading both files to writing the patchset */
  @Benchmark
  public int diffFromFiles() {
    Cib a = CibXml.read(new java.io.ByteArrayInputStream(oldBytes), CibXml.Limits.DEFAULT);
    Cib b = CibXml.read(new java.io.ByteArrayInputStream(newBytes), CibXml.Limits.DEFAULT);
    return Patchset.between(a, b).toXml().length();
  }

  /** @return crm_diff's output length and status */
  @Benchmark
  public int crmDiffDiff() throws IOException, InterruptedException {
    return run("crm_diff", "-o", oldFile.toString(), "-n", newFile.toString());
  }

  /** @return /bin/true's status: the cost of a process start */
  @Benchmark
  public int processStart() throws IOException, InterruptedException {
    return run("/bin/true");
  }
}
