package io.hablocks.hactl.stonith;

import static org.assertj.core.api.Assertions.assertThat;

import io.hablocks.hactl.Hactl;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** hactl stonith with a small fence agent (a shell script speaking the stdin protocol). */
class StonithCommandTest {

  private static final String AGENT = """
      #!/bin/sh
      action=reboot; plug=""; state_dir=""; fail=0
      while IFS= read -r line; do
        case "${line%%=*}" in
          action) action=${line#*=} ;;
          plug) plug=${line#*=} ;;
          state_dir) state_dir=${line#*=} ;;
          fail) fail=${line#*=} ;;
        esac
      done
      case "$action" in
        metadata) cat <<'XML'
      <?xml version="1.0" ?>
      <resource-agent name="fence_t" shortdesc="test agent">
      <parameters>
      <parameter name="action" required="1"><content type="string" default="reboot"/></parameter>
      <parameter name="plug" required="1"><content type="string"/></parameter>
      </parameters>
      <actions><action name="off"/><action name="on"/><action name="reboot"/><action name="status"/><action name="metadata"/></actions>
      </resource-agent>
      XML
          exit 0 ;;
        off|on|reboot) [ "$fail" != 0 ] && { echo "Failed: no route" >&2; exit "$fail"; }
          echo "$action" > "$state_dir/$plug"; exit 0 ;;
        status) exit 0 ;;
      esac
      exit 1
      """;

  @TempDir
  Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return Hactl.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
  }

  private Path agentDir() throws IOException {
    Path agents = Files.createDirectories(dir.resolve("sbin"));
    Path a = agents.resolve("fence_t");
    Files.writeString(a, AGENT.replace("\n      ", "\n"));
    Files.setPosixFilePermissions(a, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.writeString(agents.resolve("fence_notexec"), "x");
    return agents;
  }

  @Test
  void listInstalledAndMetadata() throws IOException {
    Path agents = agentDir();
    assertThat(run("stonith", "list-installed", "--agent-dir", agents.toString())).isZero();
    assertThat(out.toString()).isEqualTo("fence_t\n1 fence devices found\n");
    out.getBuffer().setLength(0);
    assertThat(run("stonith", "metadata", "fence_t", "--agent-dir", agents.toString())).isZero();
    assertThat(out.toString()).startsWith("<?xml").contains("<resource-agent name=\"fence_t\"");
    out.getBuffer().setLength(0);
    assertThat(run("stonith", "metadata", "fence_t", "--summary", "--agent-dir",
        agents.toString())).isZero();
    assertThat(out.toString()).contains("actions: off on reboot status metadata")
        .contains("plug").contains("required");
    assertThat(run("stonith", "metadata", "fence_nope", "--agent-dir", agents.toString()))
        .isEqualTo(1);
    assertThat(err.toString()).startsWith("hactl: ").contains("fence_nope");
  }

  @Test
  void fenceThroughLevelsThenHistory() throws IOException {
    Path agents = agentDir();
    Path state = Files.createDirectories(dir.resolve("state"));
    Path conf = dir.resolve("stonith.conf");
    Files.writeString(conf, "device bad fence_t state_dir=" + state + " fail=4 "
        + "pcmk_host_list=node2 pcmk_off_retries=1\n"
        + "device good fence_t state_dir=" + state + " pcmk_host_list=node2\n"
        + "level 1 node2 bad\nlevel 2 node2 good\n");
    Path hist = dir.resolve("hist.tsv");
    String[] common = {"--devices", conf.toString(), "--agent-dir", agents.toString(),
        "--history-file", hist.toString()};
    assertThat(run(concat(new String[] {"stonith", "fence", "node2", "--off"}, common)))
        .as(err.toString()).isZero();
    assertThat(Files.readString(state.resolve("node2"))).isEqualTo("off\n");
    assertThat(out.toString()).startsWith("off of node2 successful: delegate=")
        .contains("level 1 bad off: exit 4 after 1 attempt(s) (exit 4: Failed: no route)")
        .contains("level 2 good off: OK");
    out.getBuffer().setLength(0);
    assertThat(run(concat(new String[] {"stonith", "fence", "node3"}, common))).isEqualTo(1);
    assertThat(err.toString()).contains("reboot of node3 failed: no fence device can fence node3");
    out.getBuffer().setLength(0);
    assertThat(run("stonith", "history", "node2", "--history-file", hist.toString())).isZero();
    assertThat(out.toString()).startsWith("off of node2 successful").doesNotContain("node3");
    out.getBuffer().setLength(0);
    assertThat(run("stonith", "history", "--history-file", hist.toString())).isZero();
    assertThat(out.toString()).contains("off of node2 successful")
        .contains("reboot of node3 failed: delegate=").contains("client=hactl@");
  }

  @Test
  void badConfigNamesFileAndLine() throws IOException {
    Path conf = dir.resolve("bad.conf");
    Files.writeString(conf, "device a fence_t\nlevel one n2 a\n");
    assertThat(run("stonith", "fence", "n2", "--devices", conf.toString(), "--agent-dir",
        agentDir().toString())).isEqualTo(1);
    assertThat(err.toString()).isEqualTo("hactl: " + conf + ":2: level index 'one' is not a "
        + "number\n");
    err.getBuffer().setLength(0);
    assertThat(run("stonith", "fence", "n2", "--on", "--off")).isEqualTo(2);
    assertThat(run("stonith", "fence", "n2", "--devices", dir.resolve("none").toString()))
        .isEqualTo(2);
  }

  private static String[] concat(String[] a, String[] b) {
    String[] r = new String[a.length + b.length];
    System.arraycopy(a, 0, r, 0, a.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }
}
