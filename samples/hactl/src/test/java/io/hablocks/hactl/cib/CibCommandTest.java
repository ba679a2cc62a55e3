package io.hablocks.hactl.cib;

import static org.assertj.core.api.Assertions.assertThat;

import io.hablocks.cib.CibElement;
import io.hablocks.cib.CibXml;
import io.hablocks.hactl.Hactl;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CibCommandTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return Hactl.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
  }

  private static final String OLD = "<cib epoch=\"1\" num_updates=\"0\" admin_epoch=\"0\" crm_feature_set=\"3.16.2\">"
      + "<configuration><crm_config/><nodes/><resources><primitive id=\"A\" class=\"ocf\" provider=\"heartbeat\" type=\"Dummy\"/>"
      + "</resources><constraints/></configuration><status/></cib>";
  private static final String NEW = OLD.replace("epoch=\"1\"", "epoch=\"2\"")
      .replace("type=\"Dummy\"/>", "type=\"Stateful\"/><primitive id=\"B\" class=\"ocf\" provider=\"heartbeat\" type=\"Dummy\"/>");

  @Test
  void checkReportsWhatTheCibHolds(@TempDir Path dir) throws Exception {
    Path f = Files.writeString(dir.resolve("cib.xml"), OLD);
    assertThat(run("cib", "check", f.toString())).isZero();
    assertThat(out.toString()).contains("OK: version 0.1.0").contains("1 resources");
  }

  @Test
  void checkNamesTheLineAndPathOfAnError(@TempDir Path dir) throws Exception {
    Path f = Files.writeString(dir.resolve("bad.xml"), "<cib>\n<configuration>\n<resources>\n<primitive class=\"ocf\"/>\n"
        + "</resources></configuration></cib>");
    assertThat(run("cib", "check", f.toString())).isEqualTo(1);
    assertThat(err.toString()).startsWith("hactl: " + f).contains("line 4")
        .contains("/cib/configuration/resources/primitive").contains("no 'id'");
    assertThat(err.toString().lines().count()).isEqualTo(1);
  }

  @Test
  void formatPrintsCanonicalXml(@TempDir Path dir) throws Exception {
    Path f = Files.writeString(dir.resolve("cib.xml"), OLD);
    assertThat(run("cib", "format", f.toString())).isZero();
    assertThat(out.toString()).startsWith("<cib epoch=\"1\"").contains("\n  <configuration>\n");
    assertThat(CibXml.readElement(out.toString())).isEqualTo(CibXml.readElement(OLD));
  }

  @Test
  void diffThenPatchGivesNew(@TempDir Path dir) throws Exception {
    Path a = Files.writeString(dir.resolve("old.xml"), OLD);
    Path b = Files.writeString(dir.resolve("new.xml"), NEW);
    assertThat(run("cib", "diff", a.toString(), b.toString())).isEqualTo(1);
    String patch = out.toString();
    assertThat(patch).startsWith("<diff format=\"2\">").contains("operation=\"create\"")
        .contains("operation=\"modify\"");
    Path p = Files.writeString(dir.resolve("patch.xml"), patch);
    out.getBuffer().setLength(0);
    assertThat(run("cib", "patch", a.toString(), p.toString())).isZero();
    CibElement result = CibXml.readElement(out.toString());
    assertThat(result).isEqualTo(CibXml.readElement(NEW));
    out.getBuffer().setLength(0);
    assertThat(run("cib", "diff", a.toString(), a.toString())).isZero();
    assertThat(out.toString()).isEmpty();
    // with --check-version, a CIB at another version is refused
    Path c = Files.writeString(dir.resolve("other.xml"), OLD.replace("epoch=\"1\"", "epoch=\"5\""));
    assertThat(run("cib", "patch", "--check-version", c.toString(), p.toString())).isEqualTo(1);
    assertThat(err.toString()).contains("0.1.0").contains("0.5.0");
  }
}
