package io.hablocks.quorum.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.hablocks.api.MembershipView;
import io.hablocks.api.membership.MembershipListener;
import io.hablocks.api.membership.Message;
import io.hablocks.testkit.ManualClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EmbeddedClusterTest {

  /** Everything a node saw, in order: "V<id>:<members>" or "M<view>/<seq>:<text>". */
  static List<String> record(EmbeddedCluster c, long id) {
    List<String> events = new ArrayList<>();
    c.engine(id).addListener(new MembershipListener() {
      @Override
      public void viewChanged(MembershipView view) {
        events.add("V" + view.id() + ":" + view.members().size());
      }

      @Override
      public void delivered(Message m) {
        String text = new String(m.payload(), StandardCharsets.UTF_8);
        if (text.startsWith("app:")) {
          events.add("M" + m.viewId() + "/" + text);
        }
      }
    });
    return events;
  }

  @Test
  void threeNodesMergeAndAreQuorate() {
    ManualClock clock = new ManualClock();
    try (EmbeddedCluster c = EmbeddedCluster.builder().nodes(3).clock(clock).build()) {
      assertThat(c.engine(1).view().id()).isZero();
      clock.advance(Duration.ofSeconds(3));
      for (long i = 1; i <= 3; i++) {
        assertThat(c.engine(i).view().size()).isEqualTo(3);
        assertThat(c.state(i).quorate()).isTrue();
        assertThat(c.state(i).totalVotes()).isEqualTo(3);
      }
      assertThat(c.engine(1).view().id()).isEqualTo(c.engine(3).view().id());
    }
  }

  @Test
  void totalOrderIsTheSameOnEveryMember() {
    ManualClock clock = new ManualClock();
    try (EmbeddedCluster c = EmbeddedCluster.builder().nodes(4).clock(clock).seed(7).build()) {
      clock.advance(Duration.ofSeconds(3));
      List<List<String>> seen = new ArrayList<>();
      for (long i = 1; i <= 4; i++) {
        seen.add(record(c, i));
      }
      c.dropRate(0.3);
      for (int k = 0; k < 50; k++) {
        long from = 1 + (k % 4);
        c.engine(from).broadcast(("app:" + from + "-" + k).getBytes(StandardCharsets.UTF_8));
        if (k % 7 == 0) {
          clock.advance(Duration.ofMillis(3));
        }
      }
      clock.advance(Duration.ofSeconds(1));
      assertThat(c.droppedPackets()).isPositive();
      // the first event is the current view (listener added after start)
      assertThat(seen.get(0)).hasSize(51);
      for (List<String> s : seen) {
        assertThat(s).isEqualTo(seen.get(0));
      }
    }
  }

  @Test
  void viewChangeIsDeliveredAtTheSamePointOnMembersThatMoveTogether() {
    ManualClock clock = new ManualClock();
    try (EmbeddedCluster c = EmbeddedCluster.builder().nodes(3).clock(clock).build()) {
      clock.advance(Duration.ofSeconds(3));
      List<String> s1 = record(c, 1);
      List<String> s2 = record(c, 2);
      c.delay(Duration.ofMillis(40));
      for (int k = 0; k < 20; k++) {
        c.engine(1 + k % 3).broadcast(("app:" + k).getBytes(StandardCharsets.UTF_8));
        clock.advance(Duration.ofMillis(5));
        if (k == 10) {
          c.cut(3);
        }
      }
      clock.advance(c.failureDetection().plusSeconds(1));
      assertThat(c.engine(1).view().size()).isEqualTo(2);
      assertThat(s1).isEqualTo(s2);
      assertThat(s1.stream().filter(e -> e.startsWith("V")).count()).isEqualTo(2);
      // node 3's messages sent after the cut are delivered in the new view or not at all
      assertThat(c.state(1).quorate()).isTrue();
      assertThat(c.state(3).quorate()).isFalse();
    }
  }

  @Test
  void aBroadcastMadeInsideViewChangedIsDeliveredOnce() {
    // found by ha-stonith's fencer, which asks for fencing of lost members in viewChanged
    ManualClock clock = new ManualClock();
    try (EmbeddedCluster c = EmbeddedCluster.builder().nodes(3).clock(clock).build()) {
      clock.advance(Duration.ofSeconds(3));
      List<String> seen = new ArrayList<>();
      for (long i = 1; i <= 3; i++) {
        long me = i;
        c.engine(i).addListener(new MembershipListener() {
          @Override
          public void viewChanged(MembershipView view) {
            if (!view.left().isEmpty()) {
              c.engine(me).broadcast(("app:" + me + "@" + view.id())
                  .getBytes(StandardCharsets.UTF_8));
            }
          }

          @Override
          public void delivered(Message m) {
            String text = new String(m.payload(), StandardCharsets.UTF_8);
            if (text.startsWith("app:")) {
              seen.add(me + "<-" + text);
            }
          }
        });
      }
      c.partition(Set.of(1L, 2L), Set.of(3L));
      clock.advance(c.failureDetection().plusSeconds(1));
      long v12 = c.engine(1).view().id();
      long v3 = c.engine(3).view().id();
      assertThat(seen).containsExactlyInAnyOrder("1<-app:1@" + v12, "2<-app:1@" + v12,
          "1<-app:2@" + v12, "2<-app:2@" + v12, "3<-app:3@" + v3);
    }
  }

  @Test
  void nothingIsOrderedInAViewThatIsSplittingOnlyAfterTheNextViewOrTheHeal() {
    // found by ha-cib's replication: a writer cut off with a minority used to go on ordering in
    // the old view for token + consensus, so a change could be applied by the minority only
    ManualClock clock = new ManualClock();
    try (EmbeddedCluster c = EmbeddedCluster.builder().nodes(3).clock(clock).build()) {
      clock.advance(Duration.ofSeconds(3));
      List<String> s1 = record(c, 1);
      List<String> s3 = record(c, 3);
      c.partition(Set.of(1L), Set.of(2L, 3L));
      c.engine(1).broadcast("app:cut-1".getBytes(StandardCharsets.UTF_8));
      c.engine(2).broadcast("app:cut-2".getBytes(StandardCharsets.UTF_8));
      clock.advance(c.failureDetection().minusMillis(10));
      assertThat(s1).hasSize(1);
      assertThat(s3).hasSize(1);
      clock.advance(Duration.ofSeconds(1));
      long v1 = c.engine(1).view().id();
      long v23 = c.engine(3).view().id();
      assertThat(s1).containsExactly(s1.get(0), "V" + v1 + ":1", "M" + v1 + "/app:cut-1");
      assertThat(s3).containsExactly(s3.get(0), "V" + v23 + ":2", "M" + v23 + "/app:cut-2");
      // a link that comes back before anyone noticed: the old view goes on ordering
      c.cut(2);
      c.engine(3).broadcast("app:blip".getBytes(StandardCharsets.UTF_8));
      clock.advance(Duration.ofMillis(500));
      assertThat(s3).hasSize(3);
      c.heal();
      clock.advance(Duration.ofMillis(100));
      assertThat(s3).hasSize(4).last().isEqualTo("M" + v23 + "/app:blip");
    }
  }

  @Test
  void partitionAndHeal() {
    ManualClock clock = new ManualClock();
    try (EmbeddedCluster c = EmbeddedCluster.builder().nodes(5).clock(clock).build()) {
      clock.advance(Duration.ofSeconds(3));
      c.partition(Set.of(1L, 2L), Set.of(3L, 4L, 5L));
      Duration t = clock.advanceUntil(() -> !c.state(1).quorate(), Duration.ofSeconds(30));
      // token 3000 + 3 x 650 = 4950 ms, consensus 1.2 x token = 5940 ms for 5 nodes, then the node info exchange (2 hops)
      assertThat(c.failureDetection()).isEqualTo(Duration.ofMillis(4950 + 5940));
      assertThat(t).isBetween(c.failureDetection(), c.failureDetection().plusMillis(5));
      assertThat(c.state(3).quorate()).isTrue();
      c.heal();
      clock.advance(Duration.ofSeconds(3));
      assertThat(c.engine(1).view().size()).isEqualTo(5);
      assertThat(c.state(1).quorate()).isTrue();
    }
  }

  @Test
  void stoppedAndKilledNodesRestartWithAFreshEngine() {
    ManualClock clock = new ManualClock();
    try (EmbeddedCluster c = EmbeddedCluster.builder().nodes(3).clock(clock).build()) {
      clock.advance(Duration.ofSeconds(5));
      var first = c.engine(3);
      c.stop(3);
      // a clean leave is seen after the leave delay, not after token + consensus
      Duration seen = clock.advanceUntil(() -> c.engine(1).view().size() == 2,
          Duration.ofSeconds(5));
      assertThat(seen).isLessThan(Duration.ofSeconds(1));
      assertThat(c.state(1).quorate()).isTrue();
      c.start(3);
      assertThat(c.engine(3)).isNotSameAs(first);
      clock.advance(Duration.ofSeconds(5));
      assertThat(c.engine(3).view().size()).isEqualTo(3);
      assertThat(c.state(3).quorate()).isTrue();
      c.kill(2);
      clock.advance(c.failureDetection().plusSeconds(1));
      assertThat(c.engine(1).view().size()).isEqualTo(2);
      c.start(2);
      clock.advance(Duration.ofSeconds(5));
      for (long i = 1; i <= 3; i++) {
        assertThat(c.state(i).totalVotes()).as("node " + i).isEqualTo(3);
      }
    }
  }

  @Test
  void runsOnTheSystemClockToo() throws InterruptedException {
    try (EmbeddedCluster c = EmbeddedCluster.builder().nodes(3)
        .mergeDelay(Duration.ofMillis(50)).token(Duration.ofMillis(100))
        .consensus(Duration.ofMillis(120)).build()) {
      long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (!(c.state(1).quorate() && c.state(3).totalVotes() == 3)) {
        assertThat(System.nanoTime()).as("quorum on the system clock").isLessThan(end);
        Thread.sleep(10); // real time: wait on the condition with a deadline
      }
      c.cut(3);
      while (c.state(3).quorate() || c.state(1).totalVotes() != 2) {
        assertThat(System.nanoTime()).as("split on the system clock").isLessThan(end);
        Thread.sleep(10);
      }
      assertThat(c.state(1).quorate()).isTrue();
    }
  }
}
