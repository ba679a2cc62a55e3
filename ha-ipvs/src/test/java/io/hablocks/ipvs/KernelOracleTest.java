package io.hablocks.ipvs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The 34 scenarios the lab ran on the real 6.1 kernel (kernel-results.txt is the kernel's
 * answer, recorded from /proc/net/ip_vs_conn): the replay must choose the same real server for
 * every connection.
 */
class KernelOracleTest {

  static Stream<Arguments> cases() throws Exception {
    return ProbeLines.cases().stream().map(c -> Arguments.of(c.probe(), c));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void replayChoosesWhatTheKernelChose(String probe, ProbeLines.Case c) {
    List<String> ours = Scenario.parse(probe, c.scenario()).replay();
    assertThat(ours).as(probe).containsExactlyElementsOf(c.kernel());
  }
}
