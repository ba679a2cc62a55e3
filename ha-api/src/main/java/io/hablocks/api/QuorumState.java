package io.hablocks.api;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * The quorum of one partition as votequorum reports it (the "Votequorum information" block of
 * {@code corosync-quorumtool -s}). Immutable.
 *
 * @param quorate whether this partition has quorum
 * @param expectedVotes the expected votes in force
 * @param highestExpected the highest expected votes seen in the partition
 * @param totalVotes the votes of the members of the view
 * @param quorum the votes needed for quorum
 * @param flags the flags in force (contains {@link QuorumFlag#QUORATE} iff quorate)
 * @param view the membership view this decision was made on
 */
public record QuorumState(boolean quorate, int expectedVotes, int highestExpected, int totalVotes,
    int quorum, Set<QuorumFlag> flags, MembershipView view) {

  /** Checks the fields and copies the flags. */
  public QuorumState {
    Objects.requireNonNull(view, "view");
    if (expectedVotes < 0 || highestExpected < 0 || totalVotes < 0 || quorum < 0) {
      throw new IllegalArgumentException("votes cannot be negative");
    }
    EnumSet<QuorumFlag> copy = EnumSet.noneOf(QuorumFlag.class);
    copy.addAll(Objects.requireNonNull(flags, "flags"));
    if (quorate) {
      copy.add(QuorumFlag.QUORATE);
    } else {
      copy.remove(QuorumFlag.QUORATE);
    }
    flags = Collections.unmodifiableSet(copy);
  }

  /**
   * The flags as corosync-quorumtool prints them, space separated, in its order.
   *
   * @return for example {@code "Quorate WaitForAll"}
   */
  public String flagWords() {
    StringBuilder sb = new StringBuilder();
    for (QuorumFlag f : flags) {
      if (sb.length() > 0) {
        sb.append(' ');
      }
      sb.append(f.word());
    }
    return sb.toString();
  }
}
