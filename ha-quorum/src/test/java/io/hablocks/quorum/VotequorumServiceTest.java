package io.hablocks.quorum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hablocks.api.QuorumState;
import io.hablocks.quorum.embedded.EmbeddedCluster;
import io.hablocks.testkit.ManualClock;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VotequorumServiceTest {

  @Test
  void hostileMessagesAreDroppedAndCounted() {
    ManualClock clock = new ManualClock();
    try (EmbeddedCluster c = EmbeddedCluster.builder().nodes(3).clock(clock).build()) {
      clock.advance(Duration.ofSeconds(5));
      QuorumState before = c.state(1);
      // right magic, then garbage: unknown version, short node info, lying sender, unknown type
      c.engine(2).broadcast(ByteBuffer.allocate(6).putInt(0x48425651).put((byte) 9).put((byte) 1)
          .array());
      c.engine(2).broadcast(ByteBuffer.allocate(16).putInt(0x48425651).put((byte) 1)
          .put((byte) 1).putLong(1).array());
      c.engine(2).broadcast(ByteBuffer.allocate(14 + 18).putInt(0x48425651).put((byte) 1)
          .put((byte) 1).putLong(1).put(new NodeInfo(c.node(1).id(), 9, 9, 0).encode()).array());
      c.engine(2).broadcast(ByteBuffer.allocate(14).putInt(0x48425651).put((byte) 1)
          .put((byte) 7).putLong(1).array());
      c.engine(2).broadcast("another module's message".getBytes());
      clock.advance(Duration.ofSeconds(1));
      assertThat(c.quorum(1).droppedMessages()).isEqualTo(4);
      assertThat(c.quorum(3).droppedMessages()).isEqualTo(4);
      assertThat(c.state(1)).isEqualTo(before);
    }
  }

  @Test
  void runtimeChangesAreCheckedLikeCorosyncQuorumtool() {
    ManualClock clock = new ManualClock();
    try (EmbeddedCluster c = EmbeddedCluster.builder().nodes(3).clock(clock).build()) {
      clock.advance(Duration.ofSeconds(5));
      assertThatThrownBy(() -> c.quorum(1).setExpectedVotes(2))
          .isInstanceOf(QuorumConfigException.class).hasMessageContaining("CS_ERR_INVALID_PARAM");
      c.cut(3);
      clock.advance(c.failureDetection().plusSeconds(1));
      assertThatThrownBy(() -> c.quorum(1).setExpectedVotes(1))
          .hasMessageStartingWith("expected_votes:");
      c.quorum(1).setExpectedVotes(2);
      clock.advance(Duration.ofMillis(10));
      assertThat(c.state(2).expectedVotes()).isEqualTo(2);
    }
  }

  @Test
  void listenersSeeEachChangeInOrder() {
    ManualClock clock = new ManualClock();
    try (EmbeddedCluster c = EmbeddedCluster.builder().nodes(3).clock(clock).build()) {
      List<Boolean> seen = new ArrayList<>();
      c.quorum(3).addListener(s -> seen.add(s.quorate()));
      clock.advance(Duration.ofSeconds(5));
      c.cut(3);
      clock.advance(c.failureDetection().plusSeconds(1));
      c.heal();
      clock.advance(Duration.ofSeconds(5));
      assertThat(seen).startsWith(false).endsWith(true).contains(false, true);
      assertThat(seen.get(seen.size() - 2)).isFalse();
    }
  }

  @Test
  void lastManStandingTimerRunsOnTheClock() {
    ManualClock clock = new ManualClock();
    VotequorumConfig cfg = VotequorumConfig.ofNodes(3).toBuilder().lastManStanding(true)
        .lastManStandingWindow(Duration.ofSeconds(20)).build();
    try (EmbeddedCluster c = EmbeddedCluster.builder().nodes(3).clock(clock).quorum(cfg)
        .build()) {
      clock.advance(Duration.ofSeconds(5));
      c.kill(3);
      clock.advanceUntil(() -> c.state(1).totalVotes() == 2, Duration.ofSeconds(30));
      assertThat(c.quorum(1).votequorum().lastManStandingTimerArmed()).isTrue();
      Duration t = clock.advanceUntil(() -> c.state(1).expectedVotes() == 2,
          Duration.ofSeconds(60));
      // armed at the view change (sync_init), 1 ms before the votes were exchanged
      assertThat(t).isBetween(Duration.ofMillis(19_990), Duration.ofSeconds(20));
    }
  }
}
