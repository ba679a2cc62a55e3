package io.hablocks.crm.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.hablocks.testkit.PeerTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the scheduler over all 798 cases of Pacemaker 2.1.5's scheduler suite (fetched from
 * Debian's source package) and fails when fewer cases pass than the floor recorded in
 * src/test/resources/conformance-floor.txt.
 */
@PeerTest(commands = "apt-get", packages = "apt")
class SchedulerConformanceTest {

  private static final Logger LOG = LoggerFactory.getLogger(SchedulerConformanceTest.class);

  @Test
  void passCountStaysAtOrAboveTheRecordedFloor() throws Exception {
    Path suite = SuiteDir.get();
    Conformance.Report r = Conformance.run(suite, Instant.now());
    LOG.info("scheduler conformance:\n{}", r.table());
    long floor = Long.parseLong(new String(
        SchedulerConformanceTest.class.getResourceAsStream("/conformance-floor.txt").readAllBytes(),
        StandardCharsets.UTF_8).strip());
    assertThat(r.cases()).hasSizeGreaterThanOrEqualTo(798);
    assertThat(r.passed()).as("cases passed (table:%n%s)", r.table()).isGreaterThanOrEqualTo(floor);
    Files.writeString(Path.of("target", "scheduler-conformance.txt"), r.table());
  }
}
