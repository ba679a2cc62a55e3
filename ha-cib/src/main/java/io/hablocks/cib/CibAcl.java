package io.hablocks.cib;

import io.hablocks.cib.internal.PatchApplier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathExpressionException;
import javax.xml.xpath.XPathFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * A user's access to a CIB under its {@code acls} section, as Pacemaker 2.1.5 computes it: the
 * permissions of the {@code acl_target} named like the user and of the {@code acl_group}s the
 * user is in, through their roles, in order; each selects elements by {@code xpath}, by
 * {@code reference} (an id) or by {@code object-type}/{@code attribute}, and marks them (and what
 * is below them) read, write or deny. An element is readable or writable when the nearest marked
 * ancestor-or-self allows it and no deny comes first; unmarked means denied. "root",
 * "hacluster" and the empty user are not subject to ACLs.
 *
 * <pre>{@code
 * CibAcl acl = CibAcl.of(cib, "alice", Set.of());
 * Optional<CibElement> visible = acl.filterForRead(cib.root());
 * acl.checkWrite(cib, changed);   // throws CibAccessDeniedException naming the path
 * }</pre>
 */
public final class CibAcl {

  private static final int READ = 1;
  private static final int WRITE = 2;
  private static final int DENY = 4;

  private record Permission(int mode, String xpath) {}

  private final String user;
  private final boolean privileged;
  private final List<Permission> permissions;

  private CibAcl(String user, boolean privileged, List<Permission> permissions) {
    this.user = user;
    this.privileged = privileged;
    this.permissions = permissions;
  }

  /**
   * @param user a user name
   * @return whether the user bypasses ACLs (empty, "root", "hacluster")
   */
  public static boolean isPrivileged(String user) {
    return user == null || user.isEmpty() || user.equals("root") || user.equals("hacluster");
  }

  /**
   * The ACL of a user under a CIB's acls section.
   *
   * @param cib the CIB holding the acls
   * @param user the user
   * @param groups the groups the user is in (for {@code acl_group})
   * @return the ACL
   */
  public static CibAcl of(Cib cib, String user, Set<String> groups) {
    if (isPrivileged(user)) {
      return new CibAcl(user, true, List.of());
    }
    List<Permission> perms = new ArrayList<>();
    Optional<Acls> acls = cib.configuration().acls();
    if (acls.isPresent()) {
      for (CibElement child : acls.get().element().elements()) {
        String name = child.attribute("name").or(child::id).orElse(null);
        boolean target = child.name().equals("acl_target") || child.name().equals("acl_user");
        boolean group = child.name().equals("acl_group") && name != null && groups.contains(name);
        if ((target && user.equals(name)) || group) {
          collect(acls.get().element(), child, perms);
        }
      }
    }
    return new CibAcl(user, false, perms);
  }

  private static void collect(CibElement top, CibElement entry, List<Permission> out) {
    for (CibElement c : entry.elements()) {
      String tag = c.name().equals("acl_permission") ? c.attribute("kind", "") : c.name();
      switch (tag) {
        case "role", "role_ref" -> {
          String ref = c.attributeOrNull("id");
          for (CibElement r : top.elements("acl_role")) {
            if (ref != null && ref.equals(r.attributeOrNull("id"))) {
              collect(top, r, out);
              break;
            }
          }
        }
        case "read" -> add(c, READ, out);
        case "write" -> add(c, WRITE, out);
        case "deny" -> add(c, DENY, out);
        default -> {
          // unknown entries are ignored, as Pacemaker ignores them
        }
      }
    }
  }

  private static void add(CibElement c, int mode, List<Permission> out) {
    String tag = c.attribute("object-type").or(() -> c.attribute("tag")).orElse(null);
    String ref = c.attribute("reference").or(() -> c.attribute("ref")).orElse(null);
    String xpath = c.attributeOrNull("xpath");
    String attr = c.attributeOrNull("attribute");
    if (xpath == null) {
      if (tag == null && ref == null) {
        return;
      }
      String t = tag == null ? "*" : tag;
      if (ref != null && attr != null) {
        xpath = "//" + t + "[@id='" + ref + "' and @" + attr + "]";
      } else if (ref != null) {
        xpath = "//" + t + "[@id='" + ref + "']";
      } else if (attr != null) {
        xpath = "//" + t + "[@" + attr + "]";
      } else {
        xpath = "//" + t;
      }
    }
    out.add(new Permission(mode, xpath));
  }

  /** @return the user */
  public String user() {
    return user;
  }

  /** @return whether the user bypasses ACLs */
  public boolean privileged() {
    return privileged;
  }

  // ---- marking -----------------------------------------------------------------------------

  /** Flags by element index path ("" for the root, "0/2" for the root's first child's third). */
  private Map<String, Integer> flags(CibElement root) {
    Map<String, Integer> flags = new HashMap<>();
    if (permissions.isEmpty()) {
      return flags;
    }
    Document doc = toDom(root);
    XPathFactory xf = XPathFactory.newInstance();
    for (Permission p : permissions) {
      NodeList nl;
      try {
        nl = (NodeList) xf.newXPath().evaluate(p.xpath, doc, XPathConstants.NODESET);
      } catch (XPathExpressionException e) {
        continue; // Pacemaker logs and ignores a bad xpath
      }
      for (int i = 0; i < nl.getLength(); i++) {
        Object path = nl.item(i).getUserData("p");
        if (path != null) {
          flags.merge((String) path, p.mode, (a, b) -> a | b);
        }
      }
    }
    return flags;
  }

  private static Document toDom(CibElement root) {
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      Document d = f.newDocumentBuilder().newDocument();
      d.appendChild(dom(d, root, ""));
      return d;
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException("no DOM implementation", e);
    }
  }

  private static Node dom(Document d, CibElement e, String path) {
    if (e.isComment()) {
      return d.createComment(e.commentText().orElse(""));
    }
    Element el = d.createElement(e.name());
    for (int i = 0; i < e.attributeCount(); i++) {
      el.setAttribute(e.attributeName(i), e.attributeValue(i));
    }
    el.setUserData("p", path, null);
    for (int i = 0; i < e.children().size(); i++) {
      el.appendChild(dom(d, e.children().get(i), path.isEmpty() ? Integer.toString(i) : path + "/" + i));
    }
    return el;
  }

  private static boolean allows(int allowed, int requested) {
    if ((allowed & DENY) != 0) {
      return false;
    }
    if ((allowed & requested) == requested) {
      return true;
    }
    return requested == READ && (allowed & WRITE) != 0;
  }

  /** Walks up from a path: the first ancestor-or-self that allows decides; a deny first denies. */
  private static boolean check(Map<String, Integer> flags, String path, int mode) {
    String p = path;
    while (true) {
      int f = flags.getOrDefault(p, 0);
      if (allows(f, mode)) {
        return true;
      }
      if ((f & DENY) != 0) {
        return false;
      }
      if (p.isEmpty()) {
        return false;
      }
      int slash = p.lastIndexOf('/');
      p = slash < 0 ? "" : p.substring(0, slash);
    }
  }

  // ---- reading -----------------------------------------------------------------------------

  /**
   * What the user may read of a document: elements the user may not read lose their attributes
   * (but the id) and are dropped unless something readable is below them, as Pacemaker's
   * filtered copy does.
   *
   * @param root the document
   * @return the readable part, empty if nothing is readable
   */
  public Optional<CibElement> filterForRead(CibElement root) {
    if (privileged) {
      return Optional.of(root);
    }
    if (permissions.isEmpty()) {
      return Optional.empty();
    }
    Map<String, Integer> flags = flags(root);
    return Optional.ofNullable(purge(root, "", flags));
  }

  private static CibElement purge(CibElement e, String path, Map<String, Integer> flags) {
    if (e.isComment()) {
      return null;
    }
    if (allows(flags.getOrDefault(path, 0), READ)) {
      // denied parts below a readable element are still purged
      return purgeDenied(e, path, flags);
    }
    CibElement.Builder b = CibElement.builder(e.name()).line(e.line());
    e.id().ifPresent(id -> b.attribute("id", id));
    boolean any = false;
    for (int i = 0; i < e.children().size(); i++) {
      CibElement c = purge(e.children().get(i), join(path, i), flags);
      if (c != null) {
        b.child(c);
        any = true;
      }
    }
    return any ? b.build() : null;
  }

  private static CibElement purgeDenied(CibElement e, String path, Map<String, Integer> flags) {
    if (e.isComment()) {
      return e;
    }
    List<CibElement> kids = new ArrayList<>();
    boolean changed = false;
    for (int i = 0; i < e.children().size(); i++) {
      CibElement c = e.children().get(i);
      String cp = join(path, i);
      CibElement n = (flags.getOrDefault(cp, 0) & DENY) != 0 ? purge(c, cp, flags) : purgeDenied(c, cp, flags);
      if (n != c) {
        changed = true;
      }
      if (n != null) {
        kids.add(n);
      }
    }
    return changed ? e.withChildren(kids) : e;
  }

  private static String join(String path, int i) {
    return path.isEmpty() ? Integer.toString(i) : path + "/" + i;
  }

  /**
   * Whether the user may read the element at an index path.
   *
   * @param root the document
   * @param indexPath child indexes from the root
   * @return whether it is readable
   */
  public boolean canRead(CibElement root, int... indexPath) {
    if (privileged) {
      return true;
    }
    StringBuilder b = new StringBuilder();
    for (int i : indexPath) {
      if (b.length() > 0) {
        b.append('/');
      }
      b.append(i);
    }
    return check(flags(root), b.toString(), READ);
  }

  // ---- writing -----------------------------------------------------------------------------

  /**
   * Checks that the user may make a change: every element the patchset from {@code before} to
   * {@code after} modifies, deletes or moves must be writable in {@code before}, and every
   * element it creates must be created under a writable parent. The version attributes of
   * {@code cib} are exempt (the CIB manager sets them).
   *
   * @param before the CIB as it is
   * @param after the CIB the user wants
   * @throws CibAccessDeniedException naming the first element the user may not write
   */
  public void checkWrite(Cib before, Cib after) {
    if (privileged) {
      return;
    }
    CibElement a = before.root();
    CibElement b = after.root().toBuilder()
        .attribute("epoch", a.attribute("epoch", "0")).attribute("num_updates", a.attribute("num_updates", "0"))
        .attribute("admin_epoch", a.attribute("admin_epoch", "0")).build();
    Patchset p = Patchset.between(a, b);
    if (p.isEmpty()) {
      return;
    }
    Map<String, Integer> flags = flags(a);
    for (Patchset.Change c : p.changes()) {
      String path = c.path();
      int[] idx = PatchApplier.locate(a, path);
      if (idx == null) {
        throw new CibAccessDeniedException("user '" + user + "' may not write " + path);
      }
      String key = indexKey(idx);
      if (!check(flags, key, WRITE)) {
        String what = c.operation() == Patchset.Operation.CREATE ? "create under " : "write ";
        throw new CibAccessDeniedException("user '" + user + "' may not " + what + path);
      }
    }
  }

  private static String indexKey(int[] idx) {
    StringBuilder b = new StringBuilder();
    for (int i : idx) {
      if (b.length() > 0) {
        b.append('/');
      }
      b.append(i);
    }
    return b.toString();
  }

  @Override
  public String toString() {
    return "CibAcl{" + user + (privileged ? ", privileged" : ", " + permissions.size() + " permissions") + "}";
  }
}
