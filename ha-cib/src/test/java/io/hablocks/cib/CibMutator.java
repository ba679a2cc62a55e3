package io.hablocks.cib;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Random edits of an element tree for patchset tests: attributes, elements, comments, moves. */
final class CibMutator {

  private final Random rnd;
  private int serial;

  CibMutator(long seed) {
    this.rnd = new Random(seed);
  }

  /** @return a copy with 1 to {@code maxEdits} random edits and a higher epoch */
  CibElement mutate(CibElement root, int maxEdits) {
    CibElement r = root;
    int edits = 1 + rnd.nextInt(maxEdits);
    for (int i = 0; i < edits; i++) {
      r = edit(r);
    }
    long epoch = Long.parseLong(r.attribute("epoch", "0"));
    return r.withAttribute("epoch", Long.toString(epoch + 1)).withAttribute("num_updates", "0");
  }

  private CibElement edit(CibElement root) {
    List<int[]> paths = new ArrayList<>();
    collect(root, new int[0], paths);
    int[] path = paths.get(rnd.nextInt(paths.size()));
    CibElement target = at(root, path);
    int kind = rnd.nextInt(8);
    CibElement changed;
    switch (kind) {
      case 0 -> changed = target.withAttribute("x-mut-" + (serial++), "v" + rnd.nextInt(1000));
      case 1 -> {
        String name = pickAttribute(target);
        changed = name == null ? target.withAttribute("x-mut-" + (serial++), "a")
            : target.withAttribute(name, target.attribute(name, "") + "-changed");
      }
      case 2 -> {
        String name = pickAttribute(target);
        changed = name == null ? target : target.withoutAttribute(name);
      }
      case 3 -> {
        if (path.length == 0) {
          return root;
        }
        int[] parentPath = java.util.Arrays.copyOf(path, path.length - 1);
        CibElement parent = at(root, parentPath);
        return replace(root, parentPath, parent.withoutChild(path[path.length - 1]));
      }
      case 4 -> {
        CibElement add = CibElement.builder("nvpair").attribute("id", "mut-" + (serial++))
            .attribute("name", "n" + rnd.nextInt(100)).attribute("value", "v").build();
        if (rnd.nextInt(3) == 0) {
          add = CibElement.builder("meta_attributes").attribute("id", "mut-" + (serial++))
              .child(add.withAttribute("id", "mut-" + (serial++))).build();
        }
        changed = target.withChildAt(rnd.nextInt(target.children().size() + 1), add);
      }
      case 5 -> changed = target.withChildAt(rnd.nextInt(target.children().size() + 1),
          CibElement.comment(" mutated " + (serial++) + " "));
      case 6 -> {
        int n = target.children().size();
        if (n < 2) {
          return root;
        }
        int from = rnd.nextInt(n);
        int to = rnd.nextInt(n);
        CibElement moved = target.children().get(from);
        changed = target.withoutChild(from).withChildAt(to, moved);
      }
      default -> {
        // reorder attributes (rotate by one)
        if (target.attributeCount() < 2) {
          return root;
        }
        CibElement.Builder b = target.toBuilder().clearAttributes();
        for (int i = 1; i <= target.attributeCount(); i++) {
          int k = i % target.attributeCount();
          b.attribute(target.attributeName(k), target.attributeValue(k));
        }
        changed = b.build();
      }
    }
    return replace(root, path, changed);
  }

  private String pickAttribute(CibElement e) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < e.attributeCount(); i++) {
      String n = e.attributeName(i);
      if (!n.equals("id") && !n.equals("epoch") && !n.equals("admin_epoch") && !n.equals("num_updates")
          && !n.equals("crm_feature_set")) {
        names.add(n);
      }
    }
    return names.isEmpty() ? null : names.get(rnd.nextInt(names.size()));
  }

  private static void collect(CibElement e, int[] path, List<int[]> out) {
    out.add(path);
    for (int i = 0; i < e.children().size(); i++) {
      if (!e.children().get(i).isComment()) {
        int[] p = java.util.Arrays.copyOf(path, path.length + 1);
        p[path.length] = i;
        collect(e.children().get(i), p, out);
      }
    }
  }

  static CibElement at(CibElement root, int[] path) {
    CibElement e = root;
    for (int i : path) {
      e = e.children().get(i);
    }
    return e;
  }

  static CibElement replace(CibElement root, int[] path, CibElement with) {
    if (path.length == 0) {
      return with;
    }
    int[] parentPath = java.util.Arrays.copyOf(path, path.length - 1);
    CibElement parent = at(root, parentPath);
    return replace(root, parentPath, parent.withChildReplaced(path[path.length - 1], with));
  }
}
