package io.hablocks.quorum;

import io.hablocks.api.MembershipView;
import io.hablocks.api.Node;
import io.hablocks.api.NodeId;
import io.hablocks.api.QuorumFlag;
import io.hablocks.api.QuorumState;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What {@code corosync-quorumtool -s} shows, as a value, and {@link #format(ZoneId)} printing it
 * with corosync-quorumtool's exact layout (decimal node ids, names from the nodelist).
 *
 * @param date when the status was read
 * @param provider the quorum provider ({@code corosync_votequorum})
 * @param nodeId this node's id
 * @param ringRepresentative the ring id's node part
 * @param ringSequence the ring id's sequence
 * @param quorate what the quorum service says ("Quorate:" line)
 * @param expectedVotes this node's expected votes
 * @param highestExpected the highest expected votes among members
 * @param totalVotes the members' votes
 * @param quorum the votes needed
 * @param votequorumQuorate votequorum's own quorate flag (decides "Activity blocked")
 * @param flags the flag words in corosync's order
 * @param members the members in the order corosync lists them
 */
public record QuorumStatus(Instant date, String provider, long nodeId, long ringRepresentative,
    long ringSequence, boolean quorate, int expectedVotes, int highestExpected, int totalVotes,
    int quorum, boolean votequorumQuorate, List<String> flags, List<Member> members) {

  /** corosync-quorumtool's flag order. */
  public static final List<QuorumFlag> FLAG_ORDER = List.of(QuorumFlag.TWO_NODE,
      QuorumFlag.QUORATE, QuorumFlag.WAIT_FOR_ALL, QuorumFlag.LAST_MAN_STANDING,
      QuorumFlag.AUTO_TIE_BREAKER, QuorumFlag.ALLOW_DOWNSCALE, QuorumFlag.QDEVICE);

  /**
   * One line of the membership table.
   *
   * @param nodeId the node id
   * @param votes its votes
   * @param name its name
   */
  public record Member(long nodeId, int votes, String name) {
    /** Checks the name. */
    public Member {
      Objects.requireNonNull(name, "name");
    }
  }

  /** Copies the lists. */
  public QuorumStatus {
    Objects.requireNonNull(date, "date");
    Objects.requireNonNull(provider, "provider");
    flags = List.copyOf(flags);
    members = List.copyOf(members);
  }

  /**
   * The status of a node running ha-quorum's votequorum (in-JVM or JGroups engine): the ring id
   * is the view's lowest node id and the view id.
   *
   * @param date when
   * @param local this node
   * @param state its quorum state
   * @param votes each member's votes
   * @return the status
   */
  public static QuorumStatus of(Instant date, NodeId local, QuorumState state,
      Map<NodeId, Integer> votes) {
    MembershipView v = state.view();
    List<Member> members = new ArrayList<>();
    for (Node n : v.members()) {
      members.add(new Member(n.id().value(), votes.getOrDefault(n.id(), 0), n.name()));
    }
    List<String> words = new ArrayList<>();
    for (QuorumFlag f : FLAG_ORDER) {
      if (state.flags().contains(f)) {
        words.add(f.word());
      }
    }
    long rep = v.members().isEmpty() ? local.value() : v.members().first().id().value();
    return new QuorumStatus(date, "corosync_votequorum", local.value(), rep, v.id(),
        state.quorate(), state.expectedVotes(), state.highestExpected(), state.totalVotes(),
        state.quorum(), state.quorate(), words, members);
  }

  /**
   * Prints the status exactly as {@code corosync-quorumtool -s} does.
   *
   * @param zone the time zone of the Date line (corosync uses the machine's)
   * @return the text, lines ending in newline
   */
  public String format(ZoneId zone) {
    StringBuilder sb = new StringBuilder();
    sb.append("Quorum information\n");
    sb.append("------------------\n");
    sb.append("Date:             ").append(ctime(ZonedDateTime.ofInstant(date, zone)))
        .append('\n');
    sb.append("Quorum provider:  ").append(provider).append('\n');
    sb.append("Nodes:            ").append(members.size()).append('\n');
    sb.append("Node ID:          ").append(Long.toUnsignedString(nodeId)).append('\n');
    sb.append("Ring ID:          ").append(Long.toHexString(ringRepresentative)).append('.')
        .append(Long.toHexString(ringSequence)).append('\n');
    sb.append("Quorate:          ").append(quorate ? "Yes" : "No").append('\n');
    sb.append('\n');
    sb.append("Votequorum information\n");
    sb.append("----------------------\n");
    sb.append("Expected votes:   ").append(expectedVotes).append('\n');
    sb.append("Highest expected: ").append(highestExpected).append('\n');
    sb.append("Total votes:      ").append(totalVotes).append('\n');
    sb.append("Quorum:           ").append(quorum).append(' ')
        .append(votequorumQuorate ? " " : "Activity blocked").append('\n');
    sb.append("Flags:            ");
    for (String f : flags) {
      sb.append(f).append(' ');
    }
    sb.append('\n');
    sb.append('\n');
    sb.append("Membership information\n");
    sb.append("----------------------\n");
    sb.append(padded("Nodeid")).append(padded("Votes")).append("Name\n");
    for (Member m : members) {
      sb.append(padded(Long.toUnsignedString(m.nodeId()))).append(padded(
          Integer.toUnsignedString(m.votes()))).append(m.name());
      if (m.nodeId() == nodeId) {
        sb.append(" (local)");
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  /** corosync-quorumtool's print_string_padded: right-aligned in 10, then a space. */
  private static String padded(String s) {
    return " ".repeat(Math.max(0, 10 - s.length())) + s + " ";
  }

  /**
   * C's ctime() without the newline.
   *
   * @param t the time
   * @return for example "Wed Nov 25 09:43:57 2026"
   */
  public static String ctime(ZonedDateTime t) {
    return String.format(Locale.ROOT, "%s %s %2d %02d:%02d:%02d %d",
        t.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ROOT),
        t.getMonth().getDisplayName(TextStyle.SHORT, Locale.ROOT), t.getDayOfMonth(),
        t.getHour(), t.getMinute(), t.getSecond(), t.getYear());
  }
}
