package io.hablocks.cib.internal;

import io.hablocks.cib.CibElement;
import io.hablocks.cib.CibParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Computes a v2 patchset from one element tree to another, in the form Pacemaker's
 * {@code xml_apply_patchset} applies: deletes first (later siblings first, so comment positions
 * stay right), then modifies (with change-list and change-result), then creates and moves by
 * ascending position. Children are matched by name and id; an element without an id is matched
 * only when it is the first child of its name on both sides (the only one a path can reach);
 * comments by text. Children that keep their relative order stay; the rest move. When a child
 * cannot be addressed by a path, the nearest addressable element is replaced (delete + create).
 */
public final class PatchDiffer {

  private final List<CibElement> deletes = new ArrayList<>();
  private final List<CibElement> modifies = new ArrayList<>();
  private final List<CibElement[]> placed = new ArrayList<>();

  private PatchDiffer() {}

  /**
   * @param source the old root
   * @param target the new root
   * @return the {@code diff} element (format 2, with the version block), or one without changes
   *     when the trees are equal
   * @throws CibParseException if the roots differ in name or id
   */
  public static CibElement diff(CibElement source, CibElement target) {
    if (!source.name().equals(target.name())
        || !java.util.Objects.equals(source.attributeOrNull("id"), target.attributeOrNull("id"))) {
      throw new CibParseException("/" + target.name(), target.line(),
          "cannot diff documents with different roots (<" + source.name() + "> and <" + target.name() + ">)");
    }
    PatchDiffer d = new PatchDiffer();
    String rootPath = "/" + step(target);
    if (!d.element(source, target, rootPath)) {
      throw new CibParseException(rootPath, target.line(), "cannot express the change as a patchset");
    }
    CibElement.Builder diff = CibElement.builder("diff").attribute("format", "2");
    diff.child(CibElement.builder("version").child(version("source", source))
        .child(version("target", target)).build());
    for (int i = d.deletes.size() - 1; i >= 0; i--) {
      diff.child(d.deletes.get(i));
    }
    for (CibElement m : d.modifies) {
      diff.child(m);
    }
    List<CibElement[]> sorted = new ArrayList<>(d.placed);
    sorted.sort((a, b) -> Integer.compare(Integer.parseInt(a[0].attributeOrNull("position")),
        Integer.parseInt(b[0].attributeOrNull("position"))));
    for (CibElement[] p : sorted) {
      diff.child(p[0]);
    }
    return diff.build();
  }

  private static CibElement version(String which, CibElement root) {
    CibElement.Builder b = CibElement.builder(which);
    for (String f : new String[] {"admin_epoch", "epoch", "num_updates"}) {
      b.attribute(f, root.attribute(f, "1"));
    }
    return b.build();
  }

  private static String step(CibElement e) {
    if (e.isComment()) {
      return "comment";
    }
    String id = e.attributeOrNull("id");
    return id == null ? e.name() : e.name() + "[@id='" + id + "']";
  }

  /** Whether a path step of this child reaches it: the first child with its name (and id). */
  private static boolean addressable(List<CibElement> siblings, int index) {
    CibElement e = siblings.get(index);
    if (e.isComment()) {
      return true;
    }
    String id = e.attributeOrNull("id");
    if (id != null && id.indexOf('\'') >= 0) {
      return false;
    }
    for (int i = 0; i < index; i++) {
      CibElement s = siblings.get(i);
      if (!s.isComment() && s.name().equals(e.name())
          && (id == null || id.equals(s.attributeOrNull("id")))) {
        return false;
      }
    }
    // a real element named "comment" would be confused with comment nodes
    return !e.name().equals("comment");
  }

  private static boolean attributesDiffer(CibElement a, CibElement b) {
    if (a.attributeCount() != b.attributeCount()) {
      return true;
    }
    for (int i = 0; i < a.attributeCount(); i++) {
      if (!a.attributeName(i).equals(b.attributeName(i))
          || !a.attributeValue(i).equals(b.attributeValue(i))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Records the changes from {@code a} to {@code b} (a matched pair at {@code path}).
   *
   * @return false if the children cannot be expressed (the caller replaces this element)
   */
  private boolean element(CibElement a, CibElement b, String path) {
    int mark = modifies.size();
    int dmark = deletes.size();
    int pmark = placed.size();
    if (attributesDiffer(a, b)) {
      CibElement.Builder list = CibElement.builder("change-list");
      for (int i = 0; i < a.attributeCount(); i++) {
        if (!b.hasAttribute(a.attributeName(i))) {
          list.child(CibElement.builder("change-attr").attribute("name", a.attributeName(i))
              .attribute("operation", "unset").build());
        }
      }
      for (int i = 0; i < b.attributeCount(); i++) {
        String n = b.attributeName(i);
        String v = b.attributeValue(i);
        String old = a.attributeOrNull(n);
        boolean moved = old != null && (i >= a.attributeCount() || !a.attributeName(i).equals(n));
        if (old == null || !old.equals(v) || moved) {
          list.child(CibElement.builder("change-attr").attribute("name", n)
              .attribute("operation", "set").attribute("value", v).build());
        }
      }
      CibElement.Builder result = CibElement.builder(b.name());
      for (int i = 0; i < b.attributeCount(); i++) {
        result.attribute(b.attributeName(i), b.attributeValue(i));
      }
      modifies.add(CibElement.builder("change").attribute("operation", "modify")
          .attribute("path", path).child(list.build())
          .child(CibElement.builder("change-result").child(result.build()).build()).build());
    }
    if (sameChildren(a, b)) {
      return true;
    }
    if (!children(a, b, path)) {
      truncate(modifies, mark);
      truncate(deletes, dmark);
      truncate(placed, pmark);
      return false;
    }
    return true;
  }

  private static boolean sameChildren(CibElement a, CibElement b) {
    if (a.children().size() != b.children().size()) {
      return false;
    }
    for (int i = 0; i < a.children().size(); i++) {
      if (!a.children().get(i).equalsInOrder(b.children().get(i))) {
        return false;
      }
    }
    return true;
  }

  private static <T> void truncate(List<T> l, int size) {
    while (l.size() > size) {
      l.remove(l.size() - 1);
    }
  }

  private static String key(List<CibElement> siblings, int index, Map<String, Integer> counts) {
    CibElement e = siblings.get(index);
    String k;
    if (e.isComment()) {
      k = "#c:" + e.commentText().orElse("");
    } else {
      String id = e.attributeOrNull("id");
      k = id == null ? "n:" + e.name() : "i:" + e.name() + "\u0000" + id;
    }
    int n = counts.merge(k, 1, Integer::sum);
    return k + "\u0000" + n;
  }

  private boolean children(CibElement a, CibElement b, String path) {
    List<CibElement> oc = a.children();
    List<CibElement> nc = b.children();
    Map<String, Integer> oldIndex = new HashMap<>();
    Map<String, Integer> counts = new HashMap<>();
    for (int i = 0; i < oc.size(); i++) {
      String k = key(oc, i, counts);
      if (oc.get(i).isComment() || addressable(oc, i)) {
        oldIndex.put(k, i);
      }
    }
    counts.clear();
    int[] match = new int[nc.size()];
    boolean[] oldMatched = new boolean[oc.size()];
    Arrays.fill(match, -1);
    for (int j = 0; j < nc.size(); j++) {
      String k = key(nc, j, counts);
      Integer i = oldIndex.get(k);
      if (i != null && (nc.get(j).isComment() || addressable(nc, j))
          && oc.get(i).name().equals(nc.get(j).name())) {
        match[j] = i;
        oldMatched[i] = true;
      }
    }
    // an old child no path reaches cannot be deleted: the parent must be replaced
    for (int i = 0; i < oc.size(); i++) {
      if (!oldMatched[i] && !addressable(oc, i)) {
        return false;
      }
    }
    // recurse into matched elements; those that cannot be expressed become delete + create
    for (int j = 0; j < nc.size(); j++) {
      if (match[j] >= 0 && !nc.get(j).isComment()) {
        CibElement o = oc.get(match[j]);
        if (!o.equalsInOrder(nc.get(j))) {
          if (!element(o, nc.get(j), path + "/" + step(o))) {
            oldMatched[match[j]] = false;
            match[j] = -1;
          }
        }
      }
    }
    // the longest run of matched children already in order stays; the rest move
    boolean[] stay = longestIncreasing(match);
    boolean[] delete = new boolean[oc.size()];
    for (int i = 0; i < oc.size(); i++) {
      delete[i] = !oldMatched[i];
    }
    for (int j = 0; j < nc.size(); j++) {
      if (match[j] >= 0 && !stay[j] && nc.get(j).isComment()) {
        delete[match[j]] = true;
      }
    }
    // in index order here; the patch lists deletes in reverse, so positions stay valid
    for (int i = 0; i < oc.size(); i++) {
      if (delete[i]) {
        CibElement.Builder del = CibElement.builder("change").attribute("operation", "delete")
            .attribute("path", path + "/" + step(oc.get(i)));
        if (oc.get(i).isComment()) {
          del.attribute("position", Integer.toString(i));
        }
        deletes.add(del.build());
      }
    }
    for (int j = 0; j < nc.size(); j++) {
      CibElement n = nc.get(j);
      if (match[j] >= 0 && stay[j]) {
        continue;
      }
      if (match[j] >= 0 && !n.isComment()) {
        placed.add(new CibElement[] {CibElement.builder("change").attribute("operation", "move")
            .attribute("path", path + "/" + step(oc.get(match[j])))
            .attribute("position", Integer.toString(j)).build()});
        continue;
      }
      placed.add(new CibElement[] {CibElement.builder("change").attribute("operation", "create")
          .attribute("path", path).attribute("position", Integer.toString(j)).child(n).build()});
    }
    return true;
  }

  /** Marks the entries of a longest strictly increasing subsequence of the non-negative values. */
  private static boolean[] longestIncreasing(int[] v) {
    int n = v.length;
    int[] tails = new int[n];
    int[] tailIdx = new int[n];
    int[] prev = new int[n];
    int len = 0;
    for (int j = 0; j < n; j++) {
      if (v[j] < 0) {
        continue;
      }
      int lo = 0;
      int hi = len;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (tails[mid] < v[j]) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      tails[lo] = v[j];
      tailIdx[lo] = j;
      prev[j] = lo > 0 ? tailIdx[lo - 1] : -1;
      if (lo == len) {
        len++;
      }
    }
    boolean[] stay = new boolean[n];
    int j = len > 0 ? tailIdx[len - 1] : -1;
    while (j >= 0) {
      stay[j] = true;
      j = prev[j];
    }
    return stay;
  }
}
