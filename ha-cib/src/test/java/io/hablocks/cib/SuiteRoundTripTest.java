package io.hablocks.cib;

import static org.assertj.core.api.Assertions.assertThat;

import io.hablocks.testkit.PeerTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every CIB of Pacemaker 2.1.5's scheduler suite reads (element tree and typed model) and writes
 * back to an XML-equal document, checked by the JDK's DOM parser as an independent oracle, and
 * re-reads to an element tree equal to the first including attribute order.
 */
@PeerTest(commands = "apt-get", packages = "apt")
class SuiteRoundTripTest {

  @Test
  void everySuiteCibRoundTripsToAnEqualDocument() throws Exception {
    List<Path> files = PacemakerSuite.cibs();
    assertThat(files).hasSizeGreaterThanOrEqualTo(798);
    List<String> failures = new ArrayList<>();
    int resources = 0;
    int ops = 0;
    for (Path f : files) {
      try {
        byte[] original = Files.readAllBytes(f);
        Cib cib = CibXml.read(f);
        resources += cib.allResources().size();
        ops += cib.status().nodeStates().stream()
            .flatMap(n -> n.lrmResources().stream()).mapToInt(r -> r.operations().size()).sum();
        for (boolean pretty : new boolean[] {true, false}) {
          String written = CibXml.write(cib.root(), pretty);
          String d = XmlOracle.difference(XmlOracle.parse(original), XmlOracle.parse(written));
          if (d != null) {
            failures.add(f.getFileName() + " (pretty=" + pretty + "): " + d);
          }
          CibElement again = CibXml.readElement(written);
          if (!again.equalsInOrder(cib.root()) || !again.equals(cib.root())) {
            failures.add(f.getFileName() + " (pretty=" + pretty + "): re-read differs");
          }
        }
      } catch (CibParseException e) {
        failures.add(f.getFileName() + ": " + e.getMessage());
      }
    }
    assertThat(failures).isEmpty();
    // the typed model saw the suite's content, not empty shells
    assertThat(resources).isGreaterThan(4000);
    assertThat(ops).isGreaterThan(20000);
  }
}
