package io.hablocks.haproxy.internal;

import java.util.TreeSet;

/**
 * The ordering of HAProxy's eb32 trees where it matters to balancing: nodes sorted by unsigned
 * 32-bit key, equal keys in insertion order (an eb tree appends duplicates after the existing
 * ones). Not thread-safe.
 */
final class EbTree {

  /** One node: a key, an owner and its insertion sequence. */
  static final class Node {
    long key;
    long seq;
    final LbServer server;
    EbTree in;

    Node(LbServer server) {
      this.server = server;
    }
  }

  private long seq;
  private final TreeSet<Node> set = new TreeSet<>((a, b) -> {
    int c = Long.compare(a.key, b.key);
    return c != 0 ? c : Long.compare(a.seq, b.seq);
  });

  void insert(Node n, long key) {
    if (n.in != null) {
      n.in.delete(n);
    }
    n.key = key & 0xffffffffL;
    n.seq = seq++;
    set.add(n);
    n.in = this;
  }

  void delete(Node n) {
    if (n.in == this) {
      set.remove(n);
      n.in = null;
    }
  }

  Node first() {
    return set.isEmpty() ? null : set.first();
  }

  Node last() {
    return set.isEmpty() ? null : set.last();
  }

  Node next(Node n) {
    return set.higher(n);
  }

  Node prev(Node n) {
    return set.lower(n);
  }

  /** @return the first node whose key is at least {@code key} */
  Node lookupGe(long key) {
    Node probe = new Node(null);
    probe.key = key & 0xffffffffL;
    probe.seq = Long.MIN_VALUE;
    return set.ceiling(probe);
  }

  boolean isEmpty() {
    return set.isEmpty();
  }

  int size() {
    return set.size();
  }
}
