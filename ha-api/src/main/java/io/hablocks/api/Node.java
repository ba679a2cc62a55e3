package io.hablocks.api;

import java.util.Objects;

/**
 * A cluster node: its {@link NodeId} and its name (Pacemaker's {@code uname}, corosync's
 * {@code name} in the nodelist). Immutable. Two nodes are equal when id and name are equal.
 *
 * @param id the node id
 * @param name the node name, not blank
 */
public record Node(NodeId id, String name) implements Comparable<Node> {

  /**
   * Checks the fields.
   *
   * @throws NullPointerException if a field is null
   * @throws IllegalArgumentException if the name is blank or holds whitespace
   */
  public Node {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    if (name.isBlank() || name.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException("node name must be non-blank without spaces: '" + name + "'");
    }
  }

  /**
   * Returns a node.
   *
   * @param id the numeric node id
   * @param name the node name
   * @return the node
   */
  public static Node of(long id, String name) {
    return new Node(NodeId.of(id), name);
  }

  /** Orders by node id. */
  @Override
  public int compareTo(Node other) {
    int c = id.compareTo(other.id);
    return c != 0 ? c : name.compareTo(other.name);
  }

  @Override
  public String toString() {
    return name + "(" + id + ")";
  }
}
