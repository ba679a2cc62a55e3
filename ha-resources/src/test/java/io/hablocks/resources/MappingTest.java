package io.hablocks.resources;

import static org.assertj.core.api.Assertions.assertThat;

import io.hablocks.resources.internal.LsbProvider;
import io.hablocks.resources.internal.NagiosProvider;
import io.hablocks.resources.internal.Results;
import org.junit.jupiter.api.Test;

/** Exit code mappings and exit reasons, as Pacemaker's services library has them. */
class MappingTest {

  @Test
  void lsbStatus() {
    assertThat(LsbProvider.toOcf("status", 0)).isEqualTo(0);
    assertThat(LsbProvider.toOcf("monitor", 1)).isEqualTo(7);
    assertThat(LsbProvider.toOcf("monitor", 2)).isEqualTo(7);
    assertThat(LsbProvider.toOcf("monitor", 3)).isEqualTo(7);
    assertThat(LsbProvider.toOcf("monitor", 4)).isEqualTo(1);
    assertThat(LsbProvider.toOcf("monitor", 150)).isEqualTo(5);
    assertThat(LsbProvider.toOcf("start", 3)).isEqualTo(3);
    assertThat(LsbProvider.toOcf("start", 8)).isEqualTo(1);
  }

  @Test
  void nagios() {
    assertThat(NagiosProvider.toOcf(0)).isEqualTo(0);
    assertThat(NagiosProvider.toOcf(1)).isEqualTo(190);
    assertThat(NagiosProvider.toOcf(2)).isEqualTo(1);
    assertThat(NagiosProvider.toOcf(3)).isEqualTo(1);
  }

  @Test
  void exitReason() {
    assertThat(Results.exitReason("")).isEmpty();
    assertThat(Results.exitReason("ocf-exit-reason:a\nocf-exit-reason:b\nmore")).isEqualTo("b");
    assertThat(Results.exitReason("ocf-exit-reason:" + "r".repeat(300))).hasSize(128);
    assertThat(Results.exitReason("x ocf-exit-reason:\n")).isEmpty();
  }
}
