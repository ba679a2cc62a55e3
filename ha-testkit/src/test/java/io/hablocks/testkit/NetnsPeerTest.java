package io.hablocks.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

@PeerTest(root = true, netns = true, commands = {"ip", "ping"}, packages = {"iproute2", "iputils-ping"})
class NetnsPeerTest {

  @Test
  void twoNamespacesJoinedByVethReachEachOtherAndVanishOnClose() throws Exception {
    String nameA;
    Process sleeper;
    try (Netns a = Netns.create("hbt"); Netns b = Netns.create("hbt")) {
      nameA = a.name();
      Netns.link(a, "eth0", "10.231.0.1/24", b, "eth0", "10.231.0.2/24");
      assertThat(a.exec("ping", "-c1", "-W2", "10.231.0.2").exitCode()).isZero();
      assertThat(b.exec("ip", "-o", "addr", "show", "dev", "eth0").ok()).contains("10.231.0.2/24");
      sleeper = a.start(new ProcessBuilder("sleep", "600"));
      assertThat(sleeper.isAlive()).isTrue();
    }
    assertThat(sleeper.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    Process list = new ProcessBuilder("ip", "netns", "list").start();
    assertThat(new String(list.getInputStream().readAllBytes())).doesNotContain(nameA);
  }
}
