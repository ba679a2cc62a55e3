package io.hablocks.cib.internal;

import io.hablocks.cib.CibElement;
import io.hablocks.cib.CibParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Applies a v2 patchset the way Pacemaker 2.1.5 does: changes in document order, deletes and
 * modifies at once, creates and moves afterwards sorted by position (stable); paths are the
 * simple {@code /name[@id='x']/...} form, a step without an id matching the first child of that
 * name; a comment is addressed as {@code comment} with a position.
 */
public final class PatchApplier {

  private PatchApplier() {}

  private record Pending(CibElement change, MNode match, int position, boolean create, int order) {}

  /**
   * Applies the changes of a {@code <diff format="2">} to a document.
   *
   * @param root the document's root element
   * @param diff the patchset element
   * @return the new root
   * @throws CibParseException naming the change (its path and line) that cannot be applied
   */
  public static CibElement apply(CibElement root, CibElement diff) {
    MNode doc = new MNode("#document", null, -1);
    MNode r = MNode.of(root);
    r.parent = doc;
    doc.children.add(r);
    List<Pending> pending = new ArrayList<>();
    int order = 0;
    for (CibElement change : diff.elements()) {
      String op = change.attributeOrNull("operation");
      if (op == null) {
        continue;
      }
      String path = change.attributeOrNull("path");
      if (path == null) {
        throw bad(change, "change has no path");
      }
      int position = -1;
      if (op.equals("delete")) {
        position = intAttr(change, "position", -1);
      }
      MNode match = search(doc, path, position, change);
      if (match == null) {
        if (op.equals("delete")) {
          continue;
        }
        throw bad(change, "no element matches path " + path + " for " + op);
      }
      switch (op) {
        case "create", "move" -> {
          pending.add(new Pending(change, match, intAttr(change, "position", 0), op.equals("create"),
              order++));
          if (op.equals("move") && match.parent != null) {
            match.parent.children.remove(match);
            match.parent.children.add(match);
          }
        }
        case "delete" -> {
          if (match.parent == doc) {
            throw bad(change, "cannot delete the root element");
          }
          match.parent.children.remove(match);
          match.parent = null;
        }
        case "modify" -> {
          CibElement result = change.firstElement("change-result")
              .flatMap(cr -> cr.elements().stream().findFirst()).orElse(null);
          if (result == null) {
            throw bad(change, "modify of " + path + " has no change-result element");
          }
          match.attrs.clear();
          for (int i = 0; i < result.attributeCount(); i++) {
            match.setAttr(result.attributeName(i), result.attributeValue(i));
          }
        }
        default -> throw bad(change, "unknown operation '" + op + "'");
      }
    }
    pending.sort(Comparator.comparingInt(Pending::position).thenComparingInt(Pending::order));
    for (Pending p : pending) {
      if (p.create) {
        CibElement content = p.change.children().isEmpty() ? null : p.change.children().get(0);
        if (content == null) {
          throw bad(p.change, "create at " + p.change.attributeOrNull("path") + " has no content");
        }
        MNode child = MNode.of(content);
        child.parent = p.match;
        int pos = Math.max(0, p.position);
        if (pos < p.match.children.size()) {
          p.match.children.add(pos, child);
        } else {
          p.match.children.add(child);
        }
      } else {
        MNode m = p.match;
        MNode parent = m.parent;
        if (parent == null) {
          throw bad(p.change, "cannot move the root element");
        }
        int current = parent.children.indexOf(m);
        int target = p.position;
        if (target != current) {
          parent.children.remove(current);
          if (target >= 0 && target < parent.children.size()) {
            parent.children.add(target, m);
          } else {
            parent.children.add(m);
          }
        }
        if (parent.children.indexOf(m) != target) {
          throw bad(p.change, "cannot move " + p.change.attributeOrNull("path") + " to position "
              + target + " of " + parent.children.size());
        }
      }
    }
    if (doc.children.size() != 1) {
      throw bad(diff, "the patch leaves no single root element");
    }
    return doc.children.get(0).toElement();
  }

  private static int intAttr(CibElement e, String name, int fallback) {
    String v = e.attributeOrNull(name);
    if (v == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException ex) {
      throw bad(e, "attribute " + name + "='" + v + "' is not an integer");
    }
  }

  private static CibParseException bad(CibElement change, String reason) {
    String where = "/diff/change" + (change.hasAttribute("operation")
        ? "[@operation='" + change.attributeOrNull("operation") + "']" : "");
    return new CibParseException(where, change.line(), reason);
  }

  /** Splits a patch path into steps {name, id-or-null}. */
  static List<String[]> steps(String path, CibElement change) {
    List<String[]> out = new ArrayList<>();
    int i = 0;
    int n = path.length();
    while (i < n) {
      if (path.charAt(i) != '/') {
        throw bad(change, "bad path '" + path + "' at character " + i);
      }
      i++;
      int start = i;
      while (i < n && path.charAt(i) != '/' && path.charAt(i) != '[') {
        i++;
      }
      String name = path.substring(start, i);
      String id = null;
      if (i < n && path.charAt(i) == '[') {
        String prefix = "[@id='";
        if (!path.startsWith(prefix, i)) {
          throw bad(change, "bad path '" + path + "': only [@id='...'] predicates are allowed");
        }
        int end = path.indexOf("']", i + prefix.length());
        if (end < 0) {
          throw bad(change, "bad path '" + path + "': unterminated predicate");
        }
        id = path.substring(i + prefix.length(), end);
        i = end + 2;
      }
      if (name.isEmpty()) {
        throw bad(change, "bad path '" + path + "': empty step");
      }
      out.add(new String[] {name, id});
    }
    return out;
  }

  /**
   * Finds the element a patch path names in a document, as {@link #apply} would.
   *
   * @param root the document root
   * @param path the path
   * @return the child indexes from the root, or null if nothing matches
   */
  public static int[] locate(CibElement root, String path) {
    MNode doc = new MNode("#document", null, -1);
    MNode r = MNode.of(root);
    r.parent = doc;
    doc.children.add(r);
    MNode m = search(doc, path, -1, root);
    if (m == null) {
      return null;
    }
    java.util.ArrayDeque<Integer> idx = new java.util.ArrayDeque<>();
    for (MNode n = m; n.parent != doc; n = n.parent) {
      idx.push(n.parent.children.indexOf(n));
    }
    return idx.stream().mapToInt(Integer::intValue).toArray();
  }

  private static MNode search(MNode doc, String path, int position, CibElement change) {
    List<String[]> steps = steps(path, change);
    MNode target = doc;
    for (int s = 0; s < steps.size() && target != null; s++) {
      String name = steps.get(s)[0];
      String id = steps.get(s)[1];
      int pos = s == steps.size() - 1 ? position : -1;
      MNode found = null;
      for (int c = 0; c < target.children.size(); c++) {
        MNode child = target.children.get(c);
        if (!child.xmlName().equals(name)) {
          continue;
        }
        if (id != null && !id.equals(child.attr("id"))) {
          continue;
        }
        if (child.isComment() && pos >= 0 && c != pos) {
          continue;
        }
        found = child;
        break;
      }
      target = found;
    }
    return target;
  }
}
