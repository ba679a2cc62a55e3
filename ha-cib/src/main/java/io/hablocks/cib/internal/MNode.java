package io.hablocks.cib.internal;

import io.hablocks.cib.CibElement;
import java.util.ArrayList;
import java.util.List;

/** A mutable XML node (element or comment) used while applying a patchset. Not thread-safe. */
final class MNode {
  final String name;
  final String comment;
  final List<String> attrs = new ArrayList<>();
  final List<MNode> children = new ArrayList<>();
  MNode parent;
  final int line;

  MNode(String name, String comment, int line) {
    this.name = name;
    this.comment = comment;
    this.line = line;
  }

  boolean isComment() {
    return comment != null;
  }

  /** libxml2's node name: comments are called "comment". */
  String xmlName() {
    return comment != null ? "comment" : name;
  }

  String attr(String n) {
    for (int i = 0; i < attrs.size(); i += 2) {
      if (attrs.get(i).equals(n)) {
        return attrs.get(i + 1);
      }
    }
    return null;
  }

  void setAttr(String n, String v) {
    for (int i = 0; i < attrs.size(); i += 2) {
      if (attrs.get(i).equals(n)) {
        attrs.set(i + 1, v);
        return;
      }
    }
    attrs.add(n);
    attrs.add(v);
  }

  int index() {
    return parent == null ? 0 : parent.children.indexOf(this);
  }

  static MNode of(CibElement e) {
    if (e.isComment()) {
      return new MNode(CibElement.COMMENT, e.commentText().orElse(""), e.line());
    }
    MNode n = new MNode(e.name(), null, e.line());
    for (int i = 0; i < e.attributeCount(); i++) {
      n.attrs.add(e.attributeName(i));
      n.attrs.add(e.attributeValue(i));
    }
    for (CibElement c : e.children()) {
      MNode m = of(c);
      m.parent = n;
      n.children.add(m);
    }
    return n;
  }

  CibElement toElement() {
    if (comment != null) {
      return CibElement.comment(comment, line);
    }
    CibElement.Builder b = CibElement.builder(name).line(line);
    for (int i = 0; i < attrs.size(); i += 2) {
      b.attribute(attrs.get(i), attrs.get(i + 1));
    }
    for (MNode c : children) {
      b.child(c.toElement());
    }
    return b.build();
  }
}
