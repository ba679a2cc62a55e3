package io.hablocks.hactl.vrrp;

import static org.assertj.core.api.Assertions.assertThat;

import io.hablocks.hactl.Hactl;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VrrpCommandTest {

  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  int run(String... args) {
    return Hactl.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
  }

  @Test
  void checkPrintsTheInstancesAndWarnings(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("keepalived.conf");
    Files.writeString(f, "vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 51\n"
        + " priority 150\n frobnicate yes\n virtual_ipaddress {\n  10.99.0.100/24\n }\n}\n");
    assertThat(run("vrrp", "-f", f.toString(), "--check")).isZero();
    assertThat(out.toString()).contains("vrrp_instance VI_1 eth0 vrid 51 v2 prio 150")
        .contains("warning: " + f + ":5: unknown keyword frobnicate");
  }

  @Test
  void aBadFileIsOneLineNamingFileAndLineWithStatus2(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("keepalived.conf");
    Files.writeString(f, "vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 300\n}\n");
    assertThat(run("vrrp", "-f", f.toString())).isEqualTo(2);
    assertThat(err.toString().strip()).isEqualTo("hactl: " + f
        + ":3: virtual_router_id: 300 is out of range 1..255");
    assertThat(run("vrrp", "-f", dir.resolve("missing.conf").toString())).isEqualTo(2);
    assertThat(err.toString()).contains("no such file");
  }
}
