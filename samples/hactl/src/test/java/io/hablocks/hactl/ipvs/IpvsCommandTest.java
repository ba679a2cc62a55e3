package io.hablocks.hactl.ipvs;

import static org.assertj.core.api.Assertions.assertThat;

import io.hablocks.hactl.Hactl;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IpvsCommandTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return Hactl.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
  }

  @Test
  void replayPrintsTheKernelsChoicePerConnection(@TempDir Path dir) throws Exception {
    // the lab kernel answered "wrr 4,3,2" with 3 2 1 1 2 1 3 2 1 (servers 10.0.1.i)
    Path f = dir.resolve("wrr.txt");
    StringBuilder sb = new StringBuilder("service 10.0.0.1:80 wrr\n");
    sb.append("dest 10.0.1.1:80 4\ndest 10.0.1.2:80 3\ndest 10.0.1.3:80 2\n");
    for (int i = 0; i < 9; i++) {
      sb.append("conn 192.168.1.10:").append(20000 + i).append(" hold\n");
    }
    Files.writeString(f, sb);
    assertThat(run("ipvs", "replay", f.toString())).isZero();
    int[] kernel = {3, 2, 1, 1, 2, 1, 3, 2, 1};
    StringBuilder want = new StringBuilder();
    for (int k : kernel) {
      want.append("10.0.1.").append(k).append(":80").append(System.lineSeparator());
    }
    assertThat(out.toString()).isEqualTo(want.toString());
  }

  @Test
  void aDropPrintsADash(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("drop.txt");
    Files.writeString(f, "service 10.0.0.1:80 rr\ndest 10.0.1.1:80 0\nconn 192.168.1.10:1 hold\n");
    assertThat(run("ipvs", "replay", f.toString())).isZero();
    assertThat(out.toString().strip()).isEqualTo("-");
  }

  @Test
  void badInputNamesFileAndLine(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("bad.txt");
    Files.writeString(f, "service 10.0.0.1:80 rr\n\ndest 10.0.1.1 1\n");
    assertThat(run("ipvs", "replay", f.toString())).isEqualTo(1);
    assertThat(err.toString()).startsWith("hactl: " + f + ":3: expected ADDR:PORT");
  }

  @Test
  void unknownSchedulerIsNamed(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("bad.txt");
    Files.writeString(f, "service 10.0.0.1:80 xyz\n");
    assertThat(run("ipvs", "replay", f.toString())).isEqualTo(1);
    assertThat(err.toString()).contains(f + ":1: unknown scheduler 'xyz'");
  }

  @Test
  void lvsConfigTestPrintsTheVirtualServers(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("keepalived.conf");
    Files.writeString(f, "virtual_server 10.0.0.1 80 {\n lb_algo sh\n"
        + " real_server 10.0.1.1 80 {\n  weight 2\n  TCP_CHECK {\n   connect_timeout 2\n  }\n }\n}\n");
    assertThat(run("lvs", "-f", f.toString(), "-t")).isZero();
    assertThat(out.toString()).contains("virtual_server 10.0.0.1:80 TCP sh (NAT)")
        .contains("real_server 10.0.1.1:80 weight 2 TCP_CHECK");
  }

  @Test
  void lvsBadConfigNamesFileAndLine(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("keepalived.conf");
    Files.writeString(f, "virtual_server 10.0.0.1 80 {\n lb_algo xx\n}\n");
    assertThat(run("lvs", "-f", f.toString(), "-t")).isEqualTo(1);
    assertThat(err.toString()).startsWith("hactl: " + f + ":2: lb_algo: unknown scheduler 'xx'");
  }
}
