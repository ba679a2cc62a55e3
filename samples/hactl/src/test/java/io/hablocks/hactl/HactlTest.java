package io.hablocks.hactl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

class HactlTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return Hactl.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
  }

  @Test
  void helpListsTheSubcommands() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString()).contains("Usage: hactl").contains("demo").contains("help");
  }

  @Test
  void versionPrintsTheProjectVersion() {
    assertThat(run("--version")).isZero();
    assertThat(out.toString()).startsWith("hactl (ha-blocks) 0.").doesNotContain("${");
  }

  @Test
  void demoPrintsEveryModuleWithItsState() {
    assertThat(run("demo")).isZero();
    String text = out.toString();
    for (String m : new String[] {"ha-api", "ha-quorum", "ha-cib", "ha-crm", "ha-vrrp", "ha-ipvs",
        "ha-haproxy-compat", "ha-resources", "ha-stonith", "ha-netlink"}) {
      assertThat(text).contains("  " + m + " ");
    }
    assertThat(text).contains("hactl demo");
  }

  @Test
  void unknownCommandIsAOneLineUsageErrorWithStatus2() {
    assertThat(run("frobnicate")).isEqualTo(2);
    assertThat(err.toString()).startsWith("hactl: Unmatched argument").contains("Try 'hactl --help'");
    assertThat(out.toString()).isEmpty();
  }

  @Command(name = "boom")
  static final class Boom implements Runnable {
    @Override
    public void run() {
      throw new HactlException("the cluster is on fire\nsecond line", 3);
    }
  }

  @Test
  void aFailureIsOneLineWithoutStackTraceAndItsExitCode() {
    CommandLine cl = Hactl.commandLine(new PrintWriter(out, true), new PrintWriter(err, true));
    cl.addSubcommand(new Boom());
    assertThat(cl.execute("boom")).isEqualTo(3);
    assertThat(err.toString()).isEqualTo("hactl: the cluster is on fire second line"
        + System.lineSeparator());
  }
}
