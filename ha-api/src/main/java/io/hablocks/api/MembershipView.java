package io.hablocks.api;

import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * One membership view: the set of nodes that a membership engine agreed on, with what changed
 * from the previous view. Immutable. View ids rise with every view a node installs; two nodes that
 * installed the same view id see the same members.
 *
 * @param id the view id (corosync's ring sequence, JGroups' view id, ...), rising
 * @param members the members, ordered by node id
 * @param joined the members that were not in the previous view
 * @param left the nodes of the previous view that are not members any more
 */
public record MembershipView(long id, SortedSet<Node> members, SortedSet<Node> joined,
    SortedSet<Node> left) {

  /** Copies the sets and checks that joined is part of members and left is disjoint from it. */
  public MembershipView {
    members = freeze(members, "members");
    joined = freeze(joined, "joined");
    left = freeze(left, "left");
    if (!members.containsAll(joined)) {
      throw new IllegalArgumentException("joined nodes must be members: " + joined);
    }
    for (Node n : left) {
      if (members.contains(n)) {
        throw new IllegalArgumentException("a node cannot be a member and have left: " + n);
      }
    }
  }

  /**
   * The first view of a node: every member has joined, nobody left.
   *
   * @param id the view id
   * @param members the members
   * @return the view
   */
  public static MembershipView initial(long id, Set<Node> members) {
    return new MembershipView(id, new TreeSet<>(members), new TreeSet<>(members), new TreeSet<>());
  }

  /**
   * The view that follows this one with the given members; joined and left are computed.
   *
   * @param newId the new view id, greater than this one's
   * @param newMembers the members of the next view
   * @return the next view
   */
  public MembershipView next(long newId, Set<Node> newMembers) {
    if (newId <= id) {
      throw new IllegalArgumentException("view id must rise: " + newId + " after " + id);
    }
    TreeSet<Node> joinedNow = new TreeSet<>(newMembers);
    joinedNow.removeAll(members);
    TreeSet<Node> leftNow = new TreeSet<>(members);
    leftNow.removeAll(newMembers);
    return new MembershipView(newId, new TreeSet<>(newMembers), joinedNow, leftNow);
  }

  /**
   * Whether the node with this id is a member.
   *
   * @param node the node id
   * @return true if it is a member of this view
   */
  public boolean contains(NodeId node) {
    for (Node n : members) {
      if (n.id().equals(node)) {
        return true;
      }
    }
    return false;
  }

  /** @return the number of members */
  public int size() {
    return members.size();
  }

  private static SortedSet<Node> freeze(SortedSet<Node> nodes, String what) {
    Objects.requireNonNull(nodes, what);
    return Collections.unmodifiableSortedSet(new TreeSet<>(nodes));
  }
}
