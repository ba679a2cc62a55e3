package io.hablocks.hactl.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.hablocks.hactl.Hactl;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProxyCommandTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @TempDir
  Path dir;

  private int run(String... args) {
    return Hactl.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
  }

  @Test
  void checkSaysValid() throws Exception {
    Path a = dir.resolve("a.cfg");
    Files.writeString(a, "global\n  maxconn 10\ndefaults\n  mode http\n");
    Path b = dir.resolve("b.cfg");
    Files.writeString(b, "frontend f\n  bind 127.0.0.1:1\n  default_backend b\nbackend b\n"
        + "  server s 127.0.0.1:2\n");
    assertThat(run("proxy", "-c", "-f", a.toString(), "-f", b.toString())).isZero();
    assertThat(out.toString()).isEqualTo("Configuration file is valid" + System.lineSeparator());
  }

  @Test
  void checkNamesFileAndLineOfAnError() throws Exception {
    Path a = dir.resolve("bad.cfg");
    Files.writeString(a, "backend b\n  balance nope\n");
    assertThat(run("proxy", "-c", "-f", a.toString())).isEqualTo(1);
    assertThat(err.toString()).contains(a + ":2").contains("'balance'").doesNotContain("Exception");
    assertThat(out.toString()).doesNotContain("valid");
  }
}
